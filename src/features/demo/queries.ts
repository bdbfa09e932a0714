// Database access for the demo seed: multi-row inserts in batches, so a few hundred rows cost a
// handful of round trips instead of one each.
import { sql, type Insertable } from 'kysely';
import type { Db } from '../../db/pool.ts';
import type {
  BookingsTable, ModulesTable, OrganisationsTable, PeopleTable, RoomsTable, SessionsTable, SuggestionCommentsTable,
  SessionRatingsTable, SuggestionOwnersTable, SuggestionsTable, SuggestionSupportsTable, WaitlistEntriesTable,
} from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import type { demoAvailability } from './availability.ts';

// Sessions have the most columns (~15); 500 rows stay far below PostgreSQL's 65,535 parameters.
const BATCH_SIZE = 500;

export type NewOrganisation = Insertable<OrganisationsTable> & { id: string };
export type NewPersonRow = Insertable<PeopleTable> & { id: string };
export type NewModuleRow = Insertable<ModulesTable> & { id: string };
export type NewRoomRow = Insertable<RoomsTable> & { id: string };
export type NewSessionRow = Insertable<SessionsTable> & { id: string };
export type NewBookingRow = Insertable<BookingsTable>;
export type NewSuggestionRow = Insertable<SuggestionsTable> & { id: string };
export type NewSuggestionCommentRow = Insertable<SuggestionCommentsTable>;
export type NewSuggestionOwnerRow = Insertable<SuggestionOwnersTable>;
export type NewSuggestionSupportRow = Insertable<SuggestionSupportsTable>;
export type NewSessionRatingRow = Insertable<SessionRatingsTable>;
export type NewWaitlistRow = Insertable<WaitlistEntriesTable>;

type OnBatch = (done: number, total: number) => void;

async function inBatches<T>(rows: ReadonlyArray<T>, insert: (batch: T[]) => Promise<unknown>, onBatch?: OnBatch) {
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const batch = rows.slice(start, start + BATCH_SIZE);
    await insert(batch);
    onBatch?.(start + batch.length, rows.length);
  }
}

export async function findOrganisationBySlug(db: Db, slug: string): Promise<{ id: string; name: string } | undefined> {
  return db.selectFrom('organisations').select(['id', 'name']).where('slug', '=', slug).executeTakeFirst();
}

/**
 * Returns false when an organisation with this slug already exists. `on conflict do nothing`
 * makes two seeds started at once safe: the second waits for the first and then inserts nothing.
 */
