// The program's figures, counted in the database: per week (in the organisation's zone) and for
// the quarter so far: what took place apart from what is only booked.
import { sql } from 'kysely';
import type { Tx } from '../../db/transaction.ts';
import { PRIVACY_FLOOR } from '../../lib/privacy-floor.ts';

export interface WeekRow {
  week_start: string;
  sessions: number;
  seats_offered: number;
  seats_taken: number;
  bookings: number;
  cancellations: number;
  /** The distinct people behind seats_taken, bookings and cancellations (the privacy floor counts them). */
  seat_holders: number;
  bookers: number;
  cancellers: number;
}

export async function weeklyFigures(tx: Tx, orgId: string, timeZone: string, weeksBack: number, weeksAhead: number, now: Date): Promise<WeekRow[]> {
  const { rows } = await sql<WeekRow>`
    with weeks as (
      select w::timestamp as week
      from generate_series(
        date_trunc('week', ${now}::timestamptz at time zone ${timeZone}) - make_interval(weeks => ${weeksBack}::int),
        date_trunc('week', ${now}::timestamptz at time zone ${timeZone}) + make_interval(weeks => ${weeksAhead}::int),
        interval '1 week') as w
    ),
    held as (
      select date_trunc('week', s.starts_at at time zone ${timeZone}) as week, count(*)::int as sessions,
        sum(s.capacity)::int as seats_offered, sum(s.seats_taken)::int as seats_taken
      from sessions s
      where s.org_id = ${orgId} and s.status <> 'cancelled'
      group by 1
    ),
    holders as (
      select date_trunc('week', s.starts_at at time zone ${timeZone}) as week, count(distinct b.person_id)::int as people
      from sessions s join bookings b on b.org_id = s.org_id and b.session_id = s.id
      -- The seats the counter holds: every booking not cancelled, no-shows included.
      where s.org_id = ${orgId} and s.status <> 'cancelled' and b.status <> 'cancelled'
      group by 1
    ),
    booked as (
      select date_trunc('week', b.created_at at time zone ${timeZone}) as week, count(*)::int as n, count(distinct b.person_id)::int as people
      from bookings b where b.org_id = ${orgId} group by 1
    ),
    -- A move is one booking cancelled and another made; it is not a seat given up.
    given_up as (
      select date_trunc('week', b.cancelled_at at time zone ${timeZone}) as week, count(*)::int as n, count(distinct b.person_id)::int as people
      from bookings b where b.org_id = ${orgId} and b.cancelled_at is not null and b.cancel_reason is distinct from 'moved' group by 1
    )
    select to_char(w.week, 'YYYY-MM-DD') as week_start,
      coalesce(h.sessions, 0) as sessions, coalesce(h.seats_offered, 0) as seats_offered, coalesce(h.seats_taken, 0) as seats_taken,
      coalesce(bk.n, 0) as bookings, coalesce(g.n, 0) as cancellations,
      coalesce(sh.people, 0) as seat_holders, coalesce(bk.people, 0) as bookers, coalesce(g.people, 0) as cancellers
    from weeks w
    left join held h on h.week = w.week
    left join holders sh on sh.week = w.week
    left join booked bk on bk.week = w.week
    left join given_up g on g.week = w.week
    order by w.week`.execute(tx);
  return rows;
}

export interface QuarterRow {
  quarter_start: string;
  active_employees: number;
  /** Active employees with a seat in a session of this quarter that has ended, not marked absent. */
  attended: number;
  /** Active employees holding a seat in a session of this quarter that has not ended yet. */
  booked: number;
}

// "Took place" means ended by `now`; a booking still active then counts as attended (the coach did
// not mark it), one marked no-show does not.
export async function quarterFigures(tx: Tx, orgId: string, timeZone: string, now: Date): Promise<QuarterRow> {
  const { rows } = await sql<QuarterRow>`
    with q as (select date_trunc('quarter', ${now}::timestamptz at time zone ${timeZone}) as local_start),
    seats as (
      select b.person_id, b.status, s.ends_at
      from bookings b join sessions s on s.id = b.session_id join people p on p.id = b.person_id, q
      where b.org_id = ${orgId} and s.status <> 'cancelled' and b.status <> 'cancelled'
        and s.starts_at >= (q.local_start at time zone ${timeZone})
        and s.starts_at < ((q.local_start + interval '3 months') at time zone ${timeZone})
        and p.active and 'employee' = any(p.roles)
    )
    select to_char(q.local_start, 'YYYY-MM-DD') as quarter_start,
      (select count(*)::int from people p where p.org_id = ${orgId} and p.active and 'employee' = any(p.roles)) as active_employees,
      (select count(distinct person_id)::int from seats where ends_at <= ${now} and status in ('active', 'attended')) as attended,
      (select count(distinct person_id)::int from seats where ends_at > ${now} and status = 'active') as booked
    from q`.execute(tx);
  return rows[0]!;
}

