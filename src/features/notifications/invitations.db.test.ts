// A calendar invitation's life, and what a full session's participants can learn about each
// other from their mail: through the HTTP API, Quartet's worker and mailer, a real SMTP listener.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildRoom, buildSession, type PersonRow } from '../../../test/factories.ts';
import {
  calendarParts, everythingReadable, expectInvitation, settled, mailboxWithWorker,
  type CapturedMail, type CapturingMailbox,
} from '../../../test/mail-assertions.ts';

// Sessions start on days of the first year laid out like 2027 whose 2 February is still a month away.
const Y = yearLike(2027, '02-02');

let t: TestApp;
let mailbox: CapturingMailbox;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
  mailbox = await mailboxWithWorker(t, 'file');
});

const subjectIs = (person: PersonRow, prefix: RegExp) => (m: CapturedMail) =>
  m.envelope.to.includes(person.email.toLowerCase()) && prefix.test(m.parsed.subject ?? '');

async function bookingRow(id: string) {
  return t.database.db.selectFrom('bookings').where('id', '=', id).select(['calendar_uid', 'calendar_sequence', 'status']).executeTakeFirstOrThrow();
}

describe('an invitation’s life cycle', () => {
  it('confirmed (SEQUENCE n, REQUEST) -> place changed (n+1, REQUEST) -> cancelled (n+2, CANCEL), one UID throughout', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const person = await buildPerson(db, { org, locale: 'en', timeZone: 'America/New_York' });
    const rooms = [await buildRoom(db, { org }), await buildRoom(db, { org })];
    const session = await buildSession(db, { org, coach, room: rooms[0], startsAt: new Date(`${Y}-02-02T09:00:00Z`) });
    const cookie = await t.cookieFor(person);

    const booked = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie });
    expect(booked.status, booked.text).toBe(201);
    const { calendar_uid: uid, calendar_sequence: n } = await bookingRow(booked.body.id);
    const confirmed = await mailbox.waitFor(subjectIs(person, /^Seat confirmed:/));
    expectInvitation(confirmed, { method: 'REQUEST', uid, sequence: n, startsAt: session.starts_at, attendees: [person.email, coach.email] });

    const changed = await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: await t.cookieFor(coach), body: { roomId: rooms[1]!.id } });
    expect(changed.status, changed.text).toBe(200);
    const update = await mailbox.waitFor(subjectIs(person, /^Session changed:/));
    const event = expectInvitation(update, { method: 'REQUEST', uid, sequence: n + 1, startsAt: session.starts_at, attendees: [person.email, coach.email] });
    expect(String(event.getFirstPropertyValue('location'))).toContain(rooms[1]!.name);

    const cancelled = await call(t, 'POST', `/api/bookings/${booked.body.id}/cancel`, { cookie });
    expect(cancelled.status, cancelled.text).toBe(200);
    const withdrawal = await mailbox.waitFor(subjectIs(person, /^Seat cancelled:/));
    expectInvitation(withdrawal, { method: 'CANCEL', uid, sequence: n + 2, startsAt: session.starts_at, attendees: [person.email, coach.email] });

    await settled(db, org.id);
    expect(mailbox.to(person.email)).toEqual([confirmed, update, withdrawal]);
    expect(await bookingRow(booked.body.id)).toEqual({ calendar_uid: uid, calendar_sequence: n + 2, status: 'cancelled' });
  });

  it('confirmed -> time changed -> session cancelled by its coach: the same UID, the SEQUENCE rising each time', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const person = await buildPerson(db, { org, locale: 'de', timeZone: 'Asia/Tokyo' });
    const session = await buildSession(db, { org, coach, startsAt: new Date(`${Y}-02-03T09:00:00Z`) });

    const booked = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(person) });
    expect(booked.status, booked.text).toBe(201);
    const { calendar_uid: uid, calendar_sequence: n } = await bookingRow(booked.body.id);
    expectInvitation(await mailbox.waitFor(subjectIs(person, /^Platz bestätigt:/)), { method: 'REQUEST', uid, sequence: n });

    const coachCookie = await t.cookieFor(coach);
    const moved = await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: coachCookie, body: { startsAt: `${Y}-02-03T12:00:00Z` } });
    expect(moved.status, moved.text).toBe(200);
    const update = await mailbox.waitFor(subjectIs(person, /^Termin geändert:/));
    // 12:00 UTC is 21:00 in Tokyo.
    expect(update.parsed.subject).toMatch(/, 21:00 /);
    expect(update.parsed.text).toContain('21:00–22:30');
    expect(update.parsed.text).toContain('(Asia/Tokyo)');
    expectInvitation(update, { method: 'REQUEST', uid, sequence: n + 1, startsAt: new Date(`${Y}-02-03T12:00:00Z`) });

    const cancelled = await call(t, 'POST', `/api/sessions/${session.id}/cancel`, { cookie: coachCookie, body: { reason: 'Too few sign-ups' } });
    expect(cancelled.status, cancelled.text).toBe(200);
    const withdrawal = await mailbox.waitFor(subjectIs(person, /^Termin abgesagt:/));
    expectInvitation(withdrawal, { method: 'CANCEL', uid, sequence: n + 2, startsAt: new Date(`${Y}-02-03T12:00:00Z`) });
    await settled(db, org.id);
    expect(mailbox.to(person.email)).toHaveLength(3);
  });
});

