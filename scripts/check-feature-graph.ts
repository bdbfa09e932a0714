// No two feature folders may import each other, not even through a chain of other features and
// without any module cycle (bookings/service -> sessions/queries and sessions/service ->
// bookings/queries is no module cycle, yet the two folders can no longer be read apart).
// dependency-cruiser judges modules, so this script folds its graph into features and looks for
// cycles (Tarjan). Feature imports that already closed a cycle when the rule arrived are listed in
// scripts/known-feature-cycle-edges.json; any cycle left without them fails.
//
//   node scripts/check-feature-graph.ts [--root DIR] [--write-known]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cruiseSources, featureCycles, featureGraph, localEdges, oneCycle, type FeatureGraph } from './dependency-graph.ts';

const KNOWN_FILE = 'scripts/known-feature-cycle-edges.json';

const { values } = parseArgs({ options: { root: { type: 'string', default: '.' }, 'write-known': { type: 'boolean', default: false } } });
const root = resolve(values.root);
const knownPath = join(root, KNOWN_FILE);

const graph = featureGraph(localEdges((await cruiseSources(root)).modules));
const edgeName = (from: string, to: string): string => `${from} -> ${to}`;

if (values['write-known']) {
  // Every import between two features of one cycle: removing all of them breaks every cycle.
  const known: string[] = [];
  for (const component of featureCycles(graph)) {
    for (const from of component) for (const to of graph.get(from)!.keys()) if (component.includes(to)) known.push(edgeName(from, to));
  }
  mkdirSync(dirname(knownPath), { recursive: true });
  writeFileSync(knownPath, `${JSON.stringify(known.sort(), null, 2)}\n`);
  console.log(`${known.length} feature imports inside cycles written to ${KNOWN_FILE}`);
  process.exit(0);
}

const known = new Set<string>(existsSync(knownPath) ? (JSON.parse(readFileSync(knownPath, 'utf8')) as string[]) : []);
const judged: FeatureGraph = new Map(
  [...graph].map(([from, targets]) => [from, new Map([...targets].filter(([to]) => !known.has(edgeName(from, to))))]),
);

const cycles = featureCycles(judged);
const gone = [...known].filter((name) => {
  const [from, to] = name.split(' -> ');
  return !graph.get(from!)?.has(to!);
});
if (gone.length > 0) console.log(`No longer imported (drop from ${KNOWN_FILE} with --write-known): ${gone.join(', ')}`);

if (cycles.length === 0) {
  console.log(`feature graph: no cycles between ${graph.size} feature folders${known.size > 0 ? ` (${known.size} known imports set aside)` : ''}`);
  process.exit(0);
}
for (const component of cycles) {
  const path = oneCycle(judged, component);
  console.error(`feature cycle: ${path.join(' -> ')}`);
  for (let step = 0; step + 1 < path.length; step += 1) {
    for (const edge of judged.get(path[step]!)!.get(path[step + 1]!)!) {
      console.error(`  ${edge.from} -> ${edge.to}${edge.typeOnly ? ' (type only)' : ''}`);
    }
  }
}
console.error(`${cycles.length} feature cycle(s): two feature folders must not import each other. Move the shared piece to its owner or a named module, or hand it over through an outbox row or a job.`);
process.exit(1);
