// The eight messages (and the admins' notice of a coach away), end to end: a change through the HTTP API, the row queued in its
// transaction, Quartet's worker, Quartet's mailer, a real SMTP listener. Each mail is read as its
// recipient's client would read it: parsed by mailparser, its calendar parts by ical.js. Each test
// has an organisation of its own, and checks who got mail in it, not only who should have.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildRoom, buildSession, type PersonRow } from '../../../test/factories.ts';
import {
  calendarParts, expectCalendarPart, expectInvitation, expectSays, hrefs, settled, mailboxWithWorker,
  type CapturedMail, type CapturingMailbox,
} from '../../../test/mail-assertions.ts';

// The dates here are written as in 2027 and run in the first year laid out like 2027 (every day on
// the same weekday) whose 11 January is still a month away: the subjects below name the weekdays.
const Y = yearLike(2027, '01-11');

let t: TestApp;
let mailbox: CapturingMailbox;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
  mailbox = await mailboxWithWorker(t, 'file');
});

const TITLE = 'Feedback that lands';
// Tuesday 12 January, 14:00 UTC: 09:00 in New York (EST), 15:00 in Berlin (CET).
const JAN_12 = new Date(`${Y}-01-12T14:00:00Z`);
const SESSION_URL = (id: string) => `${TEST_ORIGIN}/sessions/${id}`;

/** An organisation of its own: a German-speaking coach in Berlin, an admin, a module, two rooms. */
async function program(o: { reminderHours?: number } = {}) {
  const db = t.database.db;
  const org = await buildOrganisation(db, { participants_visible: false });
  if (o.reminderHours) await db.updateTable('organisations').set({ reminder_hours_before: o.reminderHours }).where('id', '=', org.id).execute();
  const tag = org.slug.slice(4);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], locale: 'de', timeZone: 'Europe/Berlin', name: `Clara Coach ${tag}` });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: `Adam Admin ${tag}` });
  const module = await buildModule(db, { org, title: TITLE });
  const room = await buildRoom(db, { org, site: 'Hamburg' });
  const otherRoom = await buildRoom(db, { org, site: 'Hamburg' });
  // Ann reads English in New York, Bernd German in Berlin.
  const ann = await buildPerson(db, { org, locale: 'en', timeZone: 'America/New_York', name: `Ann Anders ${tag}`, department: 'Sales' });
  const bernd = await buildPerson(db, { org, locale: 'de', timeZone: 'Europe/Berlin', name: `Bernd Berger ${tag}`, department: 'Einkauf' });
  return { org, coach, admin, module, room, otherRoom, ann, bernd, tag };
}
type Program = Awaited<ReturnType<typeof program>>;

async function bookingRow(id: string) {
  return t.database.db.selectFrom('bookings').where('id', '=', id).select(['calendar_uid', 'calendar_sequence', 'status']).executeTakeFirstOrThrow();
}

/** Takes a seat through the API and waits until the mail it causes has gone out. */
async function book(p: Program, person: PersonRow, sessionId: string) {
  const res = await call(t, 'POST', `/api/sessions/${sessionId}/bookings`, { cookie: await t.cookieFor(person) });
  expect(res.status, res.text).toBe(201);
  await settled(t.database.db, p.org.id);
  return { id: res.body.id as string, ...(await bookingRow(res.body.id)) };
}

/**
 * Everyone in the organisation got exactly this many mails (nobody else any), each delivered to
 * that one address alone, from the no-reply sender, to the address its header names.
 */
async function expectMailCounts(orgId: string, expected: Record<string, number>) {
  await settled(t.database.db, orgId);
  const people = await t.database.db.selectFrom('people').where('org_id', '=', orgId).select(sql<string>`email::text`.as('email')).execute();
  const counts = Object.fromEntries(people.map(({ email }) => [email, mailbox.to(email).length]));
  const want = Object.fromEntries(people.map(({ email }) => [email, expected[email] ?? 0]));
  expect(counts).toEqual(want);
  for (const { email } of people) {
    for (const mail of mailbox.to(email)) {
      expect(mail.envelope.to).toEqual([email.toLowerCase()]);
      expect(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value.map((v) => v.address) : []).toEqual([email]);
      expect(mail.parsed.from?.value.map((v) => v.address)).toEqual(['no-reply@quartet.test']);
      expect(mail.parsed.cc).toBeUndefined();
      expect(mail.parsed.bcc).toBeUndefined();
      expect(mail.parsed.html, 'an HTML part').toBeTruthy();
      expect(mail.parsed.text, 'a plain-text part').toBeTruthy();
    }
  }
}

