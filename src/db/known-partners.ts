// "Would these two meet again?" — one SQL predicate shared by the open list's mixing order
// (sessions/queries.ts) and the avoid-repeats rule (mixing/queries.ts), so the two can never disagree.
// Two people count as known partners when the encounters ledger holds their pair (met on or after
// `since`), or when both hold seats in another live session not yet counted into the ledger: without
// the second part, two people booked together next week could book together again the week after.
import { sql, type RawBuilder } from 'kysely';

export interface KnownPartner {
  orgId: RawBuilder<unknown>;
  person: RawBuilder<unknown>;
  other: RawBuilder<unknown>;
  /** Encounters from this moment on count; null: any time. */
  since: Date | null;
  /** Sessions whose shared seats do not count: the one being looked at, and one being left by a move. */
  excluding: RawBuilder<unknown>;
}

export function knownPartners(k: KnownPartner): RawBuilder<boolean> {
  return sql<boolean>`(exists (
      select 1 from encounters e
       where e.org_id = ${k.orgId} and e.person_a = least(${k.other}, ${k.person}) and e.person_b = greatest(${k.other}, ${k.person})
         ${k.since ? sql`and e.last_met >= ${k.since}` : sql``})
    or exists (
      select 1 from bookings mine
        join bookings theirs on theirs.org_id = mine.org_id and theirs.session_id = mine.session_id
        join sessions shared on shared.org_id = mine.org_id and shared.id = mine.session_id
       where mine.org_id = ${k.orgId} and mine.person_id = ${k.person} and mine.status = 'active'
         and theirs.person_id = ${k.other} and theirs.status = 'active'
         and shared.status <> 'cancelled' and shared.encounters_counted_at is null
         and mine.session_id <> all(${k.excluding})))`;
}
