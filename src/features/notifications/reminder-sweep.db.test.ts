// Every booking is reminded, whatever made it (issue 12, item 9): the sweep queues the reminders
// no path queued (the demo loader's bookings, raw inserts), at the time booking would have set,
// exactly once, and never brings back a reminder a change withdrew.
//
// The sweep looks ahead from the database's own clock (reminders due within the next hour), so the
// sessions here start at the real time plus the lead time plus half an hour; nothing waits for
// that time to come: the sweep is called directly, as the cron would call it.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';
import { mailboxWithWorker, type CapturingMailbox } from '../../../test/mail-assertions.ts';
import { seedDemoOrganisation } from '../demo/seed.ts';
import { sweepMissingReminders } from './jobs/reminder-sweep.ts';

const HOUR = 3_600_000;
let t: TestApp;
let mailbox: CapturingMailbox;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
  mailbox = await mailboxWithWorker(t, 'file');
});
const owner = () => t.database.db;
// As the worker runs it: the app role, across organisations through the security-definer function.
const sweep = () => sweepMissingReminders(t.ctx.db);

/** A start whose reminder (default lead time, 24 hours) falls due in half an hour, on a whole second. */
const dueSoon = (extraMinutes = 0) => new Date(Math.floor((Date.now() + 24 * HOUR + (30 + extraMinutes) * 60_000) / 1000) * 1000);

async function reminders(sessionId: string) {
  return owner().selectFrom('outgoing_messages').where('session_id', '=', sessionId).where('kind', '=', 'reminder')
    .select(['recipient_id', 'booking_id', 'status', 'send_after', 'detail']).orderBy('created_at').execute();
}
const pending = async (sessionId: string) => (await reminders(sessionId)).filter((r) => r.status === 'pending');

/** Sent the lead time before the start, plus the recipient's own spread of under 2.048 s. */
function expectDueAt(sendAfter: Date, remindAt: number) {
  expect(sendAfter.getTime() - remindAt).toBeGreaterThanOrEqual(0);
  expect(sendAfter.getTime() - remindAt).toBeLessThan(2_048);
}

