// The other side of section 3's lower bound: how few repeats an offline regrouping of the same year
// reaches. It keeps every session that took place with its size, and only swaps two people between
// sessions of the same module in the same week, where each accepts the other's time and has nothing
// else then — the freedom the bound allows, and no more. Whatever it finds is a schedule that exists,
// so the best possible lies between the bound and this figure; self-service, which seats people one
// at a time without knowing who comes next, can only be compared fairly against that range.
import { mulberry32, WEEK, DURATION, type Plan } from './mixing-year-model.ts';

export interface Regrouped { repeats: number; swaps: number; elapsedMs: number }

/** Simulated annealing over swaps within (module, week), cooling to the end of `budgetMs`. */
export function regroup(plan: Plan, held: Plan['sessions'], seats: number[][], budgetMs: number, seed = 7): Regrouped {
  const started = performance.now();
  const random = mulberry32(seed);
  const n = plan.persons.length;
  const groups = held.map((s) => [...seats[s.id]!]);
  const windows = new Map<number, number[]>();
  held.forEach((s, i) => {
    if (groups[i]!.length === 0) return;
    const key = s.module * 1000 + Math.floor(s.start / WEEK);
    (windows.get(key) ?? windows.set(key, []).get(key)!).push(i);
  });
  const swappable = [...windows.values()].filter((w) => w.length > 1);
  const starts = plan.persons.map(() => [] as number[]);
  groups.forEach((g, i) => { for (const p of g) starts[p]!.push(held[i]!.start); });
  const count = new Map<number, number>();
  const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  let repeats = 0;
  for (const g of groups) {
    for (let i = 0; i < g.length; i++) {
      for (let j = i + 1; j < g.length; j++) {
        const k = key(g[i]!, g[j]!), c = count.get(k) ?? 0;
        if (c > 0) repeats++;
        count.set(k, c + 1);
      }
    }
  }
  if (swappable.length === 0) return { repeats, swaps: 0, elapsedMs: performance.now() - started };
  // Repeats p adds to group g (without `except`), counting how often p already met each member.
  const cost = (p: number, g: number[], except: number) => {
    let c = 0;
    for (const q of g) if (q !== p && q !== except && (count.get(key(p, q)) ?? 0) > 1) c++;
    return c;
  };
  const fits = (p: number, from: number, to: number) => {
    const s = held[to]!;
    if (!((plan.persons[p]!.accepts >> s.slot) & 1)) return false;
    return starts[p]!.every((t) => t === held[from]!.start || Math.abs(t - s.start) >= DURATION);
  };
  const move = (p: number, from: number, to: number) => {
    const a = groups[from]!, b = groups[to]!;
    a.splice(a.indexOf(p), 1);
    for (const q of a) { const k = key(p, q), c = count.get(k)! - 1; if (c > 0) repeats--; if (c === 0) count.delete(k); else count.set(k, c); }
    for (const q of b) { const k = key(p, q), c = count.get(k) ?? 0; if (c > 0) repeats++; count.set(k, c + 1); }
    b.push(p);
    const mine = starts[p]!;
    mine[mine.indexOf(held[from]!.start)] = held[to]!.start;
  };
  let swaps = 0, temperature = 1;
  for (let step = 0; ; step++) {
    if ((step & 1023) === 0) {
      const spent = (performance.now() - started) / budgetMs;
      if (spent >= 1 || repeats === 0) break;
      temperature = 0.7 * (1 - spent) + 0.01;
    }
    const w = swappable[Math.floor(random() * swappable.length)]!;
    const x = w[Math.floor(random() * w.length)]!, y = w[Math.floor(random() * w.length)]!;
    if (x === y) continue;
    const gx = groups[x]!, gy = groups[y]!;
    const p = gx[Math.floor(random() * gx.length)]!, q = gy[Math.floor(random() * gy.length)]!;
    if (!fits(p, x, y) || !fits(q, y, x)) continue;
    // Counts above 1 mean the pair meets again elsewhere too: leaving removes a repeat, joining adds one.
    const leave = cost(p, gx, -1) + cost(q, gy, -1);
    const join = (g: number[], p: number, except: number) => { let c = 0; for (const r of g) if (r !== except && count.has(key(p, r))) c++; return c; };
    const delta = join(gy, p, q) + join(gx, q, p) - leave;
    if (delta <= 0 || random() < Math.exp(-delta / temperature)) {
      move(p, x, y);
      move(q, y, x);
      swaps++;
    }
  }
  return { repeats: recount(n, groups), swaps, elapsedMs: performance.now() - started };
}

/** Counted afresh from the groups, so the figure does not rest on the search's own bookkeeping. */
function recount(n: number, groups: number[][]): number {
  const seen = new Set<number>();
  let repeats = 0;
  for (const g of groups) {
    for (let i = 0; i < g.length; i++) {
      for (let j = i + 1; j < g.length; j++) {
        const k = Math.min(g[i]!, g[j]!) * n + Math.max(g[i]!, g[j]!);
        if (seen.has(k)) repeats++;
        else seen.add(k);
      }
    }
  }
  return repeats;
}