export async function insertOrganisation(tx: Tx, row: NewOrganisation): Promise<boolean> {
  const inserted = await tx
    .insertInto('organisations')
    .values(row)
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function insertPeople(tx: Tx, rows: ReadonlyArray<NewPersonRow>, onBatch?: OnBatch) {
  return inBatches(rows, (batch) => tx.insertInto('people').values(batch).execute(), onBatch);
}

export function insertModules(tx: Tx, rows: ReadonlyArray<NewModuleRow>, onBatch?: OnBatch) {
  return inBatches(rows, (batch) => tx.insertInto('modules').values(batch).execute(), onBatch);
}

export function insertRooms(tx: Tx, rows: ReadonlyArray<NewRoomRow>, onBatch?: OnBatch) {
  return inBatches(rows, (batch) => tx.insertInto('rooms').values(batch).execute(), onBatch);
}

export function insertSessions(tx: Tx, rows: ReadonlyArray<NewSessionRow>, onBatch?: OnBatch) {
  return inBatches(rows, (batch) => tx.insertInto('sessions').values(batch).execute(), onBatch);
}

// The bookings trigger keeps sessions.seats_taken and its check refuses overbooking, so a planning
// mistake in the seed fails loudly here instead of leaving inconsistent demo data. A booking given
// up by a move references the one it moved to, so that one must come earlier in `rows`.
export function insertBookings(tx: Tx, rows: ReadonlyArray<NewBookingRow>, onBatch?: OnBatch) {
  return inBatches(rows, (batch) => tx.insertInto('bookings').values(batch).execute(), onBatch);
}

export function insertWaits(tx: Tx, rows: ReadonlyArray<NewWaitlistRow>) {
  return inBatches(rows, (batch) => tx.insertInto('waitlist_entries').values(batch).execute());
}

/** The ids of the organisation's categories by English name: the four defaults its trigger made. */
export async function categoryIdsByName(tx: Tx, orgId: string): Promise<Map<string, string>> {
  const rows = await tx.selectFrom('suggestion_categories').where('org_id', '=', orgId).where('retired_at', 'is', null)
    .select(['id', 'name_en']).execute();
  return new Map(rows.map((r) => [r.name_en, r.id]));
}

// A merged suggestion references its survivor, so survivors must come first in `rows` (within one
// statement PostgreSQL checks the reference at its end, across batches only in order).
export function insertSuggestions(tx: Tx, rows: ReadonlyArray<NewSuggestionRow>, onBatch?: OnBatch) {
  return inBatches(rows, (batch) => tx.insertInto('suggestions').values(batch).execute(), onBatch);
}

export function insertSuggestionComments(tx: Tx, rows: ReadonlyArray<NewSuggestionCommentRow>, onBatch?: OnBatch) {
  return inBatches(rows, (batch) => tx.insertInto('suggestion_comments').values(batch).execute(), onBatch);
}

export function insertSuggestionOwners(tx: Tx, rows: ReadonlyArray<NewSuggestionOwnerRow>, onBatch?: OnBatch) {
  return inBatches(rows, (batch) => tx.insertInto('suggestion_owners').values(batch).execute(), onBatch);
}

// The supports' triggers raise each suggestion's count once per statement (migration 022), so a batch costs one update.
export function insertSuggestionSupports(tx: Tx, rows: ReadonlyArray<NewSuggestionSupportRow>, onBatch?: OnBatch) {
  return inBatches(rows, (batch) => tx.insertInto('suggestion_supports').values(batch).execute(), onBatch);
}

export function insertSessionRatings(tx: Tx, rows: ReadonlyArray<NewSessionRatingRow>, onBatch?: OnBatch) {
  return inBatches(rows, (batch) => tx.insertInto('session_ratings').values(batch).execute(), onBatch);
}

/**
 * Drops the mail queued for these sessions, with the jobs that would send it (inserted in this
 * transaction, so none is running): the demo's published cohort queues what any publish queues,
 * and the demo sends no mail for data it loads. As the owner (the loader runs as it).
 */
export async function dropQueuedMail(tx: Tx, orgId: string, sessionIds: ReadonlyArray<string>): Promise<void> {
  if (sessionIds.length === 0) return;
  await sql`
    with dropped as (
      delete from outgoing_messages where org_id = ${orgId} and session_id = any(${sessionIds}::uuid[]) and status = 'pending'
      returning id
    )
    delete from graphile_worker._private_jobs j using dropped d where j.key = 'message:' || d.id`.execute(tx);
}

export async function insertCoachAvailability(tx: Tx, rows: ReturnType<typeof demoAvailability>) {
  if (rows.availability.length > 0) await tx.insertInto('coach_availability').values(rows.availability).execute();
  await inBatches(rows.windows, (batch) => tx.insertInto('coach_windows').values(batch).execute());
}

/** The demo's privacy notice names its controller, as a real organisation's would before going live. */
export async function insertDemoPrivacyDetails(tx: Tx, orgId: string, domain: string) {
  await tx.insertInto('privacy_notice_details').values({
    org_id: orgId, controller_name: 'Northwind Manufacturing GmbH', controller_address: 'Am Sandtorkai 1, 20457 Hamburg, Germany',
    contact_name: 'Dr. Petra Lange', contact_email: `privacy@${domain}`,
    authority_name: 'Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit', authority_url: 'https://datenschutz-hamburg.de',
  }).execute();
}
