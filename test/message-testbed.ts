// The organisation, people and helpers the message tests share (features/notifications/messages*.db.test.ts):
// a change through the HTTP API, the row queued in its transaction, Quartet's worker and mailer, a
// real SMTP listener; each test has an organisation of its own.
import { sql } from 'kysely';
import { beforeAll, expect } from 'vitest';
import { call } from './api-calls.ts';
import { startTestApp, TEST_ORIGIN, type TestApp } from './app.ts';
import { yearLike } from './dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildRoom, type PersonRow } from './factories.ts';
import { mailboxWithWorker, settled, type CapturedMail, type CapturingMailbox } from './mail-assertions.ts';

// The dates here are written as in 2027 and run in the first year laid out like 2027 (every day on
// the same weekday) whose 11 January is still a month away: the subjects name the weekdays.
export const Y = yearLike(2027, '01-11');
export const TITLE = 'Feedback that lands';
// Tuesday 12 January, 14:00 UTC: 09:00 in New York (EST), 15:00 in Berlin (CET).
export const JAN_12 = new Date(`${Y}-01-12T14:00:00Z`);
export const SESSION_URL = (id: string) => `${TEST_ORIGIN}/sessions/${id}`;
export const ANN_WHEN = `Tuesday, 12 January ${Y}, 09:00–10:30 Eastern Standard Time (America/New_York)`;
export const BERND_WHEN = `Dienstag, 12. Januar ${Y}, 15:00–16:30 Mitteleuropäische Normalzeit (Europe/Berlin)`;

export interface MessageTestbed {
  t: TestApp;
  mailbox: CapturingMailbox;
}

/** Registers the file's app (no worker of its own) and mailbox with a worker; ready in beforeAll. */
export function messageTestbed() {
  const bed = {} as MessageTestbed;
  beforeAll(async () => {
    bed.t = await startTestApp({ worker: false });
    bed.mailbox = await mailboxWithWorker(bed.t, 'file');
  });

  /** An organisation of its own: a German-speaking coach in Berlin, an admin, a module, two rooms. */
  async function program(o: { reminderHours?: number } = {}) {
    const db = bed.t.database.db;
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
    return bed.t.database.db.selectFrom('bookings').where('id', '=', id).select(['calendar_uid', 'calendar_sequence', 'status']).executeTakeFirstOrThrow();
  }

  /** Takes a seat through the API and waits until the mail it causes has gone out. */
  async function book(p: Program, person: PersonRow, sessionId: string) {
    const res = await call(bed.t, 'POST', `/api/sessions/${sessionId}/bookings`, { cookie: await bed.t.cookieFor(person) });
    expect(res.status, res.text).toBe(201);
    await settled(bed.t.database.db, p.org.id);
    return { id: res.body.id as string, ...(await bookingRow(res.body.id)) };
  }

  /**
   * Everyone in the organisation got exactly this many mails (nobody else any), each delivered to
   * that one address alone, from the no-reply sender, to the address its header names.
   */
  async function expectMailCounts(orgId: string, expected: Record<string, number>) {
    const { t, mailbox } = bed;
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
    const mails = bed.mailbox.to(person.email);
    expect(mails.length).toBeGreaterThan(0);
    return mails.at(-1)!;
  };

  return { bed, program, bookingRow, book, expectMailCounts, lastTo };
}
