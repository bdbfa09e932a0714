// The program's figures, counted in the database: per week (in the organisation's zone) and for
// the quarter so far.
import { sql } from 'kysely';
import type { Tx } from '../../db/transaction.ts';

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

export async function weeklyFigures(tx: Tx, orgId: string, timeZone: string, weeksBack: number, weeksAhead: number): Promise<WeekRow[]> {
  const { rows } = await sql<WeekRow>`
    with weeks as (
      select w::timestamp as week
      from generate_series(
        date_trunc('week', now() at time zone ${timeZone}) - make_interval(weeks => ${weeksBack}::int),
        date_trunc('week', now() at time zone ${timeZone}) + make_interval(weeks => ${weeksAhead}::int),
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
  participants: number;
}

/** Active employees, and how many of them hold or held a seat in a session of this quarter. */
export async function quarterFigures(tx: Tx, orgId: string, timeZone: string): Promise<QuarterRow> {
  const { rows } = await sql<QuarterRow>`
    with q as (select date_trunc('quarter', now() at time zone ${timeZone}) as local_start)
    select to_char(q.local_start, 'YYYY-MM-DD') as quarter_start,
      (select count(*)::int from people p where p.org_id = ${orgId} and p.active and 'employee' = any(p.roles)) as active_employees,
      (select count(distinct b.person_id)::int
         from bookings b join sessions s on s.id = b.session_id
         join people p on p.id = b.person_id
         where b.org_id = ${orgId} and b.status in ('active', 'attended') and s.status <> 'cancelled'
           and s.starts_at >= (q.local_start at time zone ${timeZone})
           and s.starts_at < ((q.local_start + interval '3 months') at time zone ${timeZone})
           and p.active and 'employee' = any(p.roles)) as participants
    from q`.execute(tx);
  return rows[0]!;
}
