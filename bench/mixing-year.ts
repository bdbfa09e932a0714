// npm run bench:mixing, section 3 — a simulated year of self-service under each mixing setting, for
// an organisation of 3,000 people and one of 300. In memory, not through the database: a year of
// 3,000 people's sign-ups through the real service would take hours, and what is measured here is
// the rules, not their speed. The rules mirror the product exactly where they decide who sits with
// whom (src/features/mixing/service.ts, the "new colleagues" order of listWithMix in
// src/features/sessions/queries.ts, the encounters ledger); bench/mixing-year-model.ts holds them
// and the organisation model. `npx node bench/mixing-year.ts` prints this section alone.
import { fileURLToPath } from 'node:url';
import { CAPACITY, DURATION, MONTH, YEAR, WEEK, planYear, runYear, type KnownCause, type OrgShape, type Plan, type Variant } from './mixing-year-model.ts';
import { regroup } from './mixing-year-regroup.ts';

export interface YearOptions {
  seed?: number;
  /** Share of people who sort by "new colleagues" where the setting offers it (default 0.6). */
  followerShare?: number;
  repeatMonths?: number;
  slackWeeks?: number;
  /** Search time for the offline regrouping of each row (default 2 s). */
  regroupMs?: number;
}

/** A setting as run: the product's (goals are checked on these) or a what-if beside them. */
export interface Run { label: string; variant: Variant; repeatMonths: number; followerShare: number; whatIf: boolean; rankSingles?: boolean; slackWeeks?: number }

export interface VariantFigures {
  label: string;
  variant: Variant;
  /** Over sessions that took place in weeks 0–51: a pair meeting k times counts k − 1. */
  repeats: number;
  /** Of those, repeats within repeatMonths of the pair's previous meeting (what avoid_repeats targets). */
  repeatsWithinMonths: number;
  /** Of those, repeats whose earlier meeting had not yet taken place when the later seat was taken. */
  repeatsUnseen: number;
  lowerBound: number;
  /** Repeats of the best regrouping of the same sessions found offline: the best possible lies in [lowerBound, offline]. */
  offline: number;
  seatsOffered: number;
  seatsTaken: number;
  fill: number;
  refusals: number;
  unmetNeeds: number;
  /** Known people sat beside at sign-up, by why the order did not steer away (mixing-year-model.ts). */
  knownJoined: Record<KnownCause, number>;
}

export interface GoalCheck { org: string; goal: string; measured: string; target: string; met: boolean }

export interface OrgFigures { name: string; people: number; sessionsPerWeek: number; variants: VariantFigures[] }

export interface YearReport { assumptions: string[]; orgs: OrgFigures[]; goals: GoalCheck[]; notes: string[]; elapsedMs: number }

// Departments join the programme in waves and a wave takes the modules together, so a wave is the
// pool its people meet in: 1,080 down to 240 people in the large organisation, 108 down to 24 in
// the small one — there the smallest waves cannot fill 36 meetings a year with new people.
const SHARES = [0.26, 0.19, 0.15, 0.12, 0.1, 0.08, 0.06, 0.04];
const WAVES = [0, 1, 2, 3, 0, 4, 5, 5];
const ORGS: OrgShape[] = [
  { name: 'large (3,000)', people: 3000, departmentShares: SHARES, departmentWave: WAVES, seed: 3000 },
  { name: 'small (300)', people: 300, departmentShares: SHARES, departmentWave: WAVES, seed: 300 },
];

function figures(plan: Plan, run: Run, options: Required<YearOptions>): VariantFigures {
  const outcome = runYear(plan, { ...run, slackWeeks: run.slackWeeks ?? options.slackWeeks }, options.seed);
  const held = plan.sessions.filter((s) => s.start >= 0 && s.start < YEAR).sort((a, b) => a.start - b.start);
  const n = plan.persons.length;
  const last = new Map<number, number>();
  let repeats = 0, within = 0, unseen = 0, taken = 0;
  for (const s of held) {
    const seats = outcome.seats[s.id]!, at = outcome.takenAt[s.id]!;
    taken += seats.length;
    for (let i = 0; i < seats.length; i++) {
      for (let j = i + 1; j < seats.length; j++) {
        const a = Math.min(seats[i]!, seats[j]!), b = Math.max(seats[i]!, seats[j]!), k = a * n + b;
        const before = last.get(k);
        if (before !== undefined) {
          repeats++;
          if (s.start - before < run.repeatMonths * MONTH) within++;
          if (before + DURATION > Math.max(at[i]!, at[j]!)) unseen++;
        }
        last.set(k, s.start);
      }
    }
  }
  const bound = lowerBound(plan, held, outcome.seats), offline = regroup(plan, held, outcome.seats, options.regroupMs).repeats;
  // A schedule that exists below the bound would prove the bound wrong, and every goal read against it.
  // The year as it happened is such a schedule too.
  if (bound > Math.min(offline, repeats)) throw new Error(`${run.label}: lower bound ${bound} above the ${Math.min(offline, repeats)} repeats of a schedule that exists`);
  return {
    label: run.label, variant: run.variant, repeats, repeatsWithinMonths: within, repeatsUnseen: unseen,
    lowerBound: bound, offline, seatsOffered: held.length * CAPACITY, seatsTaken: taken,
    fill: taken / (held.length * CAPACITY), refusals: outcome.refusals, unmetNeeds: outcome.unmet, knownJoined: outcome.knownJoined,
  };
}

