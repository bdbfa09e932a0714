// What stands in the way of a series: for each occurrence, whether its room or its coach is taken,
// or the coach reported being away then.
import { sql } from 'kysely';
import type { Tx } from '../../db/transaction.ts';
import { coachAway } from '../../db/coach-away.ts';

export interface OccurrenceClash {
  roomBusy: boolean;
  coachBusy: boolean;
  coachAway: boolean;
}

/**
 * One statement for all occurrences. It asks what the exclusion constraints
 * (sessions_room_no_overlap, sessions_coach_no_overlap) would refuse, plus a seat the coach holds
 * as a participant, so every date at fault can be listed before anything is written.
 */
export async function clashes(
  tx: Tx, orgId: string, coachId: string, roomId: string | null, ranges: Array<{ from: Date; to: Date }>,
): Promise<OccurrenceClash[]> {
  const { rows } = await sql<{ i: string; room_busy: boolean; coach_busy: boolean; coach_away: boolean }>`
    select o.i,
      ${roomId}::uuid is not null and exists (
        select 1 from sessions s
        where s.org_id = ${orgId} and s.room_id = ${roomId}::uuid and s.status <> 'cancelled'
          and tstzrange(s.starts_at, s.ends_at) && tstzrange(o.f, o.t)) as room_busy,
      exists (
        select 1 from sessions s
        where s.org_id = ${orgId} and s.coach_id = ${coachId} and s.status <> 'cancelled'
          and tstzrange(s.starts_at, s.ends_at) && tstzrange(o.f, o.t))
      or exists (
        select 1 from bookings b join sessions s on s.id = b.session_id
        where b.org_id = ${orgId} and b.person_id = ${coachId} and b.status <> 'cancelled' and s.status <> 'cancelled'
          and tstzrange(s.starts_at, s.ends_at) && tstzrange(o.f, o.t)) as coach_busy,
      ${coachAway({ orgId, coach: coachId, from: sql.ref('o.f'), to: sql.ref('o.t') })} as coach_away
    from unnest(${ranges.map((r) => r.from)}::timestamptz[], ${ranges.map((r) => r.to)}::timestamptz[]) with ordinality as o(f, t, i)
    order by o.i`.execute(tx);
  return rows.map((r) => ({ roomBusy: r.room_busy, coachBusy: r.coach_busy, coachAway: r.coach_away }));
}
