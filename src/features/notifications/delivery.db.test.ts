// What happens between a change and the mailbox: a rolled-back change sends nothing, a message
// that became moot before its turn is not sent, two roster changes waiting together go out as one,
// and a recipient the SMTP server refuses for good is parked as failed until an admin retries it.
// Each test runs Quartet's own worker against a real SMTP listener of its own.
import { sql } from 'kysely';
import pg from 'pg';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { buildOrganisation, buildPerson, buildRoom, buildSession } from '../../../test/factories.ts';
import {
  expectInvitation, expectSays, mailboxWithWorker, settled, type CapturedMail,
} from '../../../test/mail-assertions.ts';
import { inOrg } from '../../db/transaction.ts';
import { hashSecret } from '../../lib/secrets.ts';
import type { Actor } from '../../lib/actor.ts';
import { requestLoginLinks } from '../auth/service.ts';
import { bookSeat } from '../bookings/service.ts';

// Sessions start on a day of the first year laid out like 2027 whose 2 March is still a month away.
const Y = yearLike(2027, '03-02');

let t: TestApp;
beforeAll(async () => {
  // No worker of the app's own: each test starts one, when it wants mail to flow.
  t = await startTestApp({ worker: false });
});


async function program() {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], locale: 'en' });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
  const session = await buildSession(db, { org, coach, room: await buildRoom(db, { org }), startsAt: new Date(`${Y}-03-02T09:00:00Z`) });
  const person = await buildPerson(db, { org, locale: 'en', timeZone: 'Europe/London' });
  return { org, coach, admin, session, person };
}

const messages = (orgId: string) =>
  t.database.db.selectFrom('outgoing_messages').where('org_id', '=', orgId)
    .select(['id', 'kind', 'status', 'recipient_id', 'booking_id', 'last_error', 'attempts', 'detail']).orderBy('created_at').execute();

const jobsOf = async (orgId: string) =>
  (await sql<{ n: number }>`select count(*)::int as n from graphile_worker._private_jobs where payload ->> 'orgId' = ${orgId}`.execute(t.database.db)).rows[0]!.n;

const subjectTo = (email: string, prefix: RegExp) => (m: CapturedMail) => m.envelope.to.includes(email.toLowerCase()) && prefix.test(m.parsed.subject ?? '');

describe('a rolled-back booking', () => {
  it('leaves no message, no job and sends no mail; a committed booking after it is mailed as usual', async () => {
    const mailbox = await mailboxWithWorker(t, 'test');
    const { org, coach, session, person } = await program();
    const control = await buildPerson(t.database.db, { org });
    const actor: Actor = { orgId: org.id, personId: person.id, roles: ['employee'], timeZone: person.time_zone, locale: person.locale };

    let queuedInside = 0;
    let bookingId: string | undefined;
    await expect(inOrg(t.ctx.db, org.id, async (tx) => {
      bookingId = await bookSeat(tx, actor, session.id);
      queuedInside = (await tx.selectFrom('outgoing_messages').where('org_id', '=', org.id).select('id').execute()).length;
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    // Inside the transaction the booking had queued its confirmation, the roster notice and the reminder.
    expect(bookingId).toBeDefined();
    expect(queuedInside).toBe(3);
    expect(await messages(org.id)).toEqual([]);
    expect(await jobsOf(org.id)).toBe(0);
    expect(await t.database.db.selectFrom('bookings').where('org_id', '=', org.id).select('id').execute()).toEqual([]);

    // A committed booking afterwards; its mail is the barrier: the worker has been through the queue.
    const res = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(control) });
    expect(res.status, res.text).toBe(201);
    await mailbox.waitFor(subjectTo(control.email, /^Seat confirmed:/));
    const roster = await mailbox.waitFor(subjectTo(coach.email, /^Your group for/));
    await settled(t.database.db, org.id);
    expect(mailbox.to(person.email)).toEqual([]);
    expect(roster.parsed.text).toContain(`${control.name} took a seat.`);
    expect(roster.parsed.text).not.toContain(person.name);
    expect(mailbox.messages.map((m) => m.envelope.to[0]).sort()).toEqual([control.email, coach.email].map((e) => e.toLowerCase()).sort());
    expect((await messages(org.id)).map((m) => [m.kind, m.recipient_id])).toEqual(expect.arrayContaining([
      ['booking_confirmed', control.id], ['roster_changed', coach.id], ['reminder', control.id],
    ]));
    expect((await messages(org.id)).some((m) => m.recipient_id === person.id)).toBe(false);
  });
});

describe('a sign-up\'s jobs', () => {
  it('are written without a NOTIFY (which would make sign-ups commit one at a time), and a worker finds them all the same', async () => {
    const listener = new pg.Client({ connectionString: t.database.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(n.channel));
    await listener.query('listen "jobs:insert"');
    onTestFinished(() => listener.end());
    const mailbox = await mailboxWithWorker(t, 'test');
    const { org, coach, session, person } = await program();

    const res = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(person) });
    expect(res.status, res.text).toBe(201);
    expect(await jobsOf(org.id)).toBeGreaterThanOrEqual(2); // the confirmation, the roster notice, the reminder
    await mailbox.waitFor(subjectTo(person.email, /^Seat confirmed:/));
    await mailbox.waitFor(subjectTo(coach.email, /^Your group for/));
    // A notification would have reached this connection before the mail could.
    await listener.query('select 1');
    expect(heard).toEqual([]);

    // A re-queue (here: the reminder put off) still goes through graphile-worker's add_job, which
    // wakes the workers: it is rare, and add_job knows what to do with a job that is running.
    const [reminder] = (await messages(org.id)).filter((m) => m.kind === 'reminder' && m.recipient_id === person.id);
    await t.database.db.updateTable('outgoing_messages').set({ send_after: sql`send_after + interval '1 minute'` }).where('id', '=', reminder!.id).execute();
    await listener.query('select 1');
    expect(heard).toEqual(['jobs:insert']);
  });
});

