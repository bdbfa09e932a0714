// The minimum-cost maximum flow by successive shortest paths: each round finds the cheapest way to
// send more from source to sink (Dijkstra on costs made non-negative by node potentials, Johnson's
// reweighting) and sends along every path that cheap; when no path is left the flow is maximal, and
// of all maximal flows the cheapest. The planner's costs are convex per unit (the second session of a
// day costs more than the first), so cheapest means spread.
import type { FlowNetwork } from './flow-network.ts';

export interface FlowOutcome {
  flow: number;
  cost: number;
  /** Shortest-path searches it took (each sends along every path of that length). */
  searches: number;
}

export function minCostMaxFlow(net: FlowNetwork, source: number, sink: number): FlowOutcome {
  const n = net.nodeCount;
  const { head, next, to, capacity, cost, flow } = net;
  // Every cost starts ≥ 0 (FlowNetwork refuses others), so zero potentials are valid at first.
  const potential = new Float64Array(n);
  const dist = new Float64Array(n);
  const heap = new MinHeap(net.edgeCount);
  const level = new Int32Array(n);
  const current = new Int32Array(n);
  const queue = new Int32Array(n);
  const reduced = (e: number, u: number) => cost[e]! + potential[u]! - potential[to[e]!]!;
  let sentInAll = 0;
  let costInAll = 0;
  let searches = 0;
  for (;;) {
    searches++;
    dist.fill(Infinity);
    dist[source] = 0;
    heap.clear();
    heap.push(0, source);
    while (heap.size > 0) {
      const d = heap.topKey();
      const u = heap.pop();
      if (d > dist[u]!) continue;
      if (u === sink) break; // every node nearer than the sink is settled; the rest need no exact distance
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        if ((capacity[e]! - flow[e]!) <= 0) continue;
        const v = to[e]!;
        const candidate = d + reduced(e, u);
        if (candidate < dist[v]!) {
          dist[v] = candidate;
          heap.push(candidate, v);
        }
      }
    }
    const toSink = dist[sink]!;
    if (toSink === Infinity) return { flow: sentInAll, cost: costInAll, searches };
    // Raising each potential by min(distance, distance to the sink) keeps every residual edge's reduced
    // cost ≥ 0, including those of nodes the search left unsettled; the shortest paths are now the
    // paths of edges whose reduced cost is 0.
    for (let v = 0; v < n; v++) potential[v]! += Math.min(dist[v]!, toSink);
    // Send along all of them at once, as Dinic does (levels over the tight edges, then a blocking flow):
    // a unit-capacity network has hundreds of equally short paths, and one search finds them all.
    level.fill(-1);
    level[source] = 0;
    let first = 0;
    let last = 0;
    queue[last++] = source;
    while (first < last) {
      const u = queue[first++]!;
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        const v = to[e]!;
        if (level[v] === -1 && (capacity[e]! - flow[e]!) > 0 && reduced(e, u) === 0) {
          level[v] = level[u]! + 1;
          queue[last++] = v;
        }
      }
    }
    for (let u = 0; u < n; u++) current[u] = head[u]!;
    for (let sent = send(source, Infinity); sent > 0; sent = send(source, Infinity)) sentInAll += sent;
  }

  function send(u: number, limit: number): number {
    if (u === sink) return limit;
    for (; current[u] !== -1; current[u] = next[current[u]!]!) {
      const e = current[u]!;
      const v = to[e]!;
      if (level[v] !== level[u]! + 1 || (capacity[e]! - flow[e]!) <= 0 || reduced(e, u) !== 0) continue;
      const sent = send(v, Math.min(limit, (capacity[e]! - flow[e]!)));
      if (sent > 0) {
        flow[e]! += sent;
        flow[e ^ 1]! -= sent;
        costInAll += sent * cost[e]!;
        return sent;
      }
    }
    return 0;
  }
}

/** A binary heap of (key, node), smallest key first; stale entries are skipped by the caller. */
class MinHeap {
  private keys: Float64Array;
  private values: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.values = new Int32Array(Math.max(16, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  topKey(): number {
    return this.keys[0]!;
  }

  push(key: number, value: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      const values = new Int32Array(this.size * 2);
      keys.set(this.keys);
      values.set(this.values);
      [this.keys, this.values] = [keys, values];
    }
    const { keys, values } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent]! <= key) break;
      keys[i] = keys[parent]!;
      values[i] = values[parent]!;
      i = parent;
    }
    keys[i] = key;
    values[i] = value;
  }

  pop(): number {
    const { keys, values } = this;
    const top = values[0]!;
    const size = --this.size;
    if (size === 0) return top;
    const lastKey = keys[size]!;
    const lastValue = values[size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && keys[child + 1]! < keys[child]!) child++;
      if (keys[child]! >= lastKey) break;
      keys[i] = keys[child]!;
      values[i] = values[child]!;
      i = child;
    }
    keys[i] = lastKey;
    values[i] = lastValue;
    return top;
  }
}
