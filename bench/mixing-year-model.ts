// The in-memory year behind bench/mixing-year.ts: an organisation's people, their monthly sign-ups
// and the sessions planned for them, then one run of the self-service under a mixing rule. Only the
// rules that decide who ends up with whom are modelled, copied from the product:
// - the "new colleagues" order of src/features/sessions/queries.ts listWithMix (mixing/presenters.ts
//   mixRank): all new with two or more others first, then the emptier, then with someone known —
//   known meaning met (ever) or sharing another session not yet held (db/known-partners.ts);
// - the refusal of src/features/mixing/service.ts: someone met since now − N months holds a seat,
//   and alternativesWithoutRepeat (same module, starting in (now, now + slack weeks), a free seat,
//   not booked or clashing, empty or two or more others none met since then — one other booking
//   never counts) finds at least one other session;
// - the ledger of src/features/encounters: a pair is counted once the session has taken place.
import { HINT_MINIMUM_OTHERS, mixRank } from '../src/features/mixing/presenters.ts';

export type Variant = 'off' | 'recommend' | 'avoid_repeats' | 'block_without_slack';

export interface OrgShape {
  name: string;
  people: number;
  /** Unequal departments; each joined the programme in a wave (index into departmentWave). */
  departmentShares: number[];
  departmentWave: number[];
  seed: number;
}

export interface Rules {
  variant: Variant;
  repeatMonths: number;
  slackWeeks: number;
  /** Share of people who take the "new colleagues" order when the setting offers it. */
  followerShare: number;
  /** A what-if, not the product: the order also ranks a session by who its one other booking is,
   * which the privacy rule forbids (it would single that person out). Measures what the rule costs. */
  rankSingles?: boolean;
}

export const DAY = 24;
export const WEEK = 7 * DAY;
export const MONTH = (365.25 * DAY) / 12;
export const YEAR = 52 * WEEK;
export const CAPACITY = 4;
export const DURATION = 1.5;
const MODULES = 12;
const LOOKAHEAD = 4 * WEEK;
const MIN_NOTICE = 12;
const TARGET_FILL = 0.9;
const DAY_POP = [0.8, 1.1, 1.2, 1.1, 0.6];
const TIMES = [9, 11, 14, 16];
const TIME_POP = [0.8, 1.3, 1.2, 0.7];
const SLOTS = DAY_POP.length * TIMES.length;
const popularity = (slot: number) => DAY_POP[Math.floor(slot / TIMES.length)]! * TIME_POP[slot % TIMES.length]!;
// Who sets the sign-up moment: half react to their department's reminder within two days, the rest
// book whenever their own month comes round; a quarter accept only some times (shift, part time).
const BURST_SHARE = 0.5;
const RESTRICTED_SHARE = 0.25;
const CANCEL_SHARE = 0.05;
const RETRIES = 3;

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `leaning` below rules.followerShare: this person takes the "new colleagues" order when offered. */
export interface Person { dept: number; wave: number; accepts: number; leaning: number }
export interface Need { person: number; module: number; at: number }
export interface Session { id: number; module: number; start: number; slot: number }
export interface Plan { shape: OrgShape; persons: Person[]; needs: Need[]; sessions: Session[]; byModule: Session[][] }

function pick(random: () => number, weights: number[]): number {
  let r = random() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) < 0) return i;
  return weights.length - 1;
}

