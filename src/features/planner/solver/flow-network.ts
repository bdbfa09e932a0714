// A directed graph with capacities and costs, stored for flow algorithms: every edge e has its
// reverse e ^ 1 (capacity 0, cost negated), so pushing flow on one opens the other in the residual
// graph. Typed arrays that grow by doubling rather than objects: a week of the benchmark is some
// 3,000 edges searched a thousand times, and the searches read nothing else.

export class FlowNetwork {
  /** Per node, its first edge (-1: none); edges of a node are chained through `next`. */
  head = new Int32Array(64);
  next = new Int32Array(256);
  to = new Int32Array(256);
  capacity = new Int32Array(256);
  cost = new Int32Array(256);
  flow = new Int32Array(256);
  private nodes = 0;
  private edges = 0;

  get nodeCount(): number {
    return this.nodes;
  }

  /** Edge ids run 0 … edgeCount − 1 (forward edges even, their reverses odd). */
  get edgeCount(): number {
    return this.edges;
  }

  addNode(): number {
    if (this.nodes === this.head.length) this.head = grown(this.head);
    this.head[this.nodes] = -1;
    return this.nodes++;
  }

  /** An edge from → to; returns its id (even). Capacities and costs are whole numbers, costs ≥ 0. */
  addEdge(from: number, to: number, capacity: number, cost = 0): number {
    if (!(cost >= 0) || !Number.isInteger(cost) || !Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`edge capacity ${capacity} and cost ${cost} must be whole numbers ≥ 0`);
    }
    if (this.edges + 2 > this.to.length) {
      this.next = grown(this.next);
      this.to = grown(this.to);
      this.capacity = grown(this.capacity);
      this.cost = grown(this.cost);
      this.flow = grown(this.flow);
    }
    const e = this.edges;
    this.link(from, to, capacity, cost);
    this.link(to, from, 0, -cost);
    return e;
  }

  private link(from: number, to: number, capacity: number, cost: number) {
    const e = this.edges++;
    this.to[e] = to;
    this.capacity[e] = capacity;
    this.cost[e] = cost;
    this.next[e] = this.head[from]!;
    this.head[from] = e;
  }

  from(edge: number): number {
    return this.to[edge ^ 1]!;
  }

  residual(edge: number): number {
    return this.capacity[edge]! - this.flow[edge]!;
  }

  push(edge: number, amount: number): void {
    this.flow[edge]! += amount;
    this.flow[edge ^ 1]! -= amount;
  }

  clearFlow(): void {
    this.flow.fill(0);
  }
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