const lastTo = (person: { email: string }): CapturedMail => {
  const mails = mailbox.to(person.email);
  expect(mails.length).toBeGreaterThan(0);
  return mails.at(-1)!;
};

const ANN_WHEN = `Tuesday, 12 January ${Y}, 09:00–10:30 Eastern Standard Time (America/New_York)`;
const BERND_WHEN = `Dienstag, 12. Januar ${Y}, 15:00–16:30 Mitteleuropäische Normalzeit (Europe/Berlin)`;

describe('1. booking confirmed', () => {
  it('goes to the employee alone, in their language and zone, with a REQUEST invitation under the booking’s UID', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    const annBooking = await book(p, p.ann, session.id);
    const berndBooking = await book(p, p.bernd, session.id);
    // Each participant one confirmation, the coach one roster notice per sign-up.
    await expectMailCounts(p.org.id, { [p.ann.email]: 1, [p.bernd.email]: 1, [p.coach.email]: 2 });

    const ann = lastTo(p.ann);
    expect(ann.parsed.subject).toBe(`Seat confirmed: ${TITLE}, Tue 12 Jan ${Y}, 09:00 EST`);
    expectSays(ann, `Hello ${p.ann.name},`, ANN_WHEN, `${p.room.name}, Hamburg`, p.coach.name,
      'give your seat back until 2 hours before the start');
    expect(hrefs(ann)).toEqual([SESSION_URL(session.id), `${TEST_ORIGIN}/my-sessions`]);
    expect(ann.parsed.text).toContain(`My sessions: ${TEST_ORIGIN}/my-sessions`);
    const annEvent = expectInvitation(ann, {
      method: 'REQUEST', uid: annBooking.calendar_uid, sequence: 0, startsAt: JAN_12, attendees: [p.ann.email, p.coach.email],
    });
    expect(annEvent.getFirstPropertyValue('summary')).toBe(`Quartet: ${TITLE}`);
    expect(annEvent.getFirstPropertyValue('location')).toBe(`${p.room.name}, Hamburg`);
    expect(annEvent.getFirstPropertyValue('url')).toBe(SESSION_URL(session.id));
    expect((annEvent.getFirstPropertyValue('dtend') as { toJSDate(): Date }).toJSDate()).toEqual(new Date(`${Y}-01-12T15:30:00Z`));

    const bernd = lastTo(p.bernd);
    expect(bernd.parsed.subject).toBe(`Platz bestätigt: ${TITLE}, Di 12. Jan ${Y}, 15:00 MEZ`);
    expectSays(bernd, `Hallo ${p.bernd.name},`, BERND_WHEN, 'Ihr Platz in dieser Peer-to-Peer-Learning-Runde ist bestätigt.',
      'bis 2 Stunden vor Beginn zurück');
    expect(hrefs(bernd)).toEqual([SESSION_URL(session.id), `${TEST_ORIGIN}/my-sessions`]);
    expectInvitation(bernd, { method: 'REQUEST', uid: berndBooking.calendar_uid, sequence: 0, startsAt: JAN_12, attendees: [p.bernd.email, p.coach.email] });
    expect(berndBooking.calendar_uid).not.toBe(annBooking.calendar_uid);
  });

  it('names a virtual session’s link as its place', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, startsAt: JAN_12, format: 'virtual' });
    const booking = await book(p, p.bernd, session.id);
    await expectMailCounts(p.org.id, { [p.bernd.email]: 1, [p.coach.email]: 1 });
    const mail = lastTo(p.bernd);
    expect(mail.parsed.text).toContain(`Online: ${session.online_url}`);
    expect(hrefs(mail)).toEqual([session.online_url, SESSION_URL(session.id), `${TEST_ORIGIN}/my-sessions`]);
    const event = expectInvitation(mail, { method: 'REQUEST', uid: booking.calendar_uid, sequence: 0, startsAt: JAN_12 });
    expect(event.getFirstPropertyValue('location')).toBe(session.online_url);
  });
});

