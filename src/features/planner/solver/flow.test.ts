// The two flow algorithms on graphs whose optimum is known, and against exhaustive search on tiny
// random graphs (every integral flow enumerated).
import { describe, expect, test } from 'vitest';
import { seededRandom } from '../../mixing/solver/seeded-random.ts';
import { FlowNetwork } from './flow-network.ts';
import { maxFlow } from './max-flow.ts';
import { minCostMaxFlow } from './min-cost-flow.ts';

type Edge = [from: number, to: number, capacity: number, cost: number];

function networkOf(nodes: number, edges: Edge[]): FlowNetwork {
  const net = new FlowNetwork();
  for (let i = 0; i < nodes; i++) net.addNode();
  for (const [u, v, c, w] of edges) net.addEdge(u, v, c, w);
  return net;
}

function conserved(net: FlowNetwork, source: number, sink: number): boolean {
  for (let v = 0; v < net.nodeCount; v++) {
    if (v === source || v === sink) continue;
    let balance = 0;
    for (let e = net.head[v]!; e !== -1; e = net.next[e]!) balance += net.flow[e]!;
    if (balance !== 0) return false;
  }
  for (let e = 0; e < net.edgeCount; e += 2) if (net.flow[e]! < 0 || net.flow[e]! > net.capacity[e]!) return false;
  return true;
}

describe('known optima', () => {
  // CLRS figure 26.1: the maximum flow is 23.
  const clrs: Edge[] = [[0, 1, 16, 0], [0, 2, 13, 0], [1, 3, 12, 0], [2, 1, 4, 0], [2, 4, 14, 0], [3, 2, 9, 0], [3, 5, 20, 0], [4, 3, 7, 0], [4, 5, 4, 0]];

  test('Dinic finds the textbook maximum flow, 23', () => {
    const net = networkOf(6, clrs);
    expect(maxFlow(net, 0, 5)).toBe(23);
    expect(conserved(net, 0, 5)).toBe(true);
  });

  test('successive shortest paths find the same maximum', () => {
    const net = networkOf(6, clrs);
    expect(minCostMaxFlow(net, 0, 5).flow).toBe(23);
    expect(conserved(net, 0, 5)).toBe(true);
  });

  test('the cheapest maximum flow takes the cheap paths and only as much of the dear one as needed', () => {
    // Two units must cross; the cheap route holds one, the middle shortcut would save cost but
    // its own capacity is 1: costs 1+1, then 1+5 (or 5+1): 8 in all.
    const net = networkOf(4, [[0, 1, 1, 1], [0, 2, 1, 5], [1, 3, 1, 1], [2, 3, 1, 1], [1, 2, 1, 0]]);
    expect(minCostMaxFlow(net, 0, 3)).toMatchObject({ flow: 2, cost: 8 });
  });

  test('convex costs as parallel unit edges spread the flow: 4 units over two days cost 2 × (0 + 60)', () => {
    const net = new FlowNetwork();
    const [source, middle, monday, tuesday, sink] = [net.addNode(), net.addNode(), net.addNode(), net.addNode(), net.addNode()];
    net.addEdge(source, middle, 4);
    net.addEdge(middle, monday, 4);
    net.addEdge(middle, tuesday, 4);
    for (const day of [monday, tuesday]) for (let k = 0; k < 4; k++) net.addEdge(day, sink, 1, 60 * k);
    expect(minCostMaxFlow(net, source, sink)).toMatchObject({ flow: 4, cost: 120 });
  });

  test('an edge of no capacity carries nothing; refuses negative or fractional costs', () => {
    expect(maxFlow(networkOf(2, [[0, 1, 0, 0]]), 0, 1)).toBe(0);
    expect(() => networkOf(2, [[0, 1, 1, -1]])).toThrow(RangeError);
    expect(() => networkOf(2, [[0, 1, 1, 0.5]])).toThrow(RangeError);
  });
});

describe('tiny random graphs against every integral flow', () => {
  // Enumerates every assignment of 0…capacity to each edge, keeps those that conserve flow, and
  // takes the largest value and, among those, the lowest cost.
  function exhaustive(nodes: number, edges: Edge[]): { flow: number; cost: number } {
    let best = { flow: 0, cost: 0 };
    const flows = edges.map(() => 0);
    const visit = (i: number) => {
      if (i === edges.length) {
        const balance = Array<number>(nodes).fill(0);
        let cost = 0;
        edges.forEach(([u, v, , w], k) => {
          balance[u]! -= flows[k]!;
          balance[v]! += flows[k]!;
          cost += w * flows[k]!;
        });
        if (balance.some((b, v) => v !== 0 && v !== nodes - 1 && b !== 0)) return;
        const value = balance[nodes - 1]!;
        if (value > best.flow || (value === best.flow && cost < best.cost)) best = { flow: value, cost };
        return;
      }
      for (let f = 0; f <= edges[i]![2]; f++) {
        flows[i] = f;
        visit(i + 1);
      }
    };
    visit(0);
    return best;
  }

  test.each(Array.from({ length: 40 }, (_, seed) => [seed + 1]))('seed %i', (seed) => {
    const random = seededRandom(seed);
    const nodes = 4 + random.below(3);
    const edges: Edge[] = [];
    for (let k = 0; k < 8; k++) {
      const u = random.below(nodes - 1); // nothing leaves the sink
      let v = 1 + random.below(nodes - 1); // nothing enters the source
      if (v === u) v = nodes - 1;
      edges.push([u, v, 1 + random.below(2), random.below(6)]);
    }
    const expected = exhaustive(nodes, edges);
    expect(maxFlow(networkOf(nodes, edges), 0, nodes - 1)).toBe(expected.flow);
    const net = networkOf(nodes, edges);
    expect(minCostMaxFlow(net, 0, nodes - 1)).toMatchObject(expected);
    expect(conserved(net, 0, nodes - 1)).toBe(true);
  });
});