export interface HeldRow {
  sessions: number;
  seats_offered: number;
  seats_taken: number;
  /** Seats of people who came (marked attended, or still active when the session ended). */
  came: number;
  no_shows: number;
  /** Distinct people behind seats_taken, came and no_shows (the privacy floor counts them). */
  seat_holders: number;
  came_people: number;
  no_show_people: number;
}

/** The sessions of this quarter that took place (ended by `now`, not cancelled) and their seats. */
export async function heldFigures(tx: Tx, orgId: string, timeZone: string, now: Date): Promise<HeldRow> {
  const { rows } = await sql<HeldRow>`
    with q as (select date_trunc('quarter', ${now}::timestamptz at time zone ${timeZone}) as local_start),
    held as (
      select s.id, s.capacity from sessions s, q
      where s.org_id = ${orgId} and s.status <> 'cancelled' and s.ends_at <= ${now}
        and s.starts_at >= (q.local_start at time zone ${timeZone})
    ),
    seats as (
      select b.person_id, b.status from bookings b join held h on h.id = b.session_id
      where b.org_id = ${orgId} and b.status <> 'cancelled'
    )
    select
      (select count(*)::int from held) as sessions,
      (select coalesce(sum(capacity), 0)::int from held) as seats_offered,
      (select count(*)::int from seats) as seats_taken,
      (select count(*)::int from seats where status in ('active', 'attended')) as came,
      (select count(*)::int from seats where status = 'no_show') as no_shows,
      (select count(distinct person_id)::int from seats) as seat_holders,
      (select count(distinct person_id)::int from seats where status in ('active', 'attended')) as came_people,
      (select count(distinct person_id)::int from seats where status = 'no_show') as no_show_people`.execute(tx);
  return rows[0]!;
}

export interface HeldWeekRow {
  week_start: string;
  /** The people holding the seats of heldFigures' sessions that started this week. */
  holders: string[];
}

/**
 * heldFigures' seats week by week (weeks as weeklyFigures counts them): the parts the quarter's seats
 * taken is the sum of, so that none can be worked out by subtracting the others' weeks from it.
 */
export async function heldSeatHoldersByWeek(tx: Tx, orgId: string, timeZone: string, now: Date): Promise<HeldWeekRow[]> {
  const { rows } = await sql<HeldWeekRow>`
    with q as (select date_trunc('quarter', ${now}::timestamptz at time zone ${timeZone}) as local_start)
    select to_char(date_trunc('week', s.starts_at at time zone ${timeZone}), 'YYYY-MM-DD') as week_start,
      array_agg(distinct b.person_id) as holders
    from sessions s join bookings b on b.org_id = s.org_id and b.session_id = s.id, q
    where s.org_id = ${orgId} and s.status <> 'cancelled' and s.ends_at <= ${now}
      and s.starts_at >= (q.local_start at time zone ${timeZone}) and b.status <> 'cancelled'
    group by 1 order by 1`.execute(tx);
  return rows;
}

export interface ReachRow {
  kind: 'department' | 'site';
  name: string;
  reached: boolean;
}

/**
 * Departments and sites of five active employees or more, and whether five of them or more attended
 * a session of this quarter (as in quarterFigures). Smaller ones are left out, and a department with
 * one to four who came counts as not reached: "reached" would otherwise say that someone of that
 * department came, a figure about fewer than five people.
 */
export async function reachFigures(tx: Tx, orgId: string, timeZone: string, now: Date): Promise<ReachRow[]> {
  const { rows } = await sql<ReachRow>`
    with q as (select date_trunc('quarter', ${now}::timestamptz at time zone ${timeZone}) as local_start),
    employees as (
      select p.id, p.department, p.site from people p
      where p.org_id = ${orgId} and p.active and 'employee' = any(p.roles)
    ),
    attended as (
      select distinct b.person_id from bookings b join sessions s on s.id = b.session_id, q
      where b.org_id = ${orgId} and s.status <> 'cancelled' and b.status in ('active', 'attended') and s.ends_at <= ${now}
        and s.starts_at >= (q.local_start at time zone ${timeZone})
    ),
    grouped as (
      select 'department' as kind, e.department as name, e.id from employees e where e.department is not null
      union all
      select 'site' as kind, e.site as name, e.id from employees e where e.site is not null
    )
    select g.kind, g.name, count(a.person_id) >= ${PRIVACY_FLOOR} as reached
    from grouped g left join attended a on a.person_id = g.id
    group by g.kind, g.name
    having count(*) >= ${PRIVACY_FLOOR}
    order by g.kind, g.name`.execute(tx);
  return rows;
}