describe('2. roster changed', () => {
  it('tells the coach, in the coach’s language and zone, who joined, with every participant’s name, department and address', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    await book(p, p.ann, session.id);
    await expectMailCounts(p.org.id, { [p.ann.email]: 1, [p.coach.email]: 1 });
    const first = lastTo(p.coach);
    expect(first.parsed.subject).toBe(`Ihre Gruppe für ${TITLE}, Di 12. Jan ${Y}, 15:00 MEZ: 1 von 4 Plätzen belegt`);
    expectSays(first, `Hallo ${p.coach.name},`, `${p.ann.name} hat einen Platz genommen.`, `${p.ann.name}, Sales <${p.ann.email}>`,
      'Teilnehmende (1 von 4 Plätzen belegt)', BERND_WHEN);
    expect(first.parsed.text).not.toContain(p.bernd.name);
    expect(calendarParts(first)).toEqual([]);
    expect(hrefs(first)).toEqual([SESSION_URL(session.id)]);

    await book(p, p.bernd, session.id);
    await expectMailCounts(p.org.id, { [p.ann.email]: 1, [p.bernd.email]: 1, [p.coach.email]: 2 });
    const second = lastTo(p.coach);
    expect(second.parsed.subject).toBe(`Ihre Gruppe für ${TITLE}, Di 12. Jan ${Y}, 15:00 MEZ: 2 von 4 Plätzen belegt`);
    expectSays(second, `${p.bernd.name} hat einen Platz genommen.`, `${p.ann.name}, Sales <${p.ann.email}>`,
      `${p.bernd.name}, Einkauf <${p.bernd.email}>`);
    expect(second.parsed.text).not.toContain(`${p.ann.name} hat einen Platz genommen.`);
  });
});

describe('3. reminder', () => {
  it('reminds each participant and the coach once, at the lead time before the start, the coach with the group', async () => {
    // One hour of lead time, and a start just over an hour away: the reminders fall due within seconds.
    const p = await program({ reminderHours: 1 });
    const startsAt = new Date(Math.ceil((Date.now() + 3_600_000 + 15_000) / 1000) * 1000);
    const published = await call(t, 'POST', '/api/sessions', {
      cookie: await t.cookieFor(p.coach),
      body: { moduleId: p.module.id, startsAt: startsAt.toISOString(), timeZone: 'Europe/Berlin', format: 'in_person', roomId: p.room.id },
    });
    expect(published.status, published.text).toBe(201);
    const sessionId = published.body.id as string;
    await book(p, p.ann, sessionId);
    await book(p, p.bernd, sessionId);
    const isReminder = (to: PersonRow) => (m: CapturedMail) => m.envelope.to.includes(to.email) && /^(Reminder|Erinnerung):/.test(m.parsed.subject ?? '');
    await mailbox.waitFor(isReminder(p.ann), 40_000);
    await mailbox.waitFor(isReminder(p.bernd), 40_000);
    await mailbox.waitFor(isReminder(p.coach), 40_000);
    await expectMailCounts(p.org.id, { [p.ann.email]: 2, [p.bernd.email]: 2, [p.coach.email]: 3 });
    const sentAt = await t.database.db.selectFrom('outgoing_messages').where('org_id', '=', p.org.id).where('kind', '=', 'reminder')
      .select(['sent_at', 'status']).execute();
    expect(sentAt).toHaveLength(3);
    for (const r of sentAt) {
      expect(r.status).toBe('sent');
      expect(r.sent_at!.getTime()).toBeGreaterThanOrEqual(startsAt.getTime() - 3_600_000);
    }

    // Times as an independent formatter writes them in each reader's zone.
    const hhmm = (zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(startsAt);
    const ann = mailbox.to(p.ann.email).find(isReminder(p.ann))!;
    expect(ann.parsed.subject).toMatch(new RegExp(`^Reminder: ${TITLE}, \\w{3} \\d{1,2} \\w{3} \\d{4}, ${hhmm('America/New_York')} E[SD]T$`));
    expectSays(ann, `Hello ${p.ann.name},`, 'a reminder that your Peer-to-Peer Learning session is coming up.', '(America/New_York)', p.coach.name);
    expect(ann.parsed.text).toContain(`${hhmm('America/New_York')}–`);
    expect(ann.parsed.text).not.toContain(p.bernd.name);
    expect(calendarParts(ann)).toEqual([]);
    expect(hrefs(ann)).toEqual([SESSION_URL(sessionId)]);

    const bernd = mailbox.to(p.bernd.email).find(isReminder(p.bernd))!;
    expect(bernd.parsed.subject).toMatch(new RegExp(`^Erinnerung: ${TITLE}, .+, ${hhmm('Europe/Berlin')} MES?Z$`));
    expectSays(bernd, 'eine Erinnerung: Ihre Peer-to-Peer-Learning-Runde steht bevor.', '(Europe/Berlin)');
    expect(bernd.parsed.text).not.toContain(p.ann.name);

    const coach = mailbox.to(p.coach.email).find(isReminder(p.coach))!;
    expectSays(coach, 'eine Erinnerung: Die Runde, die Sie begleiten, steht bevor.', 'Teilnehmende (2 von 4 Plätzen belegt)',
      `${p.ann.name}, Sales <${p.ann.email}>`, `${p.bernd.name}, Einkauf <${p.bernd.email}>`);
  }, 90_000);

  it('is not scheduled for a booking made closer to the start than the lead time: the confirmation is the last word', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, startsAt: new Date(Date.now() + 3 * 3_600_000) });
    const booking = await book(p, p.ann, session.id);
    await expectMailCounts(p.org.id, { [p.ann.email]: 1, [p.coach.email]: 1 });
    expect(lastTo(p.ann).parsed.subject).toMatch(/^Seat confirmed:/);
    const reminders = await t.database.db.selectFrom('outgoing_messages').where('org_id', '=', p.org.id).where('kind', '=', 'reminder')
      .select('booking_id').execute();
    expect(reminders.filter((r) => r.booking_id === booking.id)).toEqual([]);
  });
});

