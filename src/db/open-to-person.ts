// "Is this session open to this person?" — a cohort's session is only to the people its group's
// schedule names (migration 044); every other session is. One SQL predicate for the open list, the
// waiting list, the avoid-repeats rule's alternatives and the mail's other dates; the sign-up's
// booking_facts (migration 049) holds the same words, where PL/pgSQL caches its plan. Written out
// rather than called as a SQL function: PostgreSQL does not inline a function whose body holds a
// sub-select, so the list ran it once per row, and booking_facts planned it on every sign-up.
import { sql, type RawBuilder } from 'kysely';

export function openToPerson(o: { orgId: RawBuilder<unknown>; session: RawBuilder<unknown>; person: RawBuilder<unknown> }): RawBuilder<boolean> {
  return sql<boolean>`not exists (
      select 1 from cohort_groups g join cohorts c on c.org_id = g.org_id and c.id = g.cohort_id
       where g.org_id = ${o.orgId} and g.session_id = ${o.session}
         and not coalesce((c.schedule -> g.round -> g.group_no) ? (${o.person})::text, false))`;
}
