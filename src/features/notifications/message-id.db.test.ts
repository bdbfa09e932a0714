// A message keeps its Message-ID across attempts: a worker killed after the server's 250 but
// before the mark "sent" leaves the message pending, it is sent again, and the copy is the same
// mail to the reader's mail store. A roster notice that took in a change while it was being sent
// goes out again with new content, under a new Message-ID.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { buildOrganisation, buildPerson, buildRoom, buildSession } from '../../../test/factories.ts';
import { startCapturingMailbox, type CapturedMail, type CapturingMailbox } from '../../../test/mail-assertions.ts';
import { createSmtpMailer, parseSender, type Mailer } from '../../lib/mailer.ts';
import { sendMessage, type SendDeps } from './jobs/send-message.ts';

const Y = yearLike(2027, '03-02');

let t: TestApp;
let mailbox: CapturingMailbox;
let mailer: Mailer;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
  mailbox = await startCapturingMailbox();
  mailer = createSmtpMailer(mailbox.url, t.ctx.config.mailFrom);
});
afterAll(async () => {
  mailer.close();
  await mailbox.close();
});

const domain = () => parseSender(t.ctx.config.mailFrom).email.split('@')[1];

function depsWith(send: Mailer['send']): SendDeps {
  return {
    db: t.ctx.db, mailer: { send, close: () => {} }, baseUrl: t.ctx.config.baseUrl, organiser: parseSender(t.ctx.config.mailFrom),
    issueLoginLink: () => Promise.reject(new Error('no log-in link is sent in this test')),
  };
}

async function sessionWithCoach() {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], locale: 'en' });
  const session = await buildSession(db, { org, coach, room: await buildRoom(db, { org }), startsAt: new Date(`${Y}-03-02T09:00:00Z`) });
  return { org, coach, session };
}

const messageOf = (orgId: string, kind: 'booking_confirmed' | 'roster_changed', recipientId: string) =>
  t.database.db.selectFrom('outgoing_messages').where('org_id', '=', orgId).where('kind', '=', kind)
    .where('recipient_id', '=', recipientId).select(['id', 'status', 'attempts']).executeTakeFirstOrThrow();

const to = (email: string, subject: RegExp) =>
  mailbox.messages.filter((m: CapturedMail) => m.envelope.to.includes(email.toLowerCase()) && subject.test(m.parsed.subject ?? ''));

it('a confirmation sent again because its sent mark was lost carries the same Message-ID, made from the message row', async () => {
  const { org, session } = await sessionWithCoach();
  const person = await buildPerson(t.database.db, { org, locale: 'en' });
  const booked = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(person) });
  expect(booked.status, booked.text).toBe(201);
  const confirmation = await messageOf(org.id, 'booking_confirmed', person.id);
  const deps = depsWith((mail) => mailer.send(mail));

  expect(await sendMessage(deps, org.id, confirmation.id)).toBe('sent');
  // What a SIGKILL between the server's 250 and the mark leaves behind.
  await sql`update outgoing_messages set status = 'pending', sent_at = null where id = ${confirmation.id}`.execute(t.database.db);
  expect(await sendMessage(deps, org.id, confirmation.id)).toBe('sent');

  const copies = to(person.email, /^Seat confirmed:/);
  expect(copies).toHaveLength(2);
  expect(copies.map((m) => m.parsed.messageId)).toEqual([`<${confirmation.id}@${domain()}>`, `<${confirmation.id}@${domain()}>`]);
  expect((await messageOf(org.id, 'booking_confirmed', person.id)).status).toBe('sent');
});

it('a roster notice that took in a sign-up while it was being sent goes out again, with the new content under a new Message-ID', async () => {
  const { org, coach, session } = await sessionWithCoach();
  const [first, second] = [await buildPerson(t.database.db, { org }), await buildPerson(t.database.db, { org })];
  expect((await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(first) })).status).toBe(201);
  const roster = await messageOf(org.id, 'roster_changed', coach.id);

  // The second sign-up commits while the notice naming the first is in the server's hands.
  let signedUp = false;
  const deps = depsWith(async (mail) => {
    if (!signedUp) {
      signedUp = true;
      expect((await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(second) })).status).toBe(201);
    }
    await mailer.send(mail);
  });
  await sendMessage(deps, org.id, roster.id);
  expect(await messageOf(org.id, 'roster_changed', coach.id)).toMatchObject({ status: 'pending', attempts: 1 });
  await sendMessage(deps, org.id, roster.id);

  const notices = to(coach.email, /^Your group for/);
  expect(notices).toHaveLength(2);
  expect(notices[0]!.parsed.text).toContain(`${first.name} took a seat.`);
  expect(notices[1]!.parsed.text).toContain(`${second.name} took a seat.`);
  expect(notices[1]!.parsed.text).not.toContain(`${first.name} took a seat.`);
  expect(notices.map((m) => m.parsed.messageId)).toEqual([`<${roster.id}.0@${domain()}>`, `<${roster.id}.1@${domain()}>`]);
  expect((await messageOf(org.id, 'roster_changed', coach.id)).status).toBe('sent');
});