/** People, their needs (one a month, module by wave) and the sessions a planner would publish. */
export function planYear(shape: OrgShape): Plan {
  const random = mulberry32(shape.seed);
  const restrictions = [0b00110011001100110011, 0b11001100110011001100, 0b00001111000011110000]; // mornings, afternoons, Tue+Thu
  const persons: Person[] = [];
  for (let p = 0; p < shape.people; p++) {
    const dept = pick(random, shape.departmentShares);
    const accepts = random() < RESTRICTED_SHARE ? restrictions[dept % restrictions.length]! : (1 << SLOTS) - 1;
    persons.push({ dept, wave: shape.departmentWave[dept]!, accepts, leaning: random() });
  }
  const bursts = shape.departmentShares.map(() => Array.from({ length: 13 }, (_, k) => (k - 1 + random()) * MONTH));
  const needs: Need[] = [];
  persons.forEach((person, p) => {
    const phase = random();
    for (let k = -1; k < 12; k++) {
      const at = random() < BURST_SHARE ? bursts[person.dept]![k + 1]! + random() * 2 * DAY : (k + phase) * MONTH;
      // Waves start two months apart, so a module runs for one wave at a time and a wave is the
      // pool its people meet in (bookings reach 2 months at most: 1 to arrive, 4 weeks ahead).
      needs.push({ person: p, module: (((k + 2 * person.wave) % MODULES) + MODULES) % MODULES, at });
    }
  });
  // Sessions per module and week from the demand expected to land there, with ~10 % spare seats,
  // placed more often at popular times (planners follow demand, not perfectly).
  const weeks = Math.ceil((YEAR + 2 * LOOKAHEAD) / WEEK);
  const demand = Array.from({ length: MODULES }, () => new Float64Array(weeks));
  for (const need of needs) {
    const from = need.at + MIN_NOTICE, to = need.at + LOOKAHEAD;
    for (let w = Math.max(0, Math.floor(from / WEEK)); w < weeks && w * WEEK < to; w++) {
      demand[need.module]![w]! += (Math.min(to, (w + 1) * WEEK) - Math.max(from, w * WEEK)) / (to - from);
    }
  }
  const slotWeights = Array.from({ length: SLOTS }, (_, s) => popularity(s) ** 0.7);
  const sessions: Session[] = [];
  for (let m = 0; m < MODULES; m++) {
    for (let w = 0; w < weeks; w++) {
      const wanted = demand[m]![w]! / CAPACITY / TARGET_FILL;
      const n = Math.floor(wanted) + (random() < wanted % 1 ? 1 : 0);
      for (let i = 0; i < n; i++) {
        const slot = pick(random, slotWeights);
        const start = w * WEEK + Math.floor(slot / TIMES.length) * DAY + TIMES[slot % TIMES.length]!;
        sessions.push({ id: sessions.length, module: m, start, slot });
      }
    }
  }
  const byModule = Array.from({ length: MODULES }, (_, m) => sessions.filter((s) => s.module === m).sort((a, b) => a.start - b.start));
  return { shape, persons, needs, sessions, byModule };
}

export interface Outcome {
  /** Final seat holders per session id (the sessions took place as booked). */
  seats: number[][];
  /** When each of those seats was taken, in the same order. */
  takenAt: number[][];
  signUps: number;
  refusals: number;
  /** Monthly needs that ended without a seat after the retries. */
  unmet: number;
  /** People someone sat down beside at sign-up although they knew them (met, or sharing another
   * upcoming session), by why the order did not steer them away: they kept the time order; the
   * session had fewer others than the order ranks by who they are (the privacy rule); every session
   * that suited them had someone they knew; or, under avoid_repeats, the slack rule let it through. */
  knownJoined: Record<KnownCause, number>;
}

export type KnownCause = 'timeOrder' | 'belowHintMinimum' | 'noBetterSession' | 'slackRule';

interface Event { at: number; kind: 0 | 1 | 2; person: number; module: number; session: number; tries: number }

