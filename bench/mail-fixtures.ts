// The mail benchmark's organisation: one employee per booking (so a confirmation names its booking
// by its recipient), sessions of 50 seats later today (no reminders fall due, few roster notices),
// each with a coach of its own. People and sessions go in with plain SQL; the bookings are made
// through the booking service as the app role, so their mail is queued exactly as Quartet queues it.
import { sql } from 'kysely';
import type pg from 'pg';
import type { Db } from '../src/db/pool.ts';
import { inOrg } from '../src/db/transaction.ts';
import { bookSeat } from '../src/features/bookings/service.ts';
import { composeMessage } from '../src/features/notifications/compose/message.ts';
import { sessionFacts, type SessionFacts } from '../src/features/notifications/queries.ts';
import type { Actor } from '../src/lib/actor.ts';
import type { OutgoingMail } from '../src/lib/mailer.ts';
import type { Organiser } from '../src/features/notifications/compose/calendar.ts';
import { createOrganisation, inOrgTx } from './fixtures.ts';

export const SEATS = 50;
const HOUR = 3_600_000;

export interface MailPerson {
  id: string;
  email: string;
  sessionId: string;
}

export interface MailOrg {
  orgId: string;
  /** Booked in the throughput run. */
  bulk: MailPerson[];
  /** Booked one at a time in the latency run. */
  paced: MailPerson[];
}

export async function createMailOrg(pool: pg.Pool, bulk: number, paced: number): Promise<MailOrg> {
  const orgId = await createOrganisation(pool, 'Mail benchmark');
  const sessionsFor = (n: number) => Math.ceil(n / SEATS);
  const sessionCount = sessionsFor(bulk) + sessionsFor(paced);
  return inOrgTx(pool, orgId, async (c) => {
    const module = await c.query<{ id: string }>(
      `insert into modules (org_id, code, title, summary) values ($1, 'MAIL-1', 'Giving Feedback', 'Practise it together.') returning id`, [orgId],
    );
    const coaches = await c.query<{ id: string }>(
      `insert into people (org_id, email, name, time_zone, roles)
       select $1, 'coach-' || g || '@mail.test', 'Coach ' || g, 'Europe/Berlin', '{coach,employee}'
       from generate_series(1, $2::int) g order by g returning id`,
      [orgId, sessionCount],
    );
    // All later today, a minute apart: no reminder is due within the run, nor scheduled.
    const sessions = await c.query<{ id: string }>(
      `insert into sessions (org_id, module_id, coach_id, starts_at, ends_at, time_zone, format, online_url, language, capacity, created_by)
       select $1, $2, c.id, $4::timestamptz + (c.n - 1) * interval '1 minute', $4::timestamptz + (c.n - 1) * interval '1 minute' + interval '90 minutes',
         'Europe/Berlin', 'virtual', 'https://meet.example.test/mail-' || c.n, 'en', $5, c.id
       from unnest($3::uuid[]) with ordinality as c(id, n) order by c.n returning id`,
      [orgId, module.rows[0]!.id, coaches.rows.map((r) => r.id), new Date(Date.now() + 6 * HOUR), SEATS],
    );
    const people = await c.query<{ id: string; email: string }>(
      `insert into people (org_id, email, name, department, site, time_zone, roles)
       select $1, 'person-' || g || '@mail.test', 'Person ' || g, 'Department ' || (g % 8), 'Hamburg', 'Europe/Berlin', '{employee}'
       from generate_series(1, $2::int) g order by g returning id, email`,
      [orgId, bulk + paced],
    );
    const ids = sessions.rows.map((s) => s.id);
    const bulkSessions = ids.slice(0, sessionsFor(bulk));
    const pacedSessions = ids.slice(sessionsFor(bulk));
    // Consecutive people book different sessions, so parallel bookings rarely wait on one session's lock.
    const all = people.rows.map((p, i) => i < bulk
      ? { id: p.id, email: p.email, sessionId: bulkSessions[i % bulkSessions.length]! }
      : { id: p.id, email: p.email, sessionId: pacedSessions[(i - bulk) % pacedSessions.length]! });
    return { orgId, bulk: all.slice(0, bulk), paced: all.slice(bulk) };
  });
}

const employee = (orgId: string, personId: string): Actor => ({ orgId, personId, roles: ['employee'], timeZone: 'Europe/Berlin', locale: 'en' });

export function book(app: Db, orgId: string, p: MailPerson): Promise<string> {
  return inOrg(app, orgId, (tx) => bookSeat(tx, employee(orgId, p.id), p.sessionId));
}

/** Everyone books, `parallel` at a time. */
export async function bookAll(app: Db, orgId: string, people: MailPerson[], parallel: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < people.length) await book(app, orgId, people[next++]!);
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

/**
 * The confirmations of these people's bookings as Quartet composes them (the same facts the
 * worker reads: recipient, session, calendar UID and sequence, the cut-off), for the ceiling.
 */
export async function composeConfirmations(
  owner: Db, orgId: string, people: MailPerson[], sender: { baseUrl: string; organiser: Organiser },
): Promise<OutgoingMail[]> {
  return inOrg(owner, orgId, async (tx) => {
    const { rows } = await sql<{
      person_id: string; name: string; email: string; locale: 'en' | 'de'; time_zone: string; session_id: string;
      calendar_uid: string; calendar_sequence: number; cutoff: number; org_name: string;
    }>`
      select p.id as person_id, p.name, p.email::text as email, p.locale, p.time_zone, b.session_id, b.calendar_uid, b.calendar_sequence,
             o.cancellation_cutoff_minutes as cutoff, o.name as org_name
      from bookings b join people p on p.org_id = b.org_id and p.id = b.person_id join organisations o on o.id = b.org_id
      where b.org_id = ${orgId} and b.status = 'active' and b.person_id = any(${people.map((p) => p.id)}::uuid[])`.execute(tx);
    const facts = new Map<string, SessionFacts>();
    for (const id of new Set(rows.map((r) => r.session_id))) facts.set(id, (await sessionFacts(tx, orgId, id))!);
    return rows.map((r) => composeMessage(
      { name: r.name, email: r.email, locale: r.locale, timeZone: r.time_zone },
      { kind: 'booking_confirmed', session: facts.get(r.session_id)!, booking: { uid: r.calendar_uid, sequence: r.calendar_sequence }, cutoffMinutes: r.cutoff },
      { baseUrl: sender.baseUrl, organiser: sender.organiser, orgName: r.org_name },
    ));
  });
}
