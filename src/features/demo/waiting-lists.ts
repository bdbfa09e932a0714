// People in line for some of the demo's full sessions, so a full session shows "Join the waiting
// list" beside a line that already exists, and Emma (employee@) sees her place in one on "My
// sessions". They join after the session's last seat was taken, as a real line forms; the line is
// the product's own (features/waiting-list): a seat given up in the demo goes to its first person.
import type { NewBookingRow, NewWaitlistRow } from './queries.ts';
import { int, shuffled, type Person, type Planned, type Rand } from './planning.ts';

const HOUR = 3_600_000;
// A line closes at the cancellation cut-off (2 hours by default); the demo's lines stand well before.
const AT_LEAST_AHEAD = 2 * 24 * HOUR;
const LINES = 8;

export function planWaits(rand: Rand, orgId: string, now: Date, people: Person[], sessions: Planned[], bookings: NewBookingRow[], capacity: number, shown: Person): NewWaitlistRow[] {
  const seated = new Map<string, Set<string>>();
  const lastSeat = new Map<string, number>();
  for (const b of bookings) {
    seated.set(b.session_id, (seated.get(b.session_id) ?? new Set()).add(b.person_id));
    const at = b.created_at instanceof Date ? b.created_at.getTime() : now.getTime();
    lastSeat.set(b.session_id, Math.max(lastSeat.get(b.session_id) ?? 0, at));
  }
  const full = sessions.filter((s) => s.start - now.getTime() > AT_LEAST_AHEAD && (seated.get(s.row.id)?.size ?? 0) >= capacity);
  // Who could take the seat, were it free: the same reach a sign-up has (language, zone, site).
  const couldTake = (p: Person, s: Planned) =>
    p.id !== s.row.coach_id && !seated.get(s.row.id)!.has(p.id) && p.roles.includes('employee') &&
    (s.row.language === 'en' || p.locale === 'de') && s.okZones.has(p.time_zone) &&
    (s.site === null || (s.site === p.site && p.time_zone === s.row.time_zone));

  const rows: NewWaitlistRow[] = [];
  const join = (s: Planned, line: Person[]) => {
    // Joined in the hours after the last seat went, one after another.
    const from = lastSeat.get(s.row.id) ?? now.getTime() - 48 * HOUR;
    const step = Math.max(1, Math.floor((now.getTime() - from) / (line.length + 1)));
    line.forEach((p, i) => rows.push({ org_id: orgId, session_id: s.row.id, person_id: p.id, created_at: new Date(from + step * (i + 1)) }));
  };
  const forShown = full.find((s) => couldTake(shown, s));
  for (const s of full.filter((x) => x !== forShown).slice(0, LINES)) {
    const line = shuffled(rand, people.filter((p) => p.id !== shown.id && couldTake(p, s))).slice(0, 1 + int(rand, 3));
    if (line.length > 0) join(s, line);
  }
  // Emma second in her line: someone was quicker.
  if (forShown) {
    const before = shuffled(rand, people.filter((p) => p.id !== shown.id && couldTake(p, forShown))).slice(0, 1);
    join(forShown, [...before, shown]);
  }
  return rows;
}