describe('4. booking cancelled', () => {
  it('withdraws the employee’s calendar entry (CANCEL, next SEQUENCE, same UID) and tells the coach the seat is free', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    const booking = await book(p, p.ann, session.id);
    const res = await call(t, 'POST', `/api/bookings/${booking.id}/cancel`, { cookie: await t.cookieFor(p.ann) });
    expect(res.status, res.text).toBe(200);
    await expectMailCounts(p.org.id, { [p.ann.email]: 2, [p.coach.email]: 2 });

    const mail = lastTo(p.ann);
    expect(mail.parsed.subject).toBe(`Seat cancelled: ${TITLE}, Tue 12 Jan ${Y}, 09:00 EST`);
    expectSays(mail, 'your seat has been cancelled as you asked, and the calendar entry is withdrawn.', ANN_WHEN);
    expect(hrefs(mail)).toEqual([SESSION_URL(session.id), `${TEST_ORIGIN}/sessions`]);
    const now = await bookingRow(booking.id);
    expect(now.calendar_sequence).toBe(1);
    expectInvitation(mail, { method: 'CANCEL', uid: booking.calendar_uid, sequence: 1, startsAt: JAN_12, attendees: [p.ann.email, p.coach.email] });

    const coach = lastTo(p.coach);
    expect(coach.parsed.subject).toBe(`Ihre Gruppe für ${TITLE}, Di 12. Jan ${Y}, 15:00 MEZ: 0 von 4 Plätzen belegt`);
    expectSays(coach, `${p.ann.name} hat den Platz zurückgegeben; er ist wieder frei.`, 'Zurzeit hat niemand einen Platz.');
    expect(calendarParts(coach)).toEqual([]);
  });

  it('says so when an admin gave the seat up for the employee', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    const booking = await book(p, p.bernd, session.id);
    const res = await call(t, 'POST', `/api/bookings/${booking.id}/cancel`, { cookie: await t.cookieFor(p.admin) });
    expect(res.status, res.text).toBe(200);
    await expectMailCounts(p.org.id, { [p.bernd.email]: 2, [p.coach.email]: 2 });
    const mail = lastTo(p.bernd);
    expect(mail.parsed.subject).toBe(`Platz storniert: ${TITLE}, Di 12. Jan ${Y}, 15:00 MEZ`);
    expectSays(mail, 'eine Administratorin oder ein Administrator Ihres Programms hat Ihren Platz storniert', BERND_WHEN);
    expectInvitation(mail, { method: 'CANCEL', uid: booking.calendar_uid, sequence: 1 });
  });
});

