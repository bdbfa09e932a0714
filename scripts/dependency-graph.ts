// The import graph of src/ as dependency-cruiser sees it with the project's own configuration, and
// the feature-level view of it that the layer checks and the report share.
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IModule } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

// Always the repository's configuration, also when the cruise runs over another tree (a fixture, an
// old commit checked out elsewhere), so the rules that are judged are the ones the lint uses.
export const CONFIG_FILE = fileURLToPath(new URL('../.dependency-cruiser.mjs', import.meta.url));

export interface ImportEdge {
  from: string;
  to: string;
  typeOnly: boolean;
}

/** Cruises `<root>/src` with the project's rules; paths in the result are relative to root. */
export async function cruiseSources(root: string): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(CONFIG_FILE);
  const reported = await cruise(['src'], { ...options, baseDir: root, validate: true });
  if (typeof reported.output === 'string') throw new Error('dependency-cruiser returned text instead of a result');
  return reported.output;
}

/** Every import between two files of src/ (packages and Node's modules left out). */
export function localEdges(modules: IModule[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const module of modules) {
    if (!module.source.startsWith('src/')) continue;
    for (const dependency of module.dependencies) {
      if (!dependency.resolved.startsWith('src/')) continue;
      edges.push({ from: module.source, to: dependency.resolved, typeOnly: dependency.dependencyTypes.includes('type-only') });
    }
  }
  return edges;
}

/** The feature folder a path belongs to (`src/features/<name>/…`), or undefined. */
export function featureOf(path: string): string | undefined {
  return /^src\/features\/([^/]+)\//.exec(path)?.[1];
}

/** Feature -> features it imports, each with the files of the import (importer -> imported). */
export type FeatureGraph = Map<string, Map<string, ImportEdge[]>>;

export function featureGraph(edges: ImportEdge[]): FeatureGraph {
  const graph: FeatureGraph = new Map();
  for (const edge of edges) {
    const from = featureOf(edge.from);
    const to = featureOf(edge.to);
    if (from === undefined || to === undefined) continue;
    const targets = graph.get(from) ?? new Map<string, ImportEdge[]>();
    graph.set(from, targets);
    if (!graph.has(to)) graph.set(to, new Map());
    if (from === to) continue;
    targets.set(to, [...(targets.get(to) ?? []), edge]);
  }
  return graph;
}

/**
 * Tarjan's strongly connected components; a component of two or more features is a set of
 * folders that reach each other, i.e. at least one cycle. Sorted for stable output.
 */
export function featureCycles(graph: FeatureGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];

  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };

  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** One concrete cycle through a component, as a path that ends where it starts. */
export function oneCycle(graph: FeatureGraph, component: string[]): string[] {
  const members = new Set(component);
  const start = component[0]!;
  const path = [start];
  const seen = new Set([start]);
  const walk = (node: string): boolean => {
    for (const target of [...(graph.get(node)?.keys() ?? [])].sort()) {
      if (!members.has(target)) continue;
      if (target === start) {
        path.push(start);
        return true;
      }
      if (seen.has(target)) continue;
      seen.add(target);
      path.push(target);
      if (walk(target)) return true;
      path.pop();
    }
    return false;
  };
  walk(start);
  return path;
}

/** Pairs of features that import each other directly, as "a <-> b" with a < b. */
export function mutualPairs(graph: FeatureGraph): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [from, targets] of graph) {
    for (const to of targets.keys()) if (from < to && graph.get(to)?.has(from)) pairs.push([from, to]);
  }
  return pairs.sort((a, b) => `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`));
}
