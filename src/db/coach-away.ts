// "Did the coach report this time as away?" — a day away (features/absences, not withdrawn) meeting
// [from, to). One SQL predicate for the checks that name each date or group at fault before anything
// is written: a series', a cohort's and a plan's publish (sessions/coach-away.ts refuses one session).
import { sql, type RawBuilder } from 'kysely';

export function coachAway(o: { orgId: unknown; coach: RawBuilder<unknown> | string; from: RawBuilder<unknown>; to: RawBuilder<unknown> }): RawBuilder<boolean> {
  return sql<boolean>`exists (
      select 1 from coach_absences a
       where a.org_id = ${o.orgId} and a.coach_id = ${o.coach} and a.withdrawn_at is null
         and tstzrange(a.starts_at, a.ends_at) && tstzrange(${o.from}, ${o.to}))`;
}
