// Coaches' absences and the sessions they leave without a coach.
import { sql } from 'kysely';
import type { Tx } from '../../db/transaction.ts';

export interface AbsenceRow {
  id: string;
  coach_id: string;
  first_day: string;
  last_day: string;
  note: string | null;
  created_at: Date;
}

export async function insertAbsence(
  tx: Tx, v: { orgId: string; coachId: string; firstDay: string; lastDay: string; startsAt: Date; endsAt: Date; note: string | null },
): Promise<AbsenceRow> {
  const { rows } = await sql<AbsenceRow>`
    insert into coach_absences (org_id, coach_id, first_day, last_day, starts_at, ends_at, note)
    values (${v.orgId}, ${v.coachId}, ${v.firstDay}::date, ${v.lastDay}::date, ${v.startsAt}, ${v.endsAt}, ${v.note})
    returning id, coach_id, first_day::text, last_day::text, note, created_at`.execute(tx);
  return rows[0]!;
}

/** The coach's absences that have not ended yet. */
export async function currentAbsences(tx: Tx, orgId: string, coachId: string): Promise<AbsenceRow[]> {
  const { rows } = await sql<AbsenceRow>`
    select id, coach_id, first_day::text, last_day::text, note, created_at from coach_absences
    where org_id = ${orgId} and coach_id = ${coachId} and withdrawn_at is null and ends_at > now()
    order by starts_at`.execute(tx);
  return rows;
}

export async function withdrawAbsence(tx: Tx, orgId: string, coachId: string, id: string): Promise<boolean> {
  const result = await sql`
    update coach_absences set withdrawn_at = now()
    where org_id = ${orgId} and coach_id = ${coachId} and id = ${id} and withdrawn_at is null`.execute(tx);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export interface UncoachedSessionRow {
  id: string;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  module_title: string;
  coach_id: string;
  coach_name: string;
  seats_taken: number;
  capacity: number;
  absence_first_day: string;
  absence_last_day: string;
  absence_note: string | null;
}

/** Scheduled sessions yet to start whose coach reported being away at that time. */
export async function sessionsNeedingCoach(tx: Tx, orgId: string, coachId?: string): Promise<UncoachedSessionRow[]> {
  const { rows } = await sql<UncoachedSessionRow>`
    select distinct on (s.starts_at, s.id) s.id, s.starts_at, s.ends_at, s.time_zone, mo.title as module_title, s.coach_id, c.name as coach_name,
           s.seats_taken, s.capacity, a.first_day::text as absence_first_day, a.last_day::text as absence_last_day, a.note as absence_note
    from sessions s
    join coach_absences a on a.org_id = s.org_id and a.coach_id = s.coach_id and a.withdrawn_at is null
      and tstzrange(a.starts_at, a.ends_at) && tstzrange(s.starts_at, s.ends_at)
    join modules mo on mo.org_id = s.org_id and mo.id = s.module_id
    join people c on c.org_id = s.org_id and c.id = s.coach_id
    where s.org_id = ${orgId} and s.status = 'scheduled' and s.starts_at > now()
      ${coachId ? sql`and s.coach_id = ${coachId}` : sql``}
    order by s.starts_at, s.id
    limit 500`.execute(tx);
  return rows;
}

/**
 * The coach's profile zone, their row held FOR SHARE until the transaction ends. Publishing, moving
 * and reassigning lock the same row (FOR NO KEY UPDATE, sessions/service.ts) before they look for
 * days away, so a session given to the coach at the same moment either waits and meets this
 * absence, or committed first and is among the sessions the report lists. Two reports of one
 * coach share the lock and do not wait for each other.
 */
export async function lockCoachZone(tx: Tx, orgId: string, personId: string): Promise<string | undefined> {
  const row = await tx.selectFrom('people').where('org_id', '=', orgId).where('id', '=', personId).select('time_zone').forShare().executeTakeFirst();
  return row?.time_zone;
}
