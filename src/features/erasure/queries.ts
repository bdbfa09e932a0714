// SQL of erasure: the person locked, the facts the refusals need, the SQL functions of migration 028
// (the rows moved to a stand-in or removed) and 027 (the audit log pseudonymised), and the
// confirmations employees ask for by mail.
import { sql } from 'kysely';
import type { Role } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

export interface PersonToErase {
  id: string;
  name: string;
  email: string;
  department: string | null;
  site: string | null;
  roles: Role[];
  active: boolean;
}

/** The person, locked as bookings lock them (a seat taken meanwhile waits, and then finds them gone);
 * undefined when there is no such person or it is a stand-in. */
export async function lockPersonToErase(tx: Tx, orgId: string, personId: string): Promise<PersonToErase | undefined> {
  return tx.selectFrom('people')
    .where('org_id', '=', orgId).where('id', '=', personId).where('anonymised_at', 'is', null)
    .select(['id', 'name', sql<string>`email::text`.as('email'), 'department', 'site', 'roles', 'active'])
    .forNoKeyUpdate()
    .executeTakeFirst();
}

export async function findOrganisationBySlug(db: Tx, slug: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('organisations').where('slug', '=', slug).select('id').executeTakeFirst();
}

export async function findPersonByEmail(tx: Tx, orgId: string, email: string): Promise<{ id: string } | undefined> {
  return tx.selectFrom('people').where('org_id', '=', orgId).where('email', '=', email).where('anonymised_at', 'is', null)
    .select('id').executeTakeFirst();
}

/** Sessions the person coaches that have not ended yet (the refusal's count). */
export async function upcomingSessionsCoachedBy(tx: Tx, orgId: string, personId: string, now: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from sessions
    where org_id = ${orgId} and coach_id = ${personId} and status = 'scheduled' and ends_at > ${now}::timestamptz`.execute(tx);
  return rows[0]?.n ?? 0;
}

export async function isActiveAdmin(tx: Tx, orgId: string, personId: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    select id from people where org_id = ${orgId} and id = ${personId} and active and 'admin' = any(roles)`.execute(tx);
  return rows.length > 0;
}

export async function otherActiveAdmins(tx: Tx, orgId: string, personId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from people
    where org_id = ${orgId} and active and 'admin' = any(roles) and id <> ${personId}`.execute(tx);
  return rows[0]?.n ?? 0;
}

/** What the confirmation page shows: what the erasure will cancel and what stays anonymous. */
export async function erasureFacts(tx: Tx, orgId: string, personId: string, now: Date) {
  const { rows } = await sql<{ future_bookings: number; past_bookings: number; ratings: number; supports: number }>`
    select
      (select count(*)::int from bookings b join sessions s on s.org_id = b.org_id and s.id = b.session_id
        where b.org_id = ${orgId} and b.person_id = ${personId} and b.status = 'active' and s.starts_at > ${now}::timestamptz) as future_bookings,
      (select count(*)::int from bookings b join sessions s on s.org_id = b.org_id and s.id = b.session_id
        where b.org_id = ${orgId} and b.person_id = ${personId} and b.status <> 'cancelled' and s.starts_at <= ${now}::timestamptz) as past_bookings,
      (select count(*)::int from session_ratings r where r.org_id = ${orgId} and r.person_id = ${personId}) as ratings,
      (select count(*)::int from suggestion_supports u where u.org_id = ${orgId} and u.person_id = ${personId}) as supports`.execute(tx);
  return rows[0]!;
}

export async function newStandIn(tx: Tx, orgId: string): Promise<string> {
  const { rows } = await sql<{ id: string }>`select new_stand_in(${orgId}) as id`.execute(tx);
  return rows[0]!.id;
}

/** Ids of the messages that went to the person (the dev catcher's files are named by them). */
export async function messageIdsTo(tx: Tx, orgId: string, personId: string): Promise<string[]> {
  const rows = await tx.selectFrom('outgoing_messages').where('org_id', '=', orgId).where('recipient_id', '=', personId)
    .where('status', '=', 'sent').select('id').execute();
  return rows.map((r) => r.id);
}

export async function eraseRows(tx: Tx, orgId: string, personId: string, standIn: string, texts: string[]): Promise<Record<string, number>> {
  const { rows } = await sql<{ n: Record<string, number> }>`
    select erase_person_rows(${orgId}, ${personId}, ${standIn}, ${texts}::text[]) as n`.execute(tx);
  return rows[0]!.n;
}

/** Availability the person last changed for a coach names the stand-in, as the other "by whom"
 * columns do (erase_person_rows); migration 033's column came after that function. */
export async function standInForAvailabilityEdits(tx: Tx, orgId: string, personId: string, standIn: string): Promise<number> {
  const result = await tx.updateTable('coach_availability').set({ updated_by: standIn })
    .where('org_id', '=', orgId).where('updated_by', '=', personId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * The planner's proposals name a coach by id beside their free time (migration 037): erase_person_rows
 * rewrites cohorts' schedules, not these. plan_proposals_forget_coach (migration 051, which ran it
 * over what was stored before) puts the stand-in in the coach's place everywhere in them and takes
 * the coach's weekly windows, date exceptions, booked times, days away and seats held out of the
 * stored input: they were the person's, and the stand-in (inactive) is never planned again, so
 * publishing such a plan names its sessions COACH_INACTIVE. Returns the proposals changed.
 */
export async function standInForPlanProposals(tx: Tx, orgId: string, personId: string, standIn: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select plan_proposals_forget_coach(${orgId}, ${personId}, ${standIn}) as n`.execute(tx);
  return rows[0]!.n;
}

