// The messages of a seat, end to end (booking confirmed, roster changed, reminder, booking
// cancelled): a change through the HTTP API, the row queued in its transaction, Quartet's worker,
// Quartet's mailer, a real SMTP listener. Each mail is read as its recipient's client would read
// it: parsed by mailparser, its calendar parts by ical.js. Each test has an organisation of its
// own, and checks who got mail in it, not only who should have. The rest: messages-changes.db.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { TEST_ORIGIN, type TestApp } from '../../../test/app.ts';
import { buildSession, type PersonRow } from '../../../test/factories.ts';
import {
  calendarParts, expectInvitation, expectSays, hrefs,
  type CapturedMail, type CapturingMailbox,
} from '../../../test/mail-assertions.ts';
import { ANN_WHEN, BERND_WHEN, JAN_12, SESSION_URL, TITLE, Y, messageTestbed } from '../../../test/message-testbed.ts';

const { bed, program, bookingRow, book, expectMailCounts, lastTo } = messageTestbed();
let t: TestApp;
let mailbox: CapturingMailbox;
beforeAll(() => {
  ({ t, mailbox } = bed);
});

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
    expectSays(bernd, `Hallo ${p.bernd.name},`, BERND_WHEN, 'Ihr Platz in diesem Peer-to-Peer-Learning-Termin ist bestätigt.',
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
    expectSays(bernd, 'eine Erinnerung: Ihr Peer-to-Peer-Learning-Termin steht bevor.', '(Europe/Berlin)');
    expect(bernd.parsed.text).not.toContain(p.ann.name);

    const coach = mailbox.to(p.coach.email).find(isReminder(p.coach))!;
    expectSays(coach, 'eine Erinnerung: Der Termin, den Sie begleiten, steht bevor.', 'Teilnehmende (2 von 4 Plätzen belegt)',
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