describe('messages that became moot before their turn', () => {
  it('a booking cancelled before its confirmation went out: only the cancellation is sent, the confirmation is moot', async () => {
    const { org, coach, session, person } = await program();
    const cookie = await t.cookieFor(person);
    const booked = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie });
    expect(booked.status, booked.text).toBe(201);
    const cancelled = await call(t, 'POST', `/api/bookings/${booked.body.id}/cancel`, { cookie });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(await jobsOf(org.id)).toBeGreaterThan(0);

    const mailbox = await mailboxWithWorker(t, 'test');
    await mailbox.waitFor(subjectTo(person.email, /^Seat cancelled:/));
    await mailbox.waitFor(subjectTo(coach.email, /^Your group for/));
    await settled(t.database.db, org.id);

    const rows = await messages(org.id);
    expect(rows.find((r) => r.kind === 'booking_confirmed')).toMatchObject({ status: 'moot', recipient_id: person.id });
    expect(rows.find((r) => r.kind === 'reminder')).toMatchObject({ status: 'moot' });
    expect(rows.find((r) => r.kind === 'booking_cancelled')).toMatchObject({ status: 'sent' });
    const toPerson = mailbox.to(person.email);
    expect(toPerson.map((m) => m.parsed.subject)).toEqual([expect.stringMatching(/^Seat cancelled:/)]);
    const booking = await t.database.db.selectFrom('bookings').where('id', '=', booked.body.id).select(['calendar_uid', 'calendar_sequence']).executeTakeFirstOrThrow();
    expectInvitation(toPerson[0]!, { method: 'CANCEL', uid: booking.calendar_uid, sequence: booking.calendar_sequence });
    // The coach's two notices were merged while waiting: one mail, both changes, nobody left.
    const coachMails = mailbox.to(coach.email);
    expect(coachMails).toHaveLength(1);
    expectSays(coachMails[0]!, `${person.name} took a seat.`, `${person.name} gave their seat back; it is open again.`, 'Nobody holds a seat at the moment.');
    expect(mailbox.messages).toHaveLength(2);
  });

  it('a session changed before the confirmation went out: the one invitation sent carries the newer SEQUENCE', async () => {
    const { org, coach, session, person } = await program();
    const room = await buildRoom(t.database.db, { org });
    const booked = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(person) });
    expect(booked.status, booked.text).toBe(201);
    const changed = await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: await t.cookieFor(coach), body: { roomId: room.id } });
    expect(changed.status, changed.text).toBe(200);

    const mailbox = await mailboxWithWorker(t, 'test');
    await mailbox.waitFor(subjectTo(person.email, /^Session changed:/));
    await mailbox.waitFor(subjectTo(coach.email, /^Your group for/));
    await settled(t.database.db, org.id);
    expect((await messages(org.id)).find((r) => r.kind === 'booking_confirmed')).toMatchObject({ status: 'moot' });
    const toPerson = mailbox.to(person.email);
    expect(toPerson).toHaveLength(1);
    const booking = await t.database.db.selectFrom('bookings').where('id', '=', booked.body.id).select(['calendar_uid', 'calendar_sequence']).executeTakeFirstOrThrow();
    expect(booking.calendar_sequence).toBe(1);
    const event = expectInvitation(toPerson[0]!, { method: 'REQUEST', uid: booking.calendar_uid, sequence: 1 });
    expect(String(event.getFirstPropertyValue('location'))).toContain(room.name);
  });

  it('two sign-ups waiting together reach the coach as one roster notice naming both', async () => {
    const { org, coach, session, person } = await program();
    const second = await buildPerson(t.database.db, { org, department: 'Research' });
    for (const p of [person, second]) {
      const res = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(p) });
      expect(res.status, res.text).toBe(201);
    }
    const mailbox = await mailboxWithWorker(t, 'test');
    await mailbox.waitFor(subjectTo(coach.email, /^Your group for/));
    await settled(t.database.db, org.id);
    const coachMails = mailbox.to(coach.email);
    expect(coachMails).toHaveLength(1);
    expect(coachMails[0]!.parsed.subject).toMatch(/: 2 of 4 seats taken$/);
    expectSays(coachMails[0]!, `${person.name} took a seat.`, `${second.name} took a seat.`, `${second.name}, Research <${second.email}>`);
    expect(mailbox.to(person.email)).toHaveLength(1);
    expect(mailbox.to(second.email)).toHaveLength(1);
  });
});

