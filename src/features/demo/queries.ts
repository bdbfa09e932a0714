// Database access for the demo seed: multi-row inserts in batches, so a few hundred rows cost a
// handful of round trips instead of one each.
import type { Insertable } from 'kysely';
import type { Db } from '../../db/pool.ts';
import type {
  BookingsTable, ModulesTable, OrganisationsTable, PeopleTable, RoomsTable, SessionsTable,
} from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';

// Sessions have the most columns (~15); 500 rows stay far below PostgreSQL's 65,535 parameters.
const BATCH_SIZE = 500;

export type NewOrganisation = Insertable<OrganisationsTable> & { id: string };
export type NewPersonRow = Insertable<PeopleTable> & { id: string };
export type NewModuleRow = Insertable<ModulesTable> & { id: string };
export type NewRoomRow = Insertable<RoomsTable> & { id: string };
export type NewSessionRow = Insertable<SessionsTable> & { id: string };
export type NewBookingRow = Insertable<BookingsTable>;

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
// mistake in the seed fails loudly here instead of leaving inconsistent demo data.
export function insertBookings(tx: Tx, rows: ReadonlyArray<NewBookingRow>, onBatch?: OnBatch) {
  return inBatches(rows, (batch) => tx.insertInto('bookings').values(batch).execute(), onBatch);
}