describe('5. booking moved', () => {
  it('sends one mail: the new invitation (REQUEST) and the old one withdrawn (cancelled.ics, CANCEL); each coach hears of their group', async () => {
    const p = await program();
    const db = t.database.db;
    const otherCoach = await buildPerson(db, { org: p.org, roles: ['coach', 'employee'], locale: 'en', timeZone: 'America/New_York' });
    const from = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    // Thursday 14 January, 10:00 UTC: 05:00 in New York.
    const to = await buildSession(db, { org: p.org, coach: otherCoach, module: p.module, format: 'virtual', startsAt: new Date(`${Y}-01-14T10:00:00Z`) });
    const old = await book(p, p.ann, from.id);
    const res = await call(t, 'POST', `/api/bookings/${old.id}/move`, { cookie: await t.cookieFor(p.ann), body: { sessionId: to.id } });
    expect(res.status, res.text).toBe(201);
    const moved = await bookingRow(res.body.id);
    const oldNow = await bookingRow(old.id);
    // Ann: the confirmation, then the one mail of the move; no separate cancellation or confirmation.
    await expectMailCounts(p.org.id, { [p.ann.email]: 2, [p.coach.email]: 2, [otherCoach.email]: 1 });

    const mail = lastTo(p.ann);
    expect(mail.parsed.subject).toBe(`Seat moved: ${TITLE}, now Thu 14 Jan ${Y}, 05:00 EST`);
    expectSays(mail, `your seat has moved from the session on ${ANN_WHEN} to the one below.`,
      `Thursday, 14 January ${Y}, 05:00–06:30 Eastern Standard Time (America/New_York)`);
    expect(hrefs(mail)).toEqual([to.online_url, SESSION_URL(to.id)]);
    expectInvitation(mail, { method: 'REQUEST', uid: moved.calendar_uid, sequence: 0, startsAt: to.starts_at, attendees: [p.ann.email, otherCoach.email] });
    const cancelled = calendarParts(mail).filter((c) => c.filename === 'cancelled.ics');
    expect(cancelled).toHaveLength(1);
    expect(cancelled[0]!.mimeType).toBe('text/calendar');
    expect(oldNow).toMatchObject({ status: 'cancelled', calendar_sequence: 1 });
    expectCalendarPart(cancelled[0]!, { method: 'CANCEL', uid: old.calendar_uid, sequence: 1, startsAt: JAN_12, attendees: [p.ann.email, p.coach.email] });
    expect(moved.calendar_uid).not.toBe(old.calendar_uid);

    const left = lastTo(p.coach);
    expectSays(left, `${p.ann.name} hat den Platz zurückgegeben; er ist wieder frei.`);
    const joined = lastTo(otherCoach);
    expect(joined.parsed.subject).toBe(`Your group for ${TITLE}, Thu 14 Jan ${Y}, 05:00 EST: 1 of 4 seats taken`);
    expectSays(joined, `${p.ann.name} took a seat.`, `${p.ann.name}, Sales <${p.ann.email}>`);
  });
});

