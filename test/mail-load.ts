// Many bookings for the mail reliability tests: an organisation with one coach per session (so a
// roster notice names its session by its recipient) and one employee per seat (so every booking's
// mail names its booking by its recipient). People and sessions go in with plain SQL; the bookings
// are made through the booking service, in its transactions, as the app role, as Quartet makes them.
import { sql } from 'kysely';
import type { Db } from '../src/db/pool.ts';
import { inOrg } from '../src/db/transaction.ts';
import { bookSeat, cancelBooking } from '../src/features/bookings/service.ts';
import type { Actor } from '../src/lib/actor.ts';

export interface LoadSession {
  id: string;
  startsAt: Date;
  coachEmail: string;
}

export interface LoadPerson {
  id: string;
  email: string;
  name: string;
  /** The session this person books. */
  sessionId: string;
}

export interface LoadOrg {
  orgId: string;
  sessions: LoadSession[];
  people: LoadPerson[];
}

/** `tag` keeps the addresses apart from other organisations in the same database. */
export async function createLoadOrg(owner: Db, o: { tag: string; starts: Date[]; seats: number }): Promise<LoadOrg> {
  const org = await owner.insertInto('organisations')
    .values({ name: `Mail load ${o.tag}`, slug: `mail-load-${o.tag}`, max_future_bookings: 10, default_capacity: o.seats })
    .returning('id').executeTakeFirstOrThrow();
  const orgId = org.id;
  return inOrg(owner, orgId, async (tx) => {
    const { rows: mod } = await sql<{ id: string }>`
      insert into modules (org_id, code, title, summary) values (${orgId}, ${`LOAD-${o.tag.toUpperCase()}`}, 'Giving Feedback', 'Practise it together.')
      returning id`.execute(tx);
    const { rows: sessions } = await sql<{ id: string; starts_at: Date; coach_email: string }>`
      with coaches as (
        insert into people (org_id, email, name, time_zone, roles)
        select ${orgId}, 'coach-' || g || '@' || ${o.tag} || '.test', 'Coach ' || g, 'Europe/Berlin', '{coach,employee}'
        from generate_series(1, ${o.starts.length}::int) g
        returning id, email
      ), numbered as (
        select id, email::text, row_number() over (order by email) as n from coaches
      )
      insert into sessions (org_id, module_id, coach_id, starts_at, ends_at, time_zone, format, online_url, language, capacity, created_by)
      select ${orgId}, ${mod[0]!.id}, c.id, t.starts_at, t.starts_at + interval '90 minutes', 'Europe/Berlin', 'virtual',
             'https://meet.example.test/load-' || t.n, 'en', ${o.seats}, c.id
      from unnest(${o.starts}::timestamptz[]) with ordinality as t(starts_at, n)
      join numbered c on c.n = t.n
      returning id, starts_at, (select email from numbered where numbered.id = coach_id) as coach_email`.execute(tx);
    sessions.sort((a, b) => a.starts_at.getTime() - b.starts_at.getTime());
    const { rows: people } = await sql<{ id: string; email: string; name: string }>`
      insert into people (org_id, email, name, department, site, time_zone, roles)
      select ${orgId}, 'person-' || g || '@' || ${o.tag} || '.test', 'Person ' || lpad(g::text, 5, '0'), 'Engineering', 'Hamburg', 'Europe/Berlin', '{employee}'
      from generate_series(1, ${sessions.length * o.seats}::int) g order by g
      returning id, email::text, name`.execute(tx);
    return {
      orgId,
      sessions: sessions.map((s) => ({ id: s.id, startsAt: s.starts_at, coachEmail: s.coach_email })),
      people: people.map((p, i) => ({ id: p.id, email: p.email, name: p.name, sessionId: sessions[Math.floor(i / o.seats)]!.id })),
    };
  });
}

export const employee = (orgId: string, personId: string): Actor => ({
  orgId, personId, roles: ['employee'], timeZone: 'Europe/Berlin', locale: 'en',
});

/** Each person books their session through the service, `parallel` transactions at a time; returns booking ids by person. */
export async function bookEveryone(app: Db, load: LoadOrg, parallel: number): Promise<Map<string, string>> {
  const bookings = new Map<string, string>();
  let next = 0;
  const lane = async () => {
    while (next < load.people.length) {
      const p = load.people[next++]!;
      bookings.set(p.id, await inOrg(app, load.orgId, (tx) => bookSeat(tx, employee(load.orgId, p.id), p.sessionId)));
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return bookings;
}

export async function cancelAs(app: Db, orgId: string, personId: string, bookingId: string): Promise<void> {
  await inOrg(app, orgId, (tx) => cancelBooking(tx, employee(orgId, personId), bookingId));
}
