// The figures of issue 12 about the shape of src/, from the same dependency-cruiser graph the lint
// judges (tests left out): imports from a lower layer into a higher one, cycles between feature
// folders, cross-feature queries.ts imports, and how long the files are.
//
//   npm run deps:report [-- --root DIR]     (DIR: another checkout, e.g. an older commit)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { cruiseSources, featureCycles, featureGraph, featureOf, localEdges, mutualPairs, type FeatureGraph, type ImportEdge } from './dependency-graph.ts';

// Lowest first. The composition root (src/*.ts) sits on top; the web app is a separate program.
const LAYERS = ['lib', 'db', 'http', 'features', 'root'] as const;
type Layer = (typeof LAYERS)[number];
// Tables of translated text: long by nature, excepted from the 300-line limit.
const LOCALE_TABLES = [/\/locales\//, /\/texts\.ts$/, /\/wording\.ts$/];

const { values } = parseArgs({ options: { root: { type: 'string', default: '.' } } });
const root = resolve(values.root);

function layerOf(path: string): Layer | undefined {
  if (/^src\/[^/]+\.tsx?$/.test(path)) return 'root';
  const folder = /^src\/([^/]+)\//.exec(path)?.[1];
  return LAYERS.find((layer) => layer === folder);
}

function isUpward(edge: ImportEdge): boolean {
  const from = layerOf(edge.from);
  const to = layerOf(edge.to);
  return from !== undefined && to !== undefined && LAYERS.indexOf(to) > LAYERS.indexOf(from) && (to === 'features' || to === 'root');
}

/** Every simple cycle of the feature graph (a small graph: a plain search from each start). */
function simpleCycles(graph: FeatureGraph): number {
  const nodes = [...graph.keys()].sort();
  let count = 0;
  for (const [startIndex, start] of nodes.entries()) {
    const onPath = new Set<string>([start]);
    const walk = (node: string): void => {
      for (const target of graph.get(node)!.keys()) {
        if (target === start) count += 1;
        else if (nodes.indexOf(target) > startIndex && !onPath.has(target)) {
          onPath.add(target);
          walk(target);
          onPath.delete(target);
        }
      }
    };
    walk(start);
  }
  return count;
}

const typeOnlyNote = (edges: ImportEdge[]): string => {
  const typeOnly = edges.filter((edge) => edge.typeOnly).length;
  return typeOnly > 0 ? ` (${typeOnly} type-only)` : '';
};

const edges = localEdges((await cruiseSources(root)).modules);
const graph = featureGraph(edges);
const out: string[] = [`Shape of ${join(root, 'src')} (non-test files; dependency-cruiser with .dependency-cruiser.mjs)`, ''];

const upward = edges.filter(isUpward);
out.push(`Upward imports (lib < db < http < features < root): ${upward.length}${typeOnlyNote(upward)}`);
const byLayers = new Map<string, ImportEdge[]>();
for (const edge of upward) {
  const key = `${layerOf(edge.from)} -> ${layerOf(edge.to)}`;
  byLayers.set(key, [...(byLayers.get(key) ?? []), edge]);
}
for (const [key, group] of [...byLayers].sort()) {
  out.push(`  ${key}: ${group.length}${typeOnlyNote(group)}`);
  for (const edge of group) out.push(`    ${edge.from} -> ${edge.to}${edge.typeOnly ? ' (type only)' : ''}`);
}

out.push('', `Feature imports (a -> b: files of b imported), ${graph.size} feature folders:`);
for (const [from, targets] of [...graph].sort()) {
  if (targets.size === 0) continue;
  const parts = [...targets].sort().map(([to, group]) => {
    const files = [...new Set(group.map((edge) => edge.to.slice(`src/features/${to}/`.length).replace(/\.ts$/, '')))].sort();
    return `${to}/${files.length > 1 ? `{${files.join(',')}}` : files[0]}`;
  });
  out.push(`  ${from} -> ${parts.join(', ')}`);
}

const components = featureCycles(graph);
const pairs = mutualPairs(graph);
out.push('', `Feature cycles: ${components.length} group(s) of folders that reach each other, ${simpleCycles(graph)} simple cycle(s)`);
for (const component of components) out.push(`  ${component.join(', ')}`);
out.push(`Pairs importing each other: ${pairs.length}`);
for (const [a, b] of pairs) out.push(`  ${a} <-> ${b}`);

const foreignQueries = edges
  .filter((edge) => {
    const from = featureOf(edge.from);
    const to = featureOf(edge.to);
    return from !== undefined && to !== undefined && from !== to && /\/queries\.ts$/.test(edge.to);
  })
  .sort((a, b) => `${a.from} ${a.to}`.localeCompare(`${b.from} ${b.to}`));
out.push('', `Cross-feature queries.ts imports: ${foreignQueries.length}${typeOnlyNote(foreignQueries)}`);
for (const edge of foreignQueries) out.push(`  ${edge.from} -> ${edge.to}${edge.typeOnly ? ' (type only)' : ''}`);

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : codeFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}
const files = codeFiles(join(root, 'src')).map((path) => ({
  path: relative(root, path).split(sep).join('/'),
  lines: readFileSync(path, 'utf8').split('\n').length - 1,
}));
const BUCKETS: [string, (lines: number) => boolean][] = [
  ['0-100', (lines) => lines <= 100],
  ['101-200', (lines) => lines > 100 && lines <= 200],
  ['201-300', (lines) => lines > 200 && lines <= 300],
  ['>300', (lines) => lines > 300],
];
out.push('', 'Files of src/ by lines (.ts/.tsx; web/dist left out):', `  ${'lines'.padEnd(9)}${'code'.padStart(6)}${'tests'.padStart(7)}`);
const isTest = (path: string): boolean => /\.test\.tsx?$/.test(path);
for (const [name, fits] of BUCKETS) {
  const inBucket = files.filter((file) => fits(file.lines));
  out.push(`  ${name.padEnd(9)}${String(inBucket.filter((file) => !isTest(file.path)).length).padStart(6)}${String(inBucket.filter((file) => isTest(file.path)).length).padStart(7)}`);
}
const code = files.filter((file) => !isTest(file.path));
out.push(`  code files: ${code.length}, ${code.filter((file) => file.lines <= 200).length} of them at most 200 lines`);
out.push('  over 300 lines:');
for (const file of files.filter((candidate) => candidate.lines > 300).sort((a, b) => b.lines - a.lines)) {
  const marks = [LOCALE_TABLES.some((pattern) => pattern.test(file.path)) ? 'locale table' : '', isTest(file.path) ? 'test' : ''].filter(Boolean);
  out.push(`    ${String(file.lines).padStart(5)} ${file.path}${marks.length > 0 ? ` (${marks.join(', ')})` : ''}`);
}

console.log(out.join('\n'));
