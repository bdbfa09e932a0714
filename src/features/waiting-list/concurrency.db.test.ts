// Waiting lists under real concurrency: 300 cancellations, joins and leaves in flight at once over
// HTTP, then what the database and the mailbox hold. Promotion must never overbook, never leave a
// seat free while someone eligible waits, keep each line's order, and mail each promoted person once.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';

let t: TestApp;
let org: OrgRow;
beforeAll(async () => {
  t = await startTestApp({ poolSize: 30 });
  org = await buildOrganisation(t.database.db);
});

interface Caller {
  person: PersonRow;
  cookie: string;
}

interface Answer {
  status: number;
  code: string | undefined;
}

async function send(method: string, path: string, cookie: string): Promise<Answer> {
  const res = await t.request(method, path, { cookie });
  const text = await res.text();
  return { status: res.status, code: text ? (JSON.parse(text) as { code?: string }).code : undefined };
}

async function caller(): Promise<Caller> {
  const person = await buildPerson(t.database.db, { org });
  return { person, cookie: await t.cookieFor(person) };
}

const callers = (count: number) => Promise.all(Array.from({ length: count }, caller));

function tally(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) {
    const key = a.status < 300 ? String(a.status) : `${a.status} ${a.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Shuffles with a fixed seed, so the interleaving differs between operations but the run repeats. */
function shuffled<T>(items: T[]): T[] {
  let seed = 16;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const SESSIONS = 20;
const CAPACITY = 4;

describe('promotion under concurrency', () => {
  it('keeps every rule through 300 cancellations, joins and leaves at once', async () => {
    const module = await buildModule(t.database.db, { org });
    // Two hours apart: nobody's seats overlap, and each waits in one line only, so all are eligible.
    const sessions = await Promise.all(Array.from({ length: SESSIONS }, (_, i) =>
      buildSession(t.database.db, { org, module, capacity: CAPACITY, startsAt: hoursAfterReference(24 + 2 * i) })));
    const holders = await callers(SESSIONS * CAPACITY);
    const seats = await Promise.all(holders.map((h, i) => buildBooking(t.database.db, { session: sessions[i % SESSIONS]!, person: h.person })));

    // First 120 people line up, six per session, all at once.
    const early = await callers(SESSIONS * 6);
    const joined = await Promise.all(early.map((w, i) => send('POST', `/api/sessions/${sessions[i % SESSIONS]!.id}/waitlist`, w.cookie)));
    expect(tally(joined)).toEqual({ '201': SESSIONS * 6 });

    // Then, together: every seat holder cancels (80), 140 more join, 80 of the early ones leave.
    const late = await callers(SESSIONS * 7);
    const leaving = early.filter((_, i) => i % 3 !== 0);
    const operations = shuffled([
      ...seats.map((seat, i) => () => send('POST', `/api/bookings/${seat.id}/cancel`, holders[i]!.cookie)),
      ...late.map((w, i) => () => send('POST', `/api/sessions/${sessions[i % SESSIONS]!.id}/waitlist`, w.cookie)),
      ...leaving.map((w) => () => send('DELETE', `/api/sessions/${sessions[early.indexOf(w) % SESSIONS]!.id}/waitlist`, w.cookie)),
    ]);
    expect(operations).toHaveLength(300);
    const answers = await Promise.all(operations.map((op) => op()));
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const outcomes = tally(answers);
    expect(Object.keys(outcomes).sort()).toEqual(expect.arrayContaining(['200', '201']));
    for (const key of Object.keys(outcomes)) expect(['200', '201', '204', '409 NOT_WAITING', '409 SESSION_NOT_FULL']).toContain(key);

    const ids = sessions.map((s) => s.id);
    const rows = await t.database.db.selectFrom('sessions').where('id', 'in', ids).select(['id', 'capacity', 'seats_taken']).execute();
    const active = await t.database.db.selectFrom('bookings').where('session_id', 'in', ids).where('status', '<>', 'cancelled')
      .select(['id', 'session_id', 'person_id']).execute();
    const line = await t.database.db.selectFrom('waitlist_entries').where('session_id', 'in', ids)
      .orderBy('created_at').orderBy('id').select(['session_id', 'person_id', 'status', 'promoted_booking_id', 'created_at', 'id']).execute();

    for (const session of rows) {
      const held = active.filter((b) => b.session_id === session.id);
      const entries = line.filter((e) => e.session_id === session.id);
      // Zero overbooking, and the counter agrees with the rows.
      expect(held.length).toBe(session.seats_taken);
      expect(session.seats_taken).toBeLessThanOrEqual(session.capacity);
      // No seat left free while someone (all eligible here) still waits.
      if (entries.some((e) => e.status === 'waiting')) expect(session.seats_taken).toBe(session.capacity);
      // Line order: everyone promoted joined before everyone still waiting.
      const promoted = entries.filter((e) => e.status === 'promoted');
      const waiting = entries.filter((e) => e.status === 'waiting');
      const lastPromoted = promoted.at(-1);
      if (lastPromoted && waiting[0]) expect(entries.indexOf(lastPromoted)).toBeLessThan(entries.indexOf(waiting[0]));
      // Every seat is a promotion's (the holders all cancelled), each to the entry's own person.
      expect(held.map((b) => b.id).sort()).toEqual(promoted.map((e) => e.promoted_booking_id).sort());
      for (const entry of promoted) expect(held.find((b) => b.id === entry.promoted_booking_id)?.person_id).toBe(entry.person_id);
    }
    const promoted = line.filter((e) => e.status === 'promoted');
    expect(promoted.length).toBeGreaterThan(SESSIONS * 2);
    // Nobody promoted twice.
    expect(new Set(promoted.map((e) => `${e.session_id} ${e.person_id}`)).size).toBe(promoted.length);
    // The leaves that succeeded are exactly the entries marked left.
    expect(line.filter((e) => e.status === 'left')).toHaveLength(outcomes['204'] ?? 0);

    // One confirmation queued per promotion, and one mail with the invitation in each inbox.
    const promotedBookings = promoted.map((e) => e.promoted_booking_id!);
    const queued = await t.database.db.selectFrom('outgoing_messages').where('booking_id', 'in', promotedBookings).where('kind', '=', 'booking_confirmed')
      .select(['booking_id', 'recipient_id']).execute();
    expect(queued.map((m) => m.booking_id).sort()).toEqual([...promotedBookings].sort());
    const people = new Map([...early, ...late].map((c) => [c.person.id, c.person.email]));
    await expect.poll(async () => {
      const pending = await t.database.db.selectFrom('outgoing_messages').where('booking_id', 'in', promotedBookings).where('kind', '=', 'booking_confirmed')
        .where('status', '<>', 'sent').select('id').execute();
      return pending.length;
    }, { timeout: 60_000, interval: 250 }).toBe(0);
    for (const entry of promoted) {
      const inbox = t.mailbox.to(people.get(entry.person_id)!);
      expect(inbox).toHaveLength(1);
      expect(inbox[0]!.attachments.some((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics')).toBe(true);
    }
  }, 120_000);
});
