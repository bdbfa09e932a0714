// Coaches' availability: their settings and windows, their days away, and the facts behind the
// coaches suggested for a session.
import { sql } from 'kysely';
import type { Tx } from '../../db/transaction.ts';

export interface CoachRow {
  id: string;
  name: string;
  time_zone: string;
  active: boolean;
  roles: string[];
}

export interface AvailabilityRow {
  person_id: string;
  time_zone: string;
  max_sessions_per_week: number | null;
  coaches_online: boolean;
  sites: string[];
  module_ids: string[];
  updated_at: Date;
}

export interface WindowRow {
  person_id: string;
  weekday: number;
  starts_minute: number;
  ends_minute: number;
}

export interface DayAwayRow {
  coach_id: string;
  first_day: string;
  last_day: string;
  starts_at: Date;
  ends_at: Date;
}

/** Active coaches (one, or all), by name. */
export function coaches(tx: Tx, orgId: string, personId?: string): Promise<CoachRow[]> {
  let q = tx.selectFrom('people').where('org_id', '=', orgId).where('active', '=', true).where('anonymised_at', 'is', null)
    .where(sql<boolean>`'coach' = any(roles)`);
  if (personId) q = q.where('id', '=', personId);
  return q.select(['id', 'name', 'time_zone', 'active', 'roles']).orderBy('name').orderBy('id').execute();
}

/** The person; `lock` holds their row until the transaction ends, so a deactivation or a change of
 * roles in another transaction waits for a save that read them as an active coach (migration 046's
 * trigger would otherwise find nothing yet to delete), or the save reads the change. */
export async function person(tx: Tx, orgId: string, personId: string, o: { lock?: boolean } = {}): Promise<CoachRow | undefined> {
  let q = tx.selectFrom('people').where('org_id', '=', orgId).where('id', '=', personId).select(['id', 'name', 'time_zone', 'active', 'roles']);
  if (o.lock) q = q.forShare();
  return q.executeTakeFirst();
}

export function availabilities(tx: Tx, orgId: string, personIds: string[]): Promise<AvailabilityRow[]> {
  if (personIds.length === 0) return Promise.resolve([]);
  return tx.selectFrom('coach_availability').where('org_id', '=', orgId).where('person_id', 'in', personIds)
    .select(['person_id', 'time_zone', 'max_sessions_per_week', 'coaches_online', 'sites', 'module_ids', 'updated_at']).execute();
}

export function windows(tx: Tx, orgId: string, personIds: string[]): Promise<WindowRow[]> {
  if (personIds.length === 0) return Promise.resolve([]);
  return tx.selectFrom('coach_windows').where('org_id', '=', orgId).where('person_id', 'in', personIds)
    .select(['person_id', 'weekday', 'starts_minute', 'ends_minute']).orderBy('weekday').orderBy('starts_minute').execute();
}

/** Days away that end after `after` (not withdrawn). */
export async function daysAway(tx: Tx, orgId: string, personIds: string[], after: Date): Promise<DayAwayRow[]> {
  if (personIds.length === 0) return [];
  const { rows } = await sql<DayAwayRow>`
    select coach_id, first_day::text, last_day::text, starts_at, ends_at from coach_absences
    where org_id = ${orgId} and coach_id = any(${personIds}::uuid[]) and withdrawn_at is null and ends_at > ${after}
    order by starts_at`.execute(tx);
  return rows;
}