/**
 * No schedule that keeps every session with its people count, every person in the same module and
 * week and at a time they accept can do better. Person p can meet no one but the people q of their
 * (module, week) windows with a session there that both accept (a_p of them), and meets m_p people
 * in all, counting a pair each time; so p repeats at least m_p − a_p, and each repeat is seen by
 * both of its pair. m_p is not fixed, but
 * - m_p ≥ Σ over p's windows of (smallest session there that p accepts − 1): a bound per person, and
 * - over a pool (people linked through shared windows) Σ m_p = Σ over its sessions of size·(size − 1)
 *   exactly, whoever sits where: a bound per pool.
 * Each pool contributes the larger of the two, halved and rounded up. Clashes with a person's other
 * sessions are ignored, so the true best is at least as bad.
 */
function lowerBound(plan: Plan, held: Plan['sessions'], seats: number[][]): number {
  interface Window { people: number[]; sessions: { slot: number; size: number }[]; meetings: number }
  const windows = new Map<number, Window>();
  const root = plan.persons.map((_, p) => p);
  const find = (p: number): number => (root[p] === p ? p : (root[p] = find(root[p]!)));
  for (const s of held) {
    const size = seats[s.id]!.length;
    if (size === 0) continue;
    const key = s.module * 1000 + Math.floor(s.start / WEEK);
    const w = windows.get(key) ?? { people: [], sessions: [], meetings: 0 };
    w.people.push(...seats[s.id]!);
    w.sessions.push({ slot: s.slot, size });
    w.meetings += size * (size - 1);
    windows.set(key, w);
  }
  const accepts = (p: number, slot: number) => ((plan.persons[p]!.accepts >> slot) & 1) === 1;
  const mine = plan.persons.map(() => [] as Window[]);
  for (const w of windows.values()) {
    for (const p of w.people) { mine[p]!.push(w); root[find(p)] = find(w.people[0]!); }
  }
  const pools = new Map<number, { perPerson: number; meetings: number; available: number }>();
  const pool = (p: number) => pools.get(find(p)) ?? pools.set(find(p), { perPerson: 0, meetings: 0, available: 0 }).get(find(p))!;
  for (const w of windows.values()) pool(w.people[0]!).meetings += w.meetings;
  mine.forEach((ws, p) => {
    if (ws.length === 0) return;
    let needed = 0;
    const met = new Set<number>();
    for (const w of ws) {
      // p sat in one of these, so at least one session of the window suits p.
      const suits = w.sessions.filter((s) => accepts(p, s.slot));
      needed += Math.min(...suits.map((s) => s.size)) - 1;
      for (const q of w.people) if (q !== p && suits.some((s) => accepts(q, s.slot))) met.add(q);
    }
    const into = pool(p);
    into.perPerson += Math.max(0, needed - met.size);
    into.available += met.size;
  });
  let bound = 0;
  for (const into of pools.values()) bound += Math.ceil(Math.max(into.perPerson, into.meetings - into.available) / 2);
  return bound;
}