export async function pseudonymiseAudit(tx: Tx, orgId: string, personId: string, pseudonym: string, texts: string[]): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select pseudonymise_audit_entries(${orgId}, ${personId}, ${pseudonym}, ${texts}::text[]) as n`.execute(tx);
  return rows[0]!.n;
}

export async function anonymiseBookingsBatch(tx: Tx, orgId: string, before: Date, limit: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`select anonymise_bookings_before(${orgId}, ${before}::timestamptz, ${limit}) as n`.execute(tx);
  return rows[0]!.n;
}

export async function countBookingsBefore(tx: Tx, orgId: string, before: Date): Promise<number> {
  const { rows } = await sql<{ n: string }>`select bookings_to_anonymise(${orgId}, ${before}::timestamptz) as n`.execute(tx);
  return Number(rows[0]!.n);
}

// --- The confirmation by mail ---

export async function insertErasureRequest(tx: Tx, orgId: string, personId: string, expiresAt: Date): Promise<string> {
  // A new link replaces every earlier one: only the newest mail can erase.
  await tx.updateTable('erasure_requests').set({ used_at: sql`now()` })
    .where('org_id', '=', orgId).where('person_id', '=', personId).where('used_at', 'is', null).execute();
  const row = await tx.insertInto('erasure_requests').values({ org_id: orgId, person_id: personId, expires_at: expiresAt })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Gives the request its token's hash as its mail is sent; its expiry, or undefined when it is no
 * longer usable (replaced, used, expired, or already sent). */
export async function setRequestToken(tx: Tx, orgId: string, requestId: string, personId: string, tokenHash: Buffer, now: Date): Promise<Date | undefined> {
  const row = await tx.updateTable('erasure_requests').set({ token_hash: tokenHash })
    .where('org_id', '=', orgId).where('id', '=', requestId).where('person_id', '=', personId)
    .where('used_at', 'is', null).where('expires_at', '>', now).where('token_hash', 'is', null)
    .returning('expires_at').executeTakeFirst();
  return row?.expires_at;
}

export interface ErasureRequestRow {
  id: string;
  person_id: string;
  expires_at: Date;
  used_at: Date | null;
}

/** The request of a token in the caller's organisation, locked (a second use waits, then sees it used). */
export async function lockRequestByToken(tx: Tx, orgId: string, tokenHash: Buffer): Promise<ErasureRequestRow | undefined> {
  return tx.selectFrom('erasure_requests').where('org_id', '=', orgId).where('token_hash', '=', tokenHash)
    .select(['id', 'person_id', 'expires_at', 'used_at']).forUpdate().executeTakeFirst();
}

export async function findRequestByToken(tx: Tx, orgId: string, tokenHash: Buffer): Promise<ErasureRequestRow | undefined> {
  return tx.selectFrom('erasure_requests').where('org_id', '=', orgId).where('token_hash', '=', tokenHash)
    .select(['id', 'person_id', 'expires_at', 'used_at']).executeTakeFirst();
}

export async function markRequestUsed(tx: Tx, orgId: string, requestId: string): Promise<void> {
  await tx.updateTable('erasure_requests').set({ used_at: sql`now()` }).where('org_id', '=', orgId).where('id', '=', requestId).execute();
}
