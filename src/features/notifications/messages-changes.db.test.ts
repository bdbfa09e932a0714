// The messages of a change, end to end (booking moved, session changed or cancelled, a coach away,
// the log-in link), as messages.db.test.ts does for a seat's.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { TEST_ORIGIN, type TestApp } from '../../../test/app.ts';
import { buildModule, buildPerson, buildRoom, buildSession } from '../../../test/factories.ts';
import {
  calendarParts, expectCalendarPart, expectInvitation, expectSays, hrefs,
  type CapturingMailbox,
} from '../../../test/mail-assertions.ts';
import { ANN_WHEN, BERND_WHEN, JAN_12, SESSION_URL, TITLE, Y, messageTestbed } from '../../../test/message-testbed.ts';

const { bed, program, bookingRow, book, expectMailCounts, lastTo } = messageTestbed();
let t: TestApp;
let mailbox: CapturingMailbox;
beforeAll(() => {
  ({ t, mailbox } = bed);
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
    expect(bernd.parsed.subject).toBe(`Termin geändert: ${TITLE}, Di 12. Jan ${Y}, 15:00 MEZ`);
    expectSays(bernd, 'an Ihrem gebuchten Termin hat sich etwas geändert (der Ort und der Hinweis zum Ort).', `${p.otherRoom.name}, Hamburg`);
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
    expect(bernd.parsed.subject).toBe(`Termin geändert: ${TITLE}, Mi 13. Jan ${Y}, 17:00 MEZ`);
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
    expectSays(removed, 'dieser Termin wurde an einen anderen Coach übergeben; Sie begleiten ihn nicht mehr.');
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
    expect(bernd.parsed.subject).toBe(`Termin abgesagt: ${TITLE}, Di 12. Jan ${Y}, 15:00 MEZ`);
    expectSays(bernd, 'Grund: The coach is ill', 'Andere Termine dieses Moduls mit freien Plätzen:',
      `Freitag, 15. Januar ${Y}, 10:00–11:30 Mitteleuropäische Normalzeit (Europe/Berlin), online, 4 Plätze frei: ${SESSION_URL(open1.id)}`);
    expectInvitation(bernd, { method: 'CANCEL', uid: b.calendar_uid, sequence: 1, startsAt: JAN_12 });
  });

  it('offers first the sessions a participant can reach: online or at their own site, before in-person ones elsewhere', async () => {
    const p = await program();
    const db = t.database.db;
    const lisbonRoom = await buildRoom(db, { org: p.org, site: 'Lisbon', timeZone: 'Europe/Lisbon' });
    const lisboeta = await buildPerson(db, { org: p.org, site: 'Lisbon', locale: 'en', timeZone: 'Europe/Lisbon' });
    const session = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, room: lisbonRoom, startsAt: JAN_12 });
    const day = (d: number) => new Date(`${Y}-01-${d}T09:00:00Z`);
    const hamburgSoon = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: day(13) });
    const online = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, format: 'virtual', startsAt: day(15) });
    const lisbonLater = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, room: lisbonRoom, startsAt: day(20) });
    const hamburgLater = await buildSession(db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: day(21) });
    await book(p, lisboeta, session.id);
    await book(p, p.ann, session.id);
    expect((await call(t, 'POST', `/api/sessions/${session.id}/cancel`, { cookie: await t.cookieFor(p.coach), body: { reason: 'Room flooded' } })).status).toBe(200);
    await expectMailCounts(p.org.id, { [lisboeta.email]: 2, [p.ann.email]: 2, [p.coach.email]: 2 });
    // Lisbon: the reachable two first (soonest first), then the soonest of elsewhere.
    expect(hrefs(lastTo(lisboeta)).slice(1)).toEqual([SESSION_URL(online.id), SESSION_URL(lisbonLater.id), SESSION_URL(hamburgSoon.id)]);
    // Ann's site is Hamburg: her own site's sessions and the online one, soonest first.
    expect(hrefs(lastTo(p.ann)).slice(1)).toEqual([SESSION_URL(hamburgSoon.id), SESSION_URL(online.id), SESSION_URL(hamburgLater.id)]);
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
    expect(coach.parsed.subject).toBe(`Termin abgesagt: ${TITLE}, Di 12. Jan ${Y}, 15:00 MEZ`);
    expectSays(coach, 'ein Termin, den Sie begleiten, wurde von der Administration abgesagt.', 'Grund: Room flooded', BERND_WHEN);
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
    expect(german.parsed.subject).toBe(`Coach abwesend: ${p.coach.name}, 1 Termin braucht einen neuen Coach`);
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
