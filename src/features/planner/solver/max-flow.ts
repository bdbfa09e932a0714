// Dinic's maximum flow: breadth-first levels from the source, then blocking flows along strictly
// rising levels. The planner runs it apart from the min-cost flow, so "the most any plan can place"
// is computed by a second algorithm, not taken from the plan itself.
import type { FlowNetwork } from './flow-network.ts';

export function maxFlow(net: FlowNetwork, source: number, sink: number): number {
  const n = net.nodeCount;
  const { head, next, to, capacity, flow } = net;
  const level = new Int32Array(n);
  const current = new Int32Array(n);
  const queue = new Int32Array(n);
  let total = 0;
  for (;;) {
    level.fill(-1);
    level[source] = 0;
    let first = 0;
    let last = 0;
    queue[last++] = source;
    while (first < last) {
      const u = queue[first++]!;
      for (let e = head[u]!; e !== -1; e = next[e]!) {
        const v = to[e]!;
        if (level[v] === -1 && (capacity[e]! - flow[e]!) > 0) {
          level[v] = level[u]! + 1;
          queue[last++] = v;
        }
      }
    }
    if (level[sink] === -1) return total;
    for (let u = 0; u < n; u++) current[u] = head[u]!;
    for (let pushed = push(source, Infinity); pushed > 0; pushed = push(source, Infinity)) total += pushed;
  }

  function push(u: number, limit: number): number {
    if (u === sink) return limit;
    for (; current[u] !== -1; current[u] = next[current[u]!]!) {
      const e = current[u]!;
      const v = to[e]!;
      if (level[v] !== level[u]! + 1 || (capacity[e]! - flow[e]!) <= 0) continue;
      const pushed = push(v, Math.min(limit, (capacity[e]! - flow[e]!)));
      if (pushed > 0) {
        flow[e]! += pushed;
        flow[e ^ 1]! -= pushed;
        return pushed;
      }
    }
    return 0;
  }
}