describe('6. session changed', () => {
  it('sends every participant an updated invitation (REQUEST, SEQUENCE + 1, same UID) when the place changes; nobody else hears', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    const a = await book(p, p.ann, session.id);
    const b = await book(p, p.bernd, session.id);
    const res = await call(t, 'PATCH', `/api/sessions/${session.id}`, {
      cookie: await t.cookieFor(p.coach), body: { roomId: p.otherRoom.id, locationNote: 'Second floor, by the kitchen' },
    });
    expect(res.status, res.text).toBe(200);
    await expectMailCounts(p.org.id, { [p.ann.email]: 2, [p.bernd.email]: 2, [p.coach.email]: 2 });

    const ann = lastTo(p.ann);
    expect(ann.parsed.subject).toBe(`Session changed: ${TITLE}, Tue 12 Jan ${Y}, 09:00 EST`);
    expectSays(ann, 'the session you booked has changed (the place and the note on the place).', `${p.otherRoom.name}, Hamburg`,
      'Second floor, by the kitchen', ANN_WHEN);
    expect(ann.parsed.text).not.toContain(p.room.name);
    const annEvent = expectInvitation(ann, { method: 'REQUEST', uid: a.calendar_uid, sequence: 1, startsAt: JAN_12, attendees: [p.ann.email, p.coach.email] });
    expect(annEvent.getFirstPropertyValue('location')).toBe(`${p.otherRoom.name}, Hamburg (Second floor, by the kitchen)`);

    const bernd = lastTo(p.bernd);
    expect(bernd.parsed.subject).toBe(`Runde geändert: ${TITLE}, Di 12. Jan ${Y}, 15:00 MEZ`);
    expectSays(bernd, 'an Ihrer gebuchten Runde hat sich etwas geändert (der Ort und der Hinweis zum Ort).', `${p.otherRoom.name}, Hamburg`);
    expectInvitation(bernd, { method: 'REQUEST', uid: b.calendar_uid, sequence: 1, startsAt: JAN_12 });
    expect(hrefs(bernd)).toEqual([SESSION_URL(session.id)]);
  });

  it('gives each participant the new time in their own zone, named', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    const a = await book(p, p.ann, session.id);
    const b = await book(p, p.bernd, session.id);
    // Wednesday 13 January, 17:00 in Berlin = 16:00 UTC = 11:00 in New York.
    const res = await call(t, 'PATCH', `/api/sessions/${session.id}`, {
      cookie: await t.cookieFor(p.admin), body: { startsAt: `${Y}-01-13T17:00`, timeZone: 'Europe/Berlin' },
    });
    expect(res.status, res.text).toBe(200);
    await expectMailCounts(p.org.id, { [p.ann.email]: 2, [p.bernd.email]: 2, [p.coach.email]: 2 });
    const newStart = new Date(`${Y}-01-13T16:00:00Z`);

    const ann = lastTo(p.ann);
    expect(ann.parsed.subject).toBe(`Session changed: ${TITLE}, Wed 13 Jan ${Y}, 11:00 EST`);
    expectSays(ann, '(the time)', `Wednesday, 13 January ${Y}, 11:00–12:30 Eastern Standard Time (America/New_York)`);
    expectInvitation(ann, { method: 'REQUEST', uid: a.calendar_uid, sequence: 1, startsAt: newStart });
    const bernd = lastTo(p.bernd);
    expect(bernd.parsed.subject).toBe(`Runde geändert: ${TITLE}, Mi 13. Jan ${Y}, 17:00 MEZ`);
    expectSays(bernd, '(die Zeit)', `Mittwoch, 13. Januar ${Y}, 17:00–18:30 Mitteleuropäische Normalzeit (Europe/Berlin)`);
    expectInvitation(bernd, { method: 'REQUEST', uid: b.calendar_uid, sequence: 1, startsAt: newStart });
  });

  it('tells a participant when the new time overlaps another seat they hold, and which', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    const otherCoach = await buildPerson(t.database.db, { org: p.org, roles: ['coach', 'employee'] });
    const otherModule = await buildModule(t.database.db, { org: p.org, title: 'Saying no' });
    // Wednesday 13 January, 16:30 UTC: 11:30 in New York.
    const other = await buildSession(t.database.db, { org: p.org, coach: otherCoach, module: otherModule, room: p.otherRoom, startsAt: new Date(`${Y}-01-13T16:30:00Z`) });
    await book(p, p.ann, session.id);
    await book(p, p.ann, other.id);
    await book(p, p.bernd, session.id);
    const res = await call(t, 'PATCH', `/api/sessions/${session.id}`, {
      cookie: await t.cookieFor(p.admin), body: { startsAt: `${Y}-01-13T17:00`, timeZone: 'Europe/Berlin' },
    });
    expect(res.status, res.text).toBe(200);
    await expectMailCounts(p.org.id, { [p.ann.email]: 3, [p.bernd.email]: 2, [p.coach.email]: 2, [otherCoach.email]: 1 });
    const ann = lastTo(p.ann);
    expect(ann.parsed.subject).toMatch(/^Session changed:/);
    expectSays(ann, 'At its new time it overlaps another session you hold a seat in',
      `Saying no, Wednesday, 13 January ${Y}, 11:30–13:00 Eastern Standard Time (America/New_York)`);
    expect(hrefs(ann)).toContain(`${TEST_ORIGIN}/my-sessions`);
    expect(lastTo(p.bernd).parsed.text).not.toContain('überschneidet');
  });

  it('on a new coach: participants get the invitation naming the new coach, the old coach is told, the new one gets the group', async () => {
    const p = await program();
    const db = t.database.db;
    const newCoach = await buildPerson(db, { org: p.org, roles: ['coach', 'employee'], locale: 'en', timeZone: 'America/New_York', name: `Nora New ${p.tag}` });
    const session = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    const a = await book(p, p.ann, session.id);
    const b = await book(p, p.bernd, session.id);
    const res = await call(t, 'POST', `/api/sessions/${session.id}/reassign`, { cookie: await t.cookieFor(p.admin), body: { coachId: newCoach.id } });
    expect(res.status, res.text).toBe(200);
    await expectMailCounts(p.org.id, { [p.ann.email]: 2, [p.bernd.email]: 2, [p.coach.email]: 3, [newCoach.email]: 1 });

    const ann = lastTo(p.ann);
    expectSays(ann, '(the coach)', newCoach.name);
    expect(ann.parsed.text).not.toContain(p.coach.name);
    expectInvitation(ann, { method: 'REQUEST', uid: a.calendar_uid, sequence: 1, startsAt: JAN_12, attendees: [p.ann.email, newCoach.email] });
    expectInvitation(lastTo(p.bernd), { method: 'REQUEST', uid: b.calendar_uid, sequence: 1, attendees: [p.bernd.email, newCoach.email] });

    const removed = lastTo(p.coach);
    expect(removed.parsed.subject).toBe(`An einen anderen Coach übergeben: ${TITLE}, Di 12. Jan ${Y}, 15:00 MEZ`);
    expectSays(removed, 'diese Runde wurde an einen anderen Coach übergeben; Sie begleiten sie nicht mehr.');
    expect(calendarParts(removed)).toEqual([]);

    const assigned = lastTo(newCoach);
    expect(assigned.parsed.subject).toBe(`You now coach: ${TITLE}, Tue 12 Jan ${Y}, 09:00 EST`);
    expectSays(assigned, `Hello ${newCoach.name},`, 'an administrator has handed this session to you. Here is the group.',
      `${p.ann.name}, Sales <${p.ann.email}>`, `${p.bernd.name}, Einkauf <${p.bernd.email}>`, ANN_WHEN);
    expect(calendarParts(assigned)).toEqual([]);
    expect(hrefs(assigned)).toEqual([SESSION_URL(session.id)]);
  });
});

