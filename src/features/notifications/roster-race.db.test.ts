// Races between a mail on its way and the change that follows it: a roster change merged into the
// notice being sent still reaches the coach; a confirmation withdrawn while being sent is recorded as sent.
import { beforeAll, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';
import { mailboxWithWorker, settled } from '../../../test/mail-assertions.ts';

// Sessions start on a day of the first year laid out like 2027 whose 2 March is still a month away.
const Y = yearLike(2027, '03-02');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

it('a sign-up while the coach’s roster notice is being sent still reaches the coach', async () => {
  const mailbox = await mailboxWithWorker(t, 'test');
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], locale: 'en' });
  const session = await buildSession(db, { org, coach, startsAt: new Date(`${Y}-03-02T09:00:00Z`) });
  const first = await buildPerson(db, { org });
  const second = await buildPerson(db, { org });

  // The notice of the first sign-up is held in the middle of its SMTP transaction.
  const held = mailbox.hold(coach.email);
  expect((await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(first) })).status).toBe(201);
  await held.arrived;
  expect((await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(second) })).status).toBe(201);
  held.release();
  await mailbox.waitFor((m) => m.envelope.to.includes(second.email.toLowerCase()));
  await settled(db, org.id);

  const rows = await db.selectFrom('outgoing_messages').where('org_id', '=', org.id).where('kind', '=', 'roster_changed')
    .select(['status', 'detail']).execute();
  expect(new Set(rows.map((r) => r.status)), 'every roster notice went out').toEqual(new Set(['sent']));
  const coachMails = mailbox.to(coach.email);
  expect(coachMails.some((m) => m.parsed.text?.includes(`${second.name} took a seat.`)), 'the coach is told the second person took a seat').toBe(true);
});

it('a confirmation being sent when its booking is cancelled is recorded as sent, not moot', async () => {
  const mailbox = await mailboxWithWorker(t, 'test');
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], locale: 'en' });
  const session = await buildSession(db, { org, coach, startsAt: new Date(`${Y}-03-02T09:00:00Z`) });
  const person = await buildPerson(db, { org });
  const cookie = await t.cookieFor(person);

  const held = mailbox.hold(person.email);
  const booked = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie });
  expect(booked.status).toBe(201);
  await held.arrived;
  expect((await call(t, 'POST', `/api/bookings/${booked.body.id}/cancel`, { cookie })).status).toBe(200);
  held.release();
  await mailbox.waitFor((m) => m.envelope.to.includes(person.email.toLowerCase()) && /^Seat confirmed/.test(m.parsed.subject ?? ''));
  await mailbox.waitFor((m) => m.envelope.to.includes(person.email.toLowerCase()) && /^Seat cancelled/.test(m.parsed.subject ?? ''));
  await settled(db, org.id);
  // The cancellation withdrew the confirmation (moot) while it was on the wire; the worker records it
  // as sent after the server's 250, which can land after the mailbox holds both mails and after
  // settled(), which waits for pending rows only. So wait for that write: a confirmation left moot
  // (the defect this test guards against) never becomes sent, and the poll fails.
  const confirmation = () => db.selectFrom('outgoing_messages').where('org_id', '=', org.id).where('kind', '=', 'booking_confirmed')
    .select(['status', 'last_error', 'sent_at']).executeTakeFirstOrThrow();
  await expect.poll(async () => (await confirmation()).status, { timeout: 15_000, interval: 50, message: 'the admin view tells what was sent' }).toBe('sent');
  expect(await confirmation()).toMatchObject({ status: 'sent' });
});