describe('privacy in a full session', () => {
  it('no participant’s mail or calendar file names another participant; the coach’s roster names them all', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db, { participants_visible: false });
    // Reminders an hour ahead, and a start just over an hour away, so the reminders go out during the test.
    await db.updateTable('organisations').set({ reminder_hours_before: 1 }).where('id', '=', org.id).execute();
    const tag = org.slug.slice(4);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: `Clara Coach ${tag}` });
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const module = await buildModule(db, { org });
    const rooms = [await buildRoom(db, { org }), await buildRoom(db, { org })];
    const people = [
      await buildPerson(db, { org, name: `Pia Privat ${tag}`, locale: 'de', timeZone: 'Europe/Berlin', department: 'Legal' }),
      await buildPerson(db, { org, name: `Quinn Quiet ${tag}`, locale: 'en', timeZone: 'America/New_York', department: 'Sales' }),
      await buildPerson(db, { org, name: `Rosa Ruhig ${tag}`, locale: 'de', timeZone: 'Asia/Tokyo', department: 'Finance' }),
      await buildPerson(db, { org, name: `Sam Silent ${tag}`, locale: 'en', timeZone: 'Europe/London', department: 'Design' }),
    ];
    const startsAt = new Date(Math.ceil((Date.now() + 3_600_000 + 15_000) / 1000) * 1000);
    const published = await call(t, 'POST', '/api/sessions', {
      cookie: await t.cookieFor(coach),
      body: { moduleId: module.id, startsAt: startsAt.toISOString(), timeZone: 'Europe/Berlin', format: 'in_person', roomId: rooms[0]!.id, capacity: 4 },
    });
    expect(published.status, published.text).toBe(201);
    const sessionId = published.body.id as string;
    const bookings: string[] = [];
    for (const person of people) {
      const res = await call(t, 'POST', `/api/sessions/${sessionId}/bookings`, { cookie: await t.cookieFor(person) });
      expect(res.status, res.text).toBe(201);
      bookings.push(res.body.id);
      await settled(db, org.id);
    }
    const full = await call(t, 'POST', `/api/sessions/${sessionId}/bookings`, { cookie: await t.cookieFor(admin) });
    expect(full.body.code).toBe('SESSION_FULL');

    for (const person of [...people, coach]) await mailbox.waitFor(subjectIs(person, /^(Reminder|Erinnerung):/), 45_000);
    const changed = await call(t, 'PATCH', `/api/sessions/${sessionId}`, { cookie: await t.cookieFor(coach), body: { roomId: rooms[1]!.id } });
    expect(changed.status, changed.text).toBe(200);
    await settled(db, org.id);
    const cancelled = await call(t, 'POST', `/api/sessions/${sessionId}/cancel`, { cookie: await t.cookieFor(admin), body: { reason: 'Fire drill' } });
    expect(cancelled.status, cancelled.text).toBe(200);
    await settled(db, org.id);

    const kinds = [/^(Seat confirmed|Platz bestätigt):/, /^(Reminder|Erinnerung):/, /^(Session changed|Termin geändert):/, /^(Session cancelled|Termin abgesagt):/];
    for (const [i, person] of people.entries()) {
      const mails = mailbox.to(person.email);
      expect(mails.map((m) => kinds.findIndex((k) => k.test(m.parsed.subject ?? '')))).toEqual([0, 1, 2, 3]);
      const others = people.filter((o) => o !== person);
      for (const mail of mails) {
        const readable = everythingReadable(mail).toLowerCase();
        // The check can see names: the reader's own, and the coach's, are there.
        expect(readable).toContain(person.name.toLowerCase());
        expect(readable).toContain(coach.name.toLowerCase());
        for (const other of others) {
          expect(readable, `${person.name}'s "${mail.parsed.subject}" names ${other.name}`).not.toContain(other.name.toLowerCase());
          expect(readable, `${person.name}'s "${mail.parsed.subject}" gives ${other.email}`).not.toContain(other.email.toLowerCase());
          expect(readable).not.toContain(other.id);
        }
        for (const part of calendarParts(mail)) {
          for (const event of part.vevents) {
            const attendees = event.getAllProperties('attendee').map((a) => String(a.getFirstValue()).toLowerCase());
            expect(attendees.sort()).toEqual([`mailto:${person.email}`, `mailto:${coach.email}`].map((a) => a.toLowerCase()).sort());
          }
        }
      }
      const { calendar_uid: uid } = await bookingRow(bookings[i]!);
      expectInvitation(mails[0]!, { method: 'REQUEST', uid, sequence: 0 });
      expect(calendarParts(mails[1]!)).toEqual([]);
      expectInvitation(mails[2]!, { method: 'REQUEST', uid, sequence: 1 });
      expectInvitation(mails[3]!, { method: 'CANCEL', uid, sequence: 2 });
    }

    const coachMails = mailbox.to(coach.email);
    const rosters = coachMails.filter((m) => /^Your group for/.test(m.parsed.subject ?? ''));
    expect(rosters).toHaveLength(4);
    const reminder = coachMails.find((m) => /^Reminder:/.test(m.parsed.subject ?? ''))!;
    for (const mail of [rosters.at(-1)!, reminder]) {
      for (const person of people) expect(mail.parsed.text).toContain(`${person.name}, ${person.department} <${person.email}>`);
    }
    expect(coachMails.filter((m) => /^Session cancelled:/.test(m.parsed.subject ?? ''))).toHaveLength(1);
    const unexpected = await sql<{ n: number }>`select count(*)::int as n from outgoing_messages where org_id = ${org.id} and status <> 'sent' and status <> 'moot'`.execute(db);
    expect(unexpected.rows[0]!.n).toBe(0);
    expect(coachMails.flatMap(calendarParts)).toEqual([]);
  }, 90_000);
});