describe('7. session cancelled', () => {
  it('withdraws every participant’s entry (CANCEL) with the reason and up to three open sessions of the module, linked; the coach who cancelled gets nothing', async () => {
    const p = await program();
    const db = t.database.db;
    const session = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    const day = (d: number) => new Date(`${Y}-01-${d}T09:00:00Z`);
    const open1 = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, format: 'virtual', startsAt: day(15) });
    const open2 = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: day(16) });
    const full = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, format: 'virtual', startsAt: day(17), capacity: 1 });
    await db.insertInto('bookings').values({ org_id: p.org.id, session_id: full.id, person_id: p.admin.id }).execute();
    const open3 = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, format: 'virtual', startsAt: day(18) });
    const fourth = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, format: 'virtual', startsAt: day(19) });
    const otherModule = await buildSession(db, { org: p.org, coach: p.coach, format: 'virtual', startsAt: day(14) });
    const a = await book(p, p.ann, session.id);
    const b = await book(p, p.bernd, session.id);

    const res = await call(t, 'POST', `/api/sessions/${session.id}/cancel`, { cookie: await t.cookieFor(p.coach), body: { reason: 'The coach is ill' } });
    expect(res.status, res.text).toBe(200);
    await expectMailCounts(p.org.id, { [p.ann.email]: 2, [p.bernd.email]: 2, [p.coach.email]: 2 });

    const ann = lastTo(p.ann);
    expect(ann.parsed.subject).toBe(`Session cancelled: ${TITLE}, Tue 12 Jan ${Y}, 09:00 EST`);
    expectSays(ann, 'the session you booked has been cancelled, and its calendar entry is withdrawn.', 'Reason: The coach is ill',
      'Other sessions of this module with free seats:', ANN_WHEN,
      `Friday, 15 January ${Y}, 04:00–05:30 Eastern Standard Time (America/New_York), online, 4 seats left: ${SESSION_URL(open1.id)}`,
      `Saturday, 16 January ${Y}, 04:00–05:30 Eastern Standard Time (America/New_York), Hamburg, 4 seats left: ${SESSION_URL(open2.id)}`,
      `Monday, 18 January ${Y}, 04:00–05:30 Eastern Standard Time (America/New_York), online, 4 seats left: ${SESSION_URL(open3.id)}`);
    expect(hrefs(ann)).toEqual([SESSION_URL(session.id), SESSION_URL(open1.id), SESSION_URL(open2.id), SESSION_URL(open3.id)]);
    for (const never of [full, fourth, otherModule]) expect(ann.raw + String(ann.parsed.text)).not.toContain(never.id);
    expectInvitation(ann, { method: 'CANCEL', uid: a.calendar_uid, sequence: 1, startsAt: JAN_12, attendees: [p.ann.email, p.coach.email] });

    const bernd = lastTo(p.bernd);
    expect(bernd.parsed.subject).toBe(`Runde abgesagt: ${TITLE}, Di 12. Jan ${Y}, 15:00 MEZ`);
    expectSays(bernd, 'Grund: The coach is ill', 'Andere Runden dieses Moduls mit freien Plätzen:',
      `Freitag, 15. Januar ${Y}, 10:00–11:30 Mitteleuropäische Normalzeit (Europe/Berlin), online, 4 Plätze frei: ${SESSION_URL(open1.id)}`);
    expectInvitation(bernd, { method: 'CANCEL', uid: b.calendar_uid, sequence: 1, startsAt: JAN_12 });
  });

  it('tells the coach too when an admin cancelled, and points participants to the list when no other session has a seat', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    const a = await book(p, p.ann, session.id);
    const res = await call(t, 'POST', `/api/sessions/${session.id}/cancel`, { cookie: await t.cookieFor(p.admin), body: { reason: 'Room flooded' } });
    expect(res.status, res.text).toBe(200);
    await expectMailCounts(p.org.id, { [p.ann.email]: 2, [p.coach.email]: 2 });

    const ann = lastTo(p.ann);
    expectSays(ann, 'Reason: Room flooded', 'No other session of this module has free seats right now');
    expect(hrefs(ann)).toEqual([SESSION_URL(session.id), `${TEST_ORIGIN}/sessions`]);
    expectInvitation(ann, { method: 'CANCEL', uid: a.calendar_uid, sequence: 1 });

    const coach = lastTo(p.coach);
    expect(coach.parsed.subject).toBe(`Runde abgesagt: ${TITLE}, Di 12. Jan ${Y}, 15:00 MEZ`);
    expectSays(coach, 'eine Runde, die Sie begleiten, wurde von der Administration abgesagt.', 'Grund: Room flooded', BERND_WHEN);
    expect(calendarParts(coach)).toEqual([]);
  });
});