/** A binary heap by time; a session's end (kind 0) is counted before a sign-up at the same moment. */
class Queue {
  private items: Event[] = [];
  get size() { return this.items.length; }
  private less(a: Event, b: Event) { return a.at < b.at || (a.at === b.at && a.kind < b.kind); }
  push(e: Event) {
    const h = this.items;
    h.push(e);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }
  pop(): Event {
    const h = this.items, top = h[0]!, last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

/** One year of sign-ups under a rule; the same plan and seed give the same year. */
export function runYear(plan: Plan, rules: Rules, seed: number): Outcome {
  const random = mulberry32(seed);
  const { persons, sessions, byModule } = plan;
  const n = persons.length;
  const seats: number[][] = sessions.map(() => []);
  const takenAt: number[][] = sessions.map(() => []);
  const lastMet = new Map<number, number>(); // the ledger: pair → last session start
  const bookedStarts: number[][] = persons.map(() => []);
  const bookedSessions: number[][] = persons.map(() => []);
  const ended = new Uint8Array(sessions.length);
  const mixing = rules.variant !== 'off';
  const guarded = rules.variant === 'avoid_repeats' || rules.variant === 'block_without_slack';
  const out: Outcome = { seats, takenAt, signUps: 0, refusals: 0, unmet: 0, knownJoined: { timeOrder: 0, belowHintMinimum: 0, noBetterSession: 0, slackRule: 0 } };
  const queue = new Queue();
  for (const s of sessions) queue.push({ at: s.start + DURATION, kind: 0, person: -1, module: s.module, session: s.id, tries: 0 });
  for (const need of plan.needs) queue.push({ at: need.at, kind: 1, person: need.person, module: need.module, session: -1, tries: 0 });

  const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
  // db/known-partners.ts: met since `since`, or holding a seat beside p in another session not yet held.
  const sharesUpcoming = (p: number, q: number, except: number) =>
    bookedSessions[p]!.some((t) => t !== except && !ended[t] && seats[t]!.includes(q));
  const metSince = (p: number, s: Session, since: number) => {
    let met = 0;
    for (const q of seats[s.id]!) {
      if (q === p) continue;
      const last = lastMet.get(key(p, q));
      if ((last !== undefined && last >= since) || sharesUpcoming(p, q, s.id)) met++;
    }
    return met;
  };
  const clashes = (p: number, s: Session) => bookedStarts[p]!.some((t) => Math.abs(t - s.start) < DURATION);
  const window = (module: number, from: number, to: number) => {
    const list = byModule[module]!;
    let lo = 0, hi = list.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (list[mid]!.start <= from) lo = mid + 1; else hi = mid; }
    const found: Session[] = [];
    for (let i = lo; i < list.length && list[i]!.start <= to; i++) found.push(list[i]!);
    return found;
  };

  const signUp = (e: Event) => {
    const p = e.person, person = persons[p]!;
    const open = window(e.module, e.at + MIN_NOTICE, e.at + LOOKAHEAD).filter((s) =>
      s.id !== e.session && seats[s.id]!.length < CAPACITY && (person.accepts >> s.slot) & 1 && !clashes(p, s));
    // A weighted order of the sessions that suit (Efraimidis–Spirakis keys); a follower of the
    // "new colleagues" order takes the rank-0 ones first, as the list shows them.
    const keyed = open.map((s) => {
      const facts = { others: seats[s.id]!.length, met: metSince(p, s, -Infinity) };
      const ordered = mixing && person.leaning < rules.followerShare;
      const rank = !ordered ? 0 : rules.rankSingles ? (facts.met > 0 ? 3 : facts.others === 0 ? 1 : 0) : mixRank(facts);
      return { s, rank, key: Math.log(random()) / popularity(s.slot) };
    });
    keyed.sort((a, b) => a.rank - b.rank || b.key - a.key);
    const since = e.at - rules.repeatMonths * MONTH;
    let alternatives = -1;
    for (const { s } of keyed) {
      if (guarded && metSince(p, s, since) > 0) {
        if (rules.variant === 'block_without_slack') { out.refusals++; continue; }
        if (alternatives < 0) {
          alternatives = window(e.module, e.at, e.at + rules.slackWeeks * WEEK).filter((o) =>
            seats[o.id]!.length < CAPACITY && !seats[o.id]!.includes(p) && !clashes(p, o) && (seats[o.id]!.length === 0 || (seats[o.id]!.length >= HINT_MINIMUM_OTHERS && metSince(p, o, since) === 0))).length;
        }
        if (alternatives > 0) { out.refusals++; continue; }
      }
      const known = metSince(p, s, -Infinity);
      if (known > 0) {
        const cause: KnownCause = !(mixing && person.leaning < rules.followerShare) ? 'timeOrder'
          : seats[s.id]!.length < HINT_MINIMUM_OTHERS ? 'belowHintMinimum'
          : guarded && metSince(p, s, since) > 0 ? 'slackRule' : 'noBetterSession';
        out.knownJoined[cause] += known;
      }
      seats[s.id]!.push(p);
      takenAt[s.id]!.push(e.at);
      bookedStarts[p]!.push(s.start);
      bookedSessions[p]!.push(s.id);
      out.signUps++;
      if (random() < CANCEL_SHARE) queue.push({ ...e, at: e.at + random() * (s.start - e.at), kind: 2, session: s.id });
      return;
    }
    if (e.tries < RETRIES) queue.push({ ...e, at: e.at + 3 * DAY, tries: e.tries + 1 });
    else out.unmet++;
  };

  while (queue.size > 0) {
    const e = queue.pop();
    if (e.kind === 1) signUp(e);
    else if (e.kind === 2) {
      // A cancellation: half book another date of the module (not the one they left), half drop out.
      const s = sessions[e.session]!, list = seats[s.id]!;
      takenAt[s.id]!.splice(list.indexOf(e.person), 1);
      list.splice(list.indexOf(e.person), 1);
      const mine = bookedStarts[e.person]!;
      mine.splice(mine.indexOf(s.start), 1);
      bookedSessions[e.person]!.splice(bookedSessions[e.person]!.indexOf(s.id), 1);
      if (random() < 0.5) queue.push({ ...e, at: e.at + 1, kind: 1, tries: 0 });
      else out.unmet++;
    } else {
      const s = sessions[e.session]!, list = seats[s.id]!;
      ended[s.id] = 1;
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) lastMet.set(key(list[i]!, list[j]!), s.start);
    }
  }
  return out;
}