describe('the reminder sweep', () => {
  it('reminds the participant and the coach of a booking inserted as the demo loader does, once however often it runs', async () => {
    const org = await buildOrganisation(owner());
    const coach = await buildPerson(owner(), { org, roles: ['coach', 'employee'] });
    const session = await buildSession(owner(), { org, coach, startsAt: dueSoon() });
    const booking = await buildBooking(owner(), { session });
    const cancelled = await buildBooking(owner(), { session });
    await owner().updateTable('bookings').set({ status: 'cancelled', cancelled_at: new Date(), cancel_reason: 'employee' })
      .where('id', '=', cancelled.id).execute();
    expect(await reminders(session.id)).toEqual([]);

    expect(await sweep()).toBeGreaterThanOrEqual(2);
    const queued = await pending(session.id);
    expect(queued.map((r) => [r.recipient_id, r.booking_id]).sort()).toEqual([[booking.person_id, booking.id], [coach.id, null]].sort());
    for (const r of queued) {
      expectDueAt(r.send_after, session.starts_at.getTime() - 24 * HOUR);
      expect(new Date(String((r.detail as { startsAt: string }).startsAt)).getTime()).toBe(session.starts_at.getTime());
    }

    // Again, and twice at once: nothing more.
    expect(await sweep()).toBe(0);
    expect(await Promise.all([sweep(), sweep()])).toEqual([0, 0]);
    expect(await reminders(session.id)).toHaveLength(2);
  });

  it('queues each missing reminder once when two sweeps run at the same time', async () => {
    const session = await buildSession(owner(), { startsAt: dueSoon(5) });
    await buildBooking(owner(), { session });
    await buildBooking(owner(), { session });
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect(a! + b!).toBeGreaterThanOrEqual(3);
    expect(Math.min(a!, b!)).toBe(0);
    expect(await reminders(session.id)).toHaveLength(3);
  });

  it('leaves alone a booking made through the service, and one moved to another session: their reminders were queued then', async () => {
    const org = await buildOrganisation(owner());
    const module = await buildModule(owner(), { org });
    const first = await buildSession(owner(), { org, module, startsAt: dueSoon() });
    const second = await buildSession(owner(), { org, module, startsAt: dueSoon(10) });
    const employee = await buildPerson(owner(), { org });
    const cookie = await t.cookieFor(employee);
    const booked = await t.request('POST', `/api/sessions/${first.id}/bookings`, { cookie });
    expect(booked.status).toBe(201);
    const { id: bookingId } = (await booked.json()) as { id: string };
    await sweep();
    expect((await pending(first.id)).map((r) => [r.recipient_id, r.booking_id]).sort()).toEqual([[first.coach_id, null], [employee.id, bookingId]].sort());
    expect(await reminders(first.id)).toHaveLength(2);

    const moved = await t.request('POST', `/api/bookings/${bookingId}/move`, { cookie, body: { sessionId: second.id } });
    expect(moved.status).toBe(201);
    const { id: newBookingId } = (await moved.json()) as { id: string };
    await sweep();
    await sweep();
    // The old seat's reminder stays withdrawn; the new seat has the one its move queued.
    expect((await pending(first.id)).map((r) => r.recipient_id)).toEqual([first.coach_id]);
    expect((await reminders(first.id)).filter((r) => r.booking_id === bookingId).map((r) => r.status)).toEqual(['moot']);
    const onSecond = await pending(second.id);
    expect(onSecond.map((r) => [r.recipient_id, r.booking_id]).sort()).toEqual([[second.coach_id, null], [employee.id, newBookingId]].sort());
    expect(await reminders(second.id)).toHaveLength(2);
    for (const r of onSecond) expectDueAt(r.send_after, second.starts_at.getTime() - 24 * HOUR);
  });

  it('does not bring back a reminder withdrawn because the session moved, whether its new start is ahead of the lead time or inside it', async () => {
    const org = await buildOrganisation(owner());
    const admin = await buildPerson(owner(), { org, roles: ['admin', 'employee'] });
    const adminCookie = await t.cookieFor(admin);
    const employee = await buildPerson(owner(), { org });
    const session = await buildSession(owner(), { org, startsAt: dueSoon() });
    expect((await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(employee) })).status).toBe(201);
    // The booking path queues the participant's reminder; the sweep adds the coach's (the factory published no reminder).
    await sweep();
    expect(await pending(session.id)).toHaveLength(2);

    // Ten minutes later: still ahead of the lead time. The old start's reminders are withdrawn, the new start's queued.
    const later = dueSoon(10);
    const movedLater = await t.request('PATCH', `/api/sessions/${session.id}`, { cookie: adminCookie, body: { startsAt: later.toISOString(), timeZone: 'Europe/Berlin' } });
    expect(movedLater.status, await movedLater.text()).toBe(200);
    await sweep();
    const afterFirstMove = await reminders(session.id);
    expect(afterFirstMove.filter((r) => r.status === 'moot')).toHaveLength(2);
    const current = afterFirstMove.filter((r) => r.status === 'pending');
    expect(current.map((r) => r.recipient_id).sort()).toEqual([employee.id, session.coach_id].sort());
    for (const r of current) expectDueAt(r.send_after, later.getTime() - 24 * HOUR);

    // Into the lead time: the change notice is the last word, and the sweep agrees.
    const soon = new Date(Math.floor((Date.now() + 3 * HOUR) / 1000) * 1000);
    const movedSoon = await t.request('PATCH', `/api/sessions/${session.id}`, { cookie: adminCookie, body: { startsAt: soon.toISOString(), timeZone: 'Europe/Berlin' } });
    expect(movedSoon.status, await movedSoon.text()).toBe(200);
    await sweep();
    const afterSecondMove = await reminders(session.id);
    expect(afterSecondMove).toHaveLength(4);
    expect(afterSecondMove.filter((r) => r.status === 'pending')).toEqual([]);
  });

  it('reminds the demo loader’s bookings, and the mail goes out through the worker', async () => {
    // A week back, so the demo's sessions begin this week: one starts within the next few days whatever the weekday.
    const seeded = await seedDemoOrganisation(owner(), { now: new Date(Date.now() - 7 * 24 * HOUR) });
    expect(seeded.created).toBe(true);
    const orgId = seeded.orgId;
    // The organisation's lead time set so that the first demo session with seats taken (over two hours away) falls due within the hour.
    const { rows: [first] } = await sql<{ id: string; hours: number }>`
      select s.id, floor(extract(epoch from s.starts_at - now()) / 3600)::int as hours
      from sessions s where s.org_id = ${orgId} and s.status = 'scheduled' and s.starts_at > now() + interval '2 hours'
        and exists (select 1 from bookings b where b.org_id = s.org_id and b.session_id = s.id and b.status = 'active')
      order by s.starts_at limit 1`.execute(owner());
    expect(first!.hours).toBeLessThanOrEqual(168);
    await owner().updateTable('organisations').set({ reminder_hours_before: first!.hours }).where('id', '=', orgId).execute();
    expect(await owner().selectFrom('outgoing_messages').where('org_id', '=', orgId).select('id').execute()).toEqual([]);

    await sweep();
    // Every active seat and every coach of a scheduled session falling due within the hour has one reminder; nothing else does.
    const { rows: expected } = await sql<{ recipient_id: string; booking_id: string | null }>`
      with due as (
        select s.id, s.coach_id from sessions s join organisations o on o.id = s.org_id
        where s.org_id = ${orgId} and s.status = 'scheduled'
          and s.starts_at - make_interval(hours => o.reminder_hours_before) > now()
          and s.starts_at - make_interval(hours => o.reminder_hours_before) <= now() + interval '1 hour')
      select b.person_id as recipient_id, b.id as booking_id from due d join bookings b on b.session_id = d.id and b.status = 'active'
      union all select coach_id, null from due`.execute(owner());
    const queued = await owner().selectFrom('outgoing_messages').where('org_id', '=', orgId)
      .select(['kind', 'status', 'recipient_id', 'booking_id', 'session_id', 'send_after']).execute();
    expect(queued.every((m) => m.kind === 'reminder' && m.status === 'pending')).toBe(true);
    const key = (m: { recipient_id: string; booking_id: string | null }) => `${m.recipient_id}/${m.booking_id}`;
    expect(queued.map(key).sort()).toEqual(expected.map(key).sort());
    expect(queued.filter((m) => m.session_id === first!.id).length).toBeGreaterThanOrEqual(2);
    expect(await sweep()).toBe(0);

    // Its time come (moved up here rather than waited for), the participant's reminder is sent and read as one.
    const mine = queued.find((m) => m.session_id === first!.id && m.booking_id !== null)!;
    const [person] = await owner().selectFrom('people').where('id', '=', mine.recipient_id).select(sql<string>`lower(email::text)`.as('email')).execute();
    await owner().updateTable('outgoing_messages').set({ send_after: new Date() }).where('session_id', '=', first!.id).execute();
    const mail = await mailbox.waitFor((m) => m.envelope.to.map((a) => a.toLowerCase()).includes(person!.email), 30_000);
    expect(mail.parsed.subject).toMatch(/^(Reminder|Erinnerung):/);
    await expect.poll(async () => (await owner().selectFrom('outgoing_messages').where('session_id', '=', first!.id)
      .select('status').execute()).map((m) => m.status), { timeout: 30_000 }).toEqual(queued.filter((m) => m.session_id === first!.id).map(() => 'sent'));
  }, 60_000);
});