describe('a coach away', () => {
  it('tells every admin, in their language and zone, which sessions need a new coach, with the way to reassign them; nobody else hears', async () => {
    const p = await program();
    const dora = await buildPerson(t.database.db, { org: p.org, roles: ['admin', 'employee'], locale: 'de', timeZone: 'Europe/Berlin', name: `Dora Admin ${p.tag}` });
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: new Date(`${Y}-01-20T14:00:00Z`) });
    await book(p, p.ann, session.id);
    const coachCookie = await t.cookieFor(p.coach);

    const res = await call(t, 'POST', '/api/me/absences', { cookie: coachCookie, body: { firstDay: `${Y}-01-11`, lastDay: `${Y}-01-13`, note: 'Covered by nobody yet' } });
    expect(res.status, res.text).toBe(201);
    await expectMailCounts(p.org.id, { [p.ann.email]: 1, [p.coach.email]: 1, [p.admin.email]: 1, [dora.email]: 1 });

    const german = lastTo(dora);
    expect(german.parsed.subject).toBe(`Coach abwesend: ${p.coach.name}, 1 Runde braucht einen neuen Coach`);
    expectSays(german, `Hallo ${dora.name},`, `von Montag, 11. Januar ${Y} bis Mittwoch, 13. Januar ${Y}`,
      `${TITLE}, Dienstag, 12. Januar ${Y}, 15:00–16:30`, '1 von 4 Plätzen belegt', 'Hinweis: Covered by nobody yet');
    expect(hrefs(german)).toEqual([`${TEST_ORIGIN}/admin/reassign`]);
    expect(calendarParts(german)).toEqual([]);
    const english = lastTo(p.admin);
    expect(english.parsed.subject).toBe(`Coach away: ${p.coach.name}, 1 session needs a new coach`);
    expectSays(english, `from Monday, 11 January ${Y} to Wednesday, 13 January ${Y}`, 'Reassign or cancel');
    // Only the session inside the absence is listed.
    expect(english.parsed.text?.match(new RegExp(TITLE, 'g'))?.length).toBe(1);

    // Days away with no session in them leave the admins alone.
    const quiet = await call(t, 'POST', '/api/me/absences', { cookie: coachCookie, body: { firstDay: `${Y}-03-01`, lastDay: `${Y}-03-02` } });
    expect(quiet.status, quiet.text).toBe(201);
    await expectMailCounts(p.org.id, { [p.ann.email]: 1, [p.coach.email]: 1, [p.admin.email]: 1, [dora.email]: 1 });
  });
});

describe('8. log-in link', () => {
  it.each([
    ['en', 'Your Quartet sign-in link', 'Sign in to Quartet'],
    ['de', 'Ihr Anmeldelink für Quartet', 'Bei Quartet anmelden'],
  ] as const)('goes through the queue to the person alone (%s), linking to the sign-in page of this deployment', async (locale, subject, button) => {
    const p = await program();
    const person = locale === 'en' ? p.ann : p.bernd;
    const res = await call(t, 'POST', '/api/auth/login-link', { body: { email: person.email } });
    expect(res.status, res.text).toBe(202);
    // The request adds a job that queues the message (features/auth/jobs.ts): wait for its mail.
    await mailbox.waitFor((m) => m.envelope.to.includes(person.email.toLowerCase()));
    await expectMailCounts(p.org.id, { [person.email]: 1 });
    const mail = lastTo(person);
    expect(mail.parsed.subject).toBe(subject);
    expectSays(mail, button);
    const links = hrefs(mail);
    expect(links).toHaveLength(1);
    const url = new URL(links[0]!);
    expect([url.origin, url.pathname, url.search]).toEqual([TEST_ORIGIN, '/sign-in', '']);
    expect(url.hash).toMatch(/^#token=[\w-]{20,100}$/);
    expect(mail.parsed.text).toContain(url.href);
    expect(calendarParts(mail)).toEqual([]);
    const row = await t.database.db.selectFrom('outgoing_messages').where('org_id', '=', p.org.id).select(['kind', 'status']).execute();
    expect(row).toEqual([{ kind: 'login_link', status: 'sent' }]);
  });
});