export async function simulatedYear(options: YearOptions = {}): Promise<YearReport> {
  const started = performance.now();
  const o: Required<YearOptions> = { seed: 1, followerShare: 0.6, repeatMonths: 12, slackWeeks: 5, regroupMs: 2000, ...options };
  const orgs: OrgFigures[] = [];
  const goals: GoalCheck[] = [];
  const notes: string[] = [];
  for (const shape of ORGS) {
    const plan = planYear(shape);
    const run = (variant: Variant, label: string = variant, change: Partial<Run> = {}): Run =>
      ({ label, variant, repeatMonths: o.repeatMonths, followerShare: o.followerShare, whatIf: false, ...change });
    const runs = [
      run('off'), run('recommend'), run('avoid_repeats'),
      ...(shape.people <= 300 ? [run('block_without_slack')] : []),
      // What-ifs: the order as everyone's default; the memory of six months that was the default before migration 040.
      run('recommend', 'recommend, all sorted', { followerShare: 1, whatIf: true }),
      // What the privacy rule costs: the same order, also ranking sessions with one other booking by who it is.
      run('recommend', 'recommend, singles ranked', { rankSingles: true, whatIf: true }),
      run('recommend', 'all sorted, singles ranked', { followerShare: 1, rankSingles: true, whatIf: true }),
      run('avoid_repeats', 'avoid_repeats, 6 mo', { repeatMonths: 6, whatIf: true }),
      // The slack rule's price: a longer look ahead finds an alternative more often, so refuses more — fewer repeats, and
      // fewer seats taken by those who cannot make the alternatives' times (the product does not know who accepts which).
      run('avoid_repeats', 'avoid_repeats, 4 wk', { slackWeeks: 4, whatIf: true }),
      run('avoid_repeats', 'avoid_repeats, 6 wk', { slackWeeks: 6, whatIf: true }),
      run('avoid_repeats', 'avoid_repeats, 8 wk', { slackWeeks: 8, whatIf: true }),
    ];
    const all = runs.map((r) => figures(plan, r, o));
    const rows = all.filter((_, i) => !runs[i]!.whatIf);
    const weeks = plan.sessions.filter((s) => s.start >= 0 && s.start < YEAR).length / 52;
    orgs.push({ name: shape.name, people: shape.people, sessionsPerWeek: weeks, variants: all });
    const [off, rec, avoid, block] = rows as [VariantFigures, VariantFigures, VariantFigures, VariantFigures | undefined];
    const excess = (f: VariantFigures) => Math.max(0, f.repeats - f.lowerBound);
    const removed = excess(off) === 0 ? 1 : 1 - excess(rec) / excess(off);
    goals.push({ org: shape.name, goal: 'recommend removes repeats above the bound', measured: pct(removed), target: '≥ 90 %', met: removed >= 0.9 });
    const whatIfs = all.filter((f, i) => runs[i]!.whatIf && f.variant === 'recommend');
    notes.push(`${shape.name}: what-ifs of recommend remove ${whatIfs.map((f) => `${pct(excess(off) === 0 ? 1 : 1 - excess(f) / excess(off))} (${f.label})`).join(', ')} of off's repeats above the bound.`);
    const tolerance = avoid.lowerBound > 0 ? 0.05 * avoid.lowerBound : 0.05 * off.repeats;
    goals.push({
      org: shape.name, goal: 'avoid_repeats near the bound', measured: `${avoid.repeats} vs bound ${avoid.lowerBound}`,
      target: `≤ ${Math.floor(avoid.lowerBound + tolerance)}${avoid.lowerBound > 0 ? ' (bound + 5 %)' : ' (5 % of off: bound is 0)'}`,
      met: avoid.repeats <= avoid.lowerBound + tolerance,
    });
    for (const f of [rec, avoid]) {
      const delta = (f.fill - off.fill) * 100;
      goals.push({ org: shape.name, goal: `${f.variant} keeps seat fill`, measured: `${signed(delta)} points`, target: 'within ±2 points of off', met: Math.abs(delta) <= 2 });
    }
    // The issue names the hard block's loss of fill as what avoid_repeats must not do (its fill goal
    // above); the block is no setting of the product, so its own fill is reported, not checked.
    // Where the repeats come from: whom the order could not steer away from someone they knew, and why.
    for (const f of all.filter((f) => f.variant === 'recommend' && !f.label.includes('singles'))) {
      const k = f.knownJoined, total = k.timeOrder + k.belowHintMinimum + k.noBetterSession + k.slackRule;
      if (total === 0) continue;
      notes.push(`${shape.name}, ${f.label}: of ${total} known people sat beside at sign-up, ${pct(k.timeOrder / total)} by people keeping the time order, ` +
        `${pct(k.belowHintMinimum / total)} in a session with one other booking (which the order may not rank by who it is), ${pct(k.noBetterSession / total)} where every suiting session held someone known.`);
    }
    // The frontier the avoid_repeats goals sit on: each look-ahead trades repeats for seat fill.
    const looks = all.filter((f, i) => f.variant === 'avoid_repeats' && runs[i]!.repeatMonths === o.repeatMonths);
    notes.push(`${shape.name}, avoid_repeats by how far ahead the slack rule looks: ${looks.map((f, i) => `${runs.find((r) => r.label === f.label)!.slackWeeks ?? o.slackWeeks} weeks${i === 0 ? ' (the setting)' : ''} ${f.repeats} repeats at ${signed((f.fill - off.fill) * 100)} points of fill`).join('; ')}` +
      `${block ? `; no slack ${block.repeats} at ${signed((block.fill - off.fill) * 100)}` : ''}.`);
    if (block) notes.push(`${shape.name}: a block without the slack rule fills ${pct(block.fill)} of seats, ${pct(block.fill / off.fill)} of off's (the issue expects about a third).`);
  }
  const assumptions = [
    `Each person needs one session a month (13 sign-ups from month −1), booked 12 h to 4 weeks ahead; ${Math.round(o.followerShare * 100)} % follow the "new colleagues" order wherever mixing is not off (the sort exists under both settings).`,
    'Half sign up within 2 days of their department\'s monthly reminder, the rest at their own moment; a quarter accept only mornings, afternoons, or Tue/Thu (by department); choice is weighted by how popular a time is.',
    'Departments join in waves; a wave takes the same module each month (12 modules, 6 running at once); sessions per module-week planned from expected demand at 90 % fill, more often at popular times.',
    '5 % of bookings are cancelled before the session (half rebook another date); with no seat or every suiting session refused, a person retries after 3 days, 3 times, then goes without.',
    `avoid_repeats: refuse if someone met since now − ${o.repeatMonths} months holds a seat and ≥ 1 other session of the module in the next ${o.slackWeeks} weeks has a free seat and is empty or holds two or more others and no such person (one other booking never counts: the privacy rule), at any time of day (the product does not know who accepts which time).`,
    'Lower bound: no regrouping of the same sessions (same sizes) with everyone in the same module-week, at a time they accept, does better: per person, meetings needed (smallest session of each module-week they accept − 1) or, per pool, all meetings held, minus distinct people available (sharing a time both accept), halved. It ignores clashes and is computed on each setting\'s own attendances.',
    `Offline: the fewest repeats a search (simulated annealing, ${(o.regroupMs / 1000).toFixed(0)} s) finds by swapping two people between sessions of the same module-week where each accepts the other's time and has no clash — a schedule that exists, so the best possible lies between bound and offline. Self-service seats people one at a time, not knowing who comes next.`,
    'Goals read: recommend leaves ≤ 10 % of off\'s repeats above the bound; avoid_repeats ≤ bound + 5 %, or ≤ 5 % of off\'s repeats where the bound is 0; fill within 2 points of off. What-if rows are not product settings and are not checked.',
  ];
  return { assumptions, orgs, goals, notes, elapsedMs: performance.now() - started };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;

/** Prints the section; returns how many goals were missed (bench/mixing.ts sums them into its exit code). */
export function printYear(report: YearReport, log: (line?: string) => void = console.log): number {
  log('3. A simulated year of self-service (in memory; the product\'s rules, a modelled organisation)');
  for (const line of report.assumptions) log(`   - ${line}`);
  for (const org of report.orgs) {
    log();
    log(`   ${org.name}: ${org.sessionsPerWeek.toFixed(1)} sessions a week`);
    log(`   ${'setting'.padEnd(24)} ${'repeats'.padStart(8)} ${'recent'.padStart(7)} ${'unseen'.padStart(7)} ${'bound'.padStart(6)} ${'offline'.padStart(8)} ${'fill'.padStart(8)} ${'refusals'.padStart(9)} ${'unmet'.padStart(6)}`);
    for (const f of org.variants) {
      log(`   ${f.label.padEnd(24)} ${String(f.repeats).padStart(8)} ${String(f.repeatsWithinMonths).padStart(7)} ${String(f.repeatsUnseen).padStart(7)} ${String(f.lowerBound).padStart(6)} ${String(f.offline).padStart(8)} ${pct(f.fill).padStart(8)} ${String(f.refusals).padStart(9)} ${String(f.unmetNeeds).padStart(6)}`);
    }
  }
  log();
  log('   Goals');
  for (const g of report.goals) log(`   ${g.met ? '✓' : '✗'} ${g.org.padEnd(14)} ${g.goal.padEnd(44)} ${g.measured.padEnd(24)} ${g.target}`);
  for (const note of report.notes) log(`   · ${note}`);
  log(`   (${(report.elapsedMs / 1000).toFixed(1)} s)`);
  return report.goals.filter((g) => !g.met).length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  printYear(await simulatedYear());
}