/** Saves the settings and replaces the windows; the row's lock orders two saves of one coach. */
export async function saveAvailability(
  tx: Tx, orgId: string, personId: string, by: string,
  a: { timeZone: string; maxSessionsPerWeek: number | null; coachesOnline: boolean; sites: string[]; moduleIds: string[] },
  list: Array<{ weekday: number; startsMinute: number; endsMinute: number }>,
): Promise<void> {
  await tx.insertInto('coach_availability')
    .values({
      org_id: orgId, person_id: personId, time_zone: a.timeZone, max_sessions_per_week: a.maxSessionsPerWeek,
      coaches_online: a.coachesOnline, sites: a.sites, module_ids: a.moduleIds, updated_by: by, updated_at: sql`now()`,
    })
    .onConflict((oc) => oc.columns(['org_id', 'person_id']).doUpdateSet({
      time_zone: a.timeZone, max_sessions_per_week: a.maxSessionsPerWeek, coaches_online: a.coachesOnline,
      sites: a.sites, module_ids: a.moduleIds, updated_by: by, updated_at: sql`now()`,
    }))
    .execute();
  await tx.deleteFrom('coach_windows').where('org_id', '=', orgId).where('person_id', '=', personId).execute();
  if (list.length > 0) {
    await tx.insertInto('coach_windows')
      .values(list.map((w) => ({ org_id: orgId, person_id: personId, weekday: w.weekday, starts_minute: w.startsMinute, ends_minute: w.endsMinute })))
      .execute();
  }
}

/** The organisation's sites: those with a room in use. A site whose rooms are all retired can
 * hold no session, so a coach offering it would offer nothing (and the page lists only these). */
export async function sites(tx: Tx, orgId: string): Promise<string[]> {
  const rows = await tx.selectFrom('rooms').where('org_id', '=', orgId).where('retired_at', 'is', null).select('site').distinct().execute();
  return rows.map((r) => r.site);
}

export async function knownModules(tx: Tx, orgId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.selectFrom('modules').where('org_id', '=', orgId).where('id', 'in', ids).select('id').execute();
  return rows.map((r) => r.id);
}

export interface SessionFacts {
  id: string;
  starts_at: Date;
  ends_at: Date;
  module_id: string;
  format: 'in_person' | 'virtual';
  site: string | null;
  coach_id: string;
  status: string;
}

export async function sessionFacts(tx: Tx, orgId: string, sessionId: string): Promise<SessionFacts | undefined> {
  const { rows } = await sql<SessionFacts>`
    select s.id, s.starts_at, s.ends_at, s.module_id, s.format, r.site, s.coach_id, s.status
    from sessions s left join rooms r on r.org_id = s.org_id and r.id = s.room_id
    where s.org_id = ${orgId} and s.id = ${sessionId}`.execute(tx);
  return rows[0];
}

export interface Commitment {
  person_id: string;
  starts_at: Date;
  ends_at: Date;
  /** coach: a session they coach; seat: a seat they hold. */
  kind: 'coach' | 'seat';
}

/** The people's scheduled sessions (coached, or with a seat) starting in [from, to), but not `except`. */
export async function commitments(tx: Tx, orgId: string, personIds: string[], from: Date, to: Date, except: string): Promise<Commitment[]> {
  if (personIds.length === 0) return [];
  const { rows } = await sql<Commitment>`
    select s.coach_id as person_id, s.starts_at, s.ends_at, 'coach' as kind from sessions s
    where s.org_id = ${orgId} and s.status = 'scheduled' and s.coach_id = any(${personIds}::uuid[]) and s.id <> ${except}
      and s.starts_at >= ${from} and s.starts_at < ${to}
    union all
    select b.person_id, s.starts_at, s.ends_at, 'seat' from bookings b
    join sessions s on s.org_id = b.org_id and s.id = b.session_id and s.status = 'scheduled'
    where b.org_id = ${orgId} and b.status = 'active' and b.person_id = any(${personIds}::uuid[]) and s.id <> ${except}
      and s.starts_at >= ${from} and s.starts_at < ${to}`.execute(tx);
  return rows;
}

/** Whether the person holds a seat in the session itself (a coach cannot coach their own group). */
export async function holdsSeat(tx: Tx, orgId: string, sessionId: string): Promise<Set<string>> {
  const rows = await tx.selectFrom('bookings').where('org_id', '=', orgId).where('session_id', '=', sessionId).where('status', '=', 'active')
    .select('person_id').execute();
  return new Set(rows.map((r) => r.person_id));
}
