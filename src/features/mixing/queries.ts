// Who a person would meet in a session, read from the encounters ledger (migration 024). A pair is
// stored once, the smaller id first, so a lookup is least()/greatest() on the primary key.
import { sql } from 'kysely';
import { knownPartners } from '../../db/known-partners.ts';
import { openToPerson } from '../../db/open-to-person.ts';
import type { Tx } from '../../db/transaction.ts';

/** People holding a seat in the session (other than the person) whom the person met on or after
 *  `since`, or shares another upcoming session with (db/known-partners.ts). */
export async function recentlyMetIn(tx: Tx, orgId: string, personId: string, sessionId: string, since: Date, leaving: string[]): Promise<number> {
  const known = knownPartners({ orgId: sql`${orgId}::uuid`, person: sql`${personId}::uuid`, other: sql`b.person_id`, since, excluding: sql`${leaving}::uuid[]` });
  const { rows } = await sql<{ met: string }>`
    select count(*) as met
      from bookings b
     where b.org_id = ${orgId} and b.session_id = ${sessionId} and b.status <> 'cancelled'
       and b.person_id <> ${personId} and ${known}`.execute(tx);
  return Number(rows[0]?.met ?? 0);
}

export interface Alternatives {
  /** Sessions of the same module, starting between now and `until`, with a free seat, that the
   *  person could take (open to them, not theirs to coach, not booked, not clashing, online or at
   *  their own site) without a recent repeat. */
  sessionId: string;
  personId: string;
  now: Date;
  until: Date;
  since: Date;
  /** Sessions whose seats the person is giving up or taking in this step (a move's both ends). */
  leaving: string[];
  /** A session with other bookings but fewer than this is never counted, whoever holds them (the
   *  list does not rank it by who they are either): counting it only when its one person is new would
   *  say who that person is, and counting it always would refuse for a seat beside a recent partner,
   *  stranding someone whose only other session holds one. An empty session counts. */
  minimumOthers: number;
}

/** Whether some cohort's group holds the session (migration 044). */
export async function isCohortSession(tx: Tx, orgId: string, sessionId: string): Promise<boolean> {
  const row = await tx.selectFrom('cohort_groups').where('org_id', '=', orgId).where('session_id', '=', sessionId).select('round').executeTakeFirst();
  return row !== undefined;
}

export async function alternativesWithoutRepeat(tx: Tx, orgId: string, a: Alternatives): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n
      from sessions s
      join sessions target on target.org_id = s.org_id and target.id = ${a.sessionId}
     where s.org_id = ${orgId} and s.module_id = target.module_id and s.id <> target.id
       and s.status = 'scheduled' and s.starts_at > ${a.now} and s.starts_at < ${a.until}
       and s.seats_taken < s.capacity and s.coach_id <> ${a.personId} and ${openToPerson({ orgId: sql`s.org_id`, session: sql`s.id`, person: sql`${a.personId}::uuid` })}
       -- Somewhere the person can go: online, or a room at their own site (anywhere for someone with no site).
       and (s.format = 'virtual' or not exists (
         select 1 from people me join rooms r on r.org_id = me.org_id and r.id = s.room_id
          where me.org_id = s.org_id and me.id = ${a.personId} and me.site is not null and r.site is distinct from me.site))
       and not exists (
         select 1 from bookings mine join sessions o on o.org_id = mine.org_id and o.id = mine.session_id
          where mine.org_id = s.org_id and mine.person_id = ${a.personId} and mine.status <> 'cancelled'
            and (o.id = s.id or (o.id <> all(${a.leaving}::uuid[]) and o.starts_at < s.ends_at and o.ends_at > s.starts_at)))
       and (select count(*) from bookings b
              where b.org_id = s.org_id and b.session_id = s.id and b.status <> 'cancelled' and b.person_id <> ${a.personId}) not between 1 and ${a.minimumOthers} - 1
       and (not exists (
         select 1 from bookings b
          where b.org_id = s.org_id and b.session_id = s.id and b.status <> 'cancelled' and b.person_id <> ${a.personId}
            and ${knownPartners({ orgId: sql`s.org_id`, person: sql`${a.personId}::uuid`, other: sql`b.person_id`, since: a.since, excluding: sql`array_append(${a.leaving}::uuid[], s.id)` })}))`.execute(tx);
  return Number(rows[0]?.n ?? 0);
}