describe('a log-in link through the queue', () => {
  it('has its token made when the mail is sent, not when it is asked for; one asked for over an hour ago is moot', async () => {
    const { org, person } = await program();
    const other = await buildPerson(t.database.db, { org, locale: 'de' });
    // What the request's job does (features/auth/jobs.ts), with no worker running yet.
    for (const p of [person, other]) expect(await requestLoginLinks(t.ctx.db, p.email)).toBe(1);
    const links = () => t.database.db.selectFrom('login_links').where('org_id', '=', org.id).select(['person_id', 'token_hash']).execute();
    // Queued, with no token anywhere in the database yet.
    expect(await links()).toEqual([]);
    expect((await messages(org.id)).map((m) => [m.kind, m.status])).toEqual([['login_link', 'pending'], ['login_link', 'pending']]);
    // The other person's request is from long ago by the time a worker gets to it.
    await t.database.db.updateTable('outgoing_messages').set({ created_at: sql`now() - interval '2 hours'` })
      .where('org_id', '=', org.id).where('recipient_id', '=', other.id).execute();

    const mailbox = await mailboxWithWorker(t, 'test');
    const mail = await mailbox.waitFor(subjectTo(person.email, /^Your Quartet sign-in link$/));
    await settled(t.database.db, org.id);
    const token = /#token=([\w-]+)/.exec(mail.parsed.text ?? '')?.[1];
    expect(token).toBeDefined();
    expect(await links()).toEqual([{ person_id: person.id, token_hash: hashSecret(token!) }]);
    expect(mailbox.to(other.email)).toEqual([]);
    expect((await messages(org.id)).find((m) => m.recipient_id === other.id)).toMatchObject({
      status: 'moot', last_error: expect.stringContaining('over an hour ago'),
    });
  });
});

describe('a permanent SMTP rejection', () => {
  it('parks the message as failed with the reason, visible to the admin; retried after the server accepts again, it arrives once', async () => {
    const mailbox = await mailboxWithWorker(t, 'test');
    const { org, coach, admin, session, person } = await program();
    mailbox.rejecting.add(person.email.toLowerCase());
    const booked = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(person) });
    expect(booked.status, booked.text).toBe(201);
    await mailbox.waitFor(subjectTo(coach.email, /^Your group for/));
    await settled(t.database.db, org.id);

    const confirmation = (await messages(org.id)).find((r) => r.kind === 'booking_confirmed')!;
    expect(confirmation).toMatchObject({ status: 'failed', recipient_id: person.id, attempts: 1 });
    expect(confirmation.last_error).toMatch(/^SMTP 550\b/);
    expect(confirmation.last_error).toContain('no such mailbox here');
    expect(mailbox.refused).toEqual([person.email.toLowerCase()]);
    expect(mailbox.to(person.email)).toEqual([]);
    // The coach's notice was not held up by it.
    expect(mailbox.to(coach.email)).toHaveLength(1);

    const adminCookie = await t.cookieFor(admin);
    const failed = await call(t, 'GET', '/api/admin/messages?status=failed', { cookie: adminCookie });
    expect(failed.status, failed.text).toBe(200);
    expect(failed.body.items).toEqual([expect.objectContaining({
      id: confirmation.id, kind: 'booking_confirmed', status: 'failed', lastError: confirmation.last_error,
      recipient: expect.objectContaining({ id: person.id, email: person.email }),
    })]);

    mailbox.rejecting.clear();
    const retried = await call(t, 'POST', `/api/admin/messages/${confirmation.id}/retry`, { cookie: adminCookie });
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body).toEqual({ status: 'pending' });
    const mail = await mailbox.waitFor(subjectTo(person.email, /^Seat confirmed:/));
    await settled(t.database.db, org.id);
    const booking = await t.database.db.selectFrom('bookings').where('id', '=', booked.body.id).select(['calendar_uid', 'calendar_sequence']).executeTakeFirstOrThrow();
    expectInvitation(mail, { method: 'REQUEST', uid: booking.calendar_uid, sequence: 0 });
    expect(mailbox.to(person.email)).toHaveLength(1);
    expect((await messages(org.id)).find((r) => r.id === confirmation.id)).toMatchObject({ status: 'sent', last_error: null });
    // Retrying what was sent changes nothing.
    const again = await call(t, 'POST', `/api/admin/messages/${confirmation.id}/retry`, { cookie: adminCookie });
    expect([again.status, again.body.code]).toEqual([409, 'MESSAGE_NOT_FAILED']);
    await settled(t.database.db, org.id);
    expect(mailbox.to(person.email)).toHaveLength(1);
  });
});
