// Retention's "bookings older than N months move to an anonymous stand-in, so nobody can tell whose
// it was" (PRIVACY.md), against the rows that point at a booking: the person's waiting-list entry
// that gave them the seat, and a move's link between two of the person's bookings (migration 045).
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow, type SessionRowT } from '../../../test/factories.ts';
import { runRetention } from './service.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});

const NOW = REFERENCE_MONDAY;
const DAY = 86_400_000;

/** retention_bookings_months defaults to 24: the cut-off of a run at NOW. */
function cutoff(): Date {
  const at = new Date(NOW);
  at.setUTCMonth(at.getUTCMonth() - 24);
  return at;
}

async function anonymise(org: OrgRow): Promise<number> {
  const run = await runRetention(t.db, { now: NOW, orgIds: [org.id] });
  return run.organisations[0]!.counts.bookings_anonymised ?? 0;
}

async function promotedEntry(org: OrgRow, session: SessionRowT, person: PersonRow, bookingId: string): Promise<void> {
  await sql`insert into waitlist_entries (org_id, session_id, person_id, created_at, status, promoted_booking_id, ended_at)
    values (${org.id}, ${session.id}, ${person.id}, ${new Date(session.starts_at.getTime() - 5 * DAY)}, 'promoted', ${bookingId},
      ${new Date(session.starts_at.getTime() - 4 * DAY)})`.execute(t.db);
}

/** A booking of `person` in `from`, cancelled as moved to `to`. */
async function movedBooking(org: OrgRow, person: PersonRow, from: SessionRowT, to: { id: string }): Promise<string> {
  const { rows: [row] } = await sql<{ id: string }>`insert into bookings (org_id, session_id, person_id, status, cancelled_at, cancelled_by, cancel_reason, moved_to_booking_id)
    values (${org.id}, ${from.id}, ${person.id}, 'cancelled', ${new Date(from.starts_at.getTime() - 3 * DAY)}, ${person.id}, 'moved', ${to.id}) returning id`.execute(t.db);
  return row!.id;
}

async function ownerOfMoveTarget(bookingId: string): Promise<string | undefined> {
  const { rows } = await sql<{ owner: string }>`select m.person_id as owner from bookings a join bookings m on m.id = a.moved_to_booking_id where a.id = ${bookingId}`.execute(t.db);
  return rows[0]?.owner;
}

describe('retention anonymises a booking the person got from a waiting list', () => {
  it('leaves nothing that ties the anonymised booking (and its rating) back to the person', async () => {
    const db = t.db;
    const org = await buildOrganisation(db);
    const person = await buildPerson(db, { org, name: 'Wanda Waitlisted' });
    const session = await buildSession(db, { org, startsAt: new Date(NOW.getTime() - 3 * 365 * DAY) });
    const booking = await buildBooking(db, { session, person });
    await sql`update bookings set status = 'attended' where id = ${booking.id}`.execute(db);
    await sql`insert into session_ratings (org_id, session_id, person_id, rating) values (${org.id}, ${session.id}, ${person.id}, 1)`.execute(db);
    await promotedEntry(org, session, person, booking.id);

    expect(await anonymise(org)).toBe(1);
    const { rows: [after] } = await sql<{ person_id: string }>`select person_id from bookings where id = ${booking.id}`.execute(db);
    expect(after!.person_id).not.toBe(person.id);
    // Not even the entry without its link: its session and the moment of the promotion point at the seat.
    const { rows: entries } = await sql`select 1 from waitlist_entries where org_id = ${org.id} and person_id = ${person.id}`.execute(db);
    expect(entries, 'the person’s waiting-list entry for the anonymised session').toEqual([]);
  });

  it('keeps the person’s entries for sessions whose bookings are not anonymised yet', async () => {
    const db = t.db;
    const org = await buildOrganisation(db);
    const person = await buildPerson(db, { org });
    const old = await buildSession(db, { org, startsAt: new Date(cutoff().getTime() - DAY) });
    const recent = await buildSession(db, { org, startsAt: new Date(cutoff().getTime() + 7 * DAY) });
    await promotedEntry(org, old, person, (await buildBooking(db, { session: old, person })).id);
    const kept = await buildBooking(db, { session: recent, person });
    await promotedEntry(org, recent, person, kept.id);

    expect(await anonymise(org)).toBe(1);
    const { rows } = await sql<{ session_id: string; promoted_booking_id: string }>`
      select session_id, promoted_booking_id from waitlist_entries where org_id = ${org.id} and person_id = ${person.id}`.execute(db);
    expect(rows).toEqual([{ session_id: recent.id, promoted_booking_id: kept.id }]);
  });
});

describe('retention anonymises a booking that was moved to another session', () => {
  it('does not leave the anonymised booking pointing at the person’s own later booking', async () => {
    const db = t.db;
    const org = await buildOrganisation(db);
    const person = await buildPerson(db, { org });
    const early = await buildSession(db, { org, startsAt: new Date(cutoff().getTime() - DAY) });
    const later = await buildSession(db, { org, startsAt: new Date(cutoff().getTime() + 7 * DAY) });
    const moved = await buildBooking(db, { session: later, person });
    const original = await movedBooking(org, person, early, moved);

    expect(await anonymise(org)).toBe(1);
    expect(await ownerOfMoveTarget(original), 'the anonymised booking names the person through the booking it moved to').toBeUndefined();
    const { rows: [target] } = await sql<{ person_id: string }>`select person_id from bookings where id = ${moved.id}`.execute(db);
    expect(target!.person_id).toBe(person.id);
  });

  it('does not leave the person’s own booking pointing at the anonymised one it was moved to (a move to an earlier session)', async () => {
    const db = t.db;
    const org = await buildOrganisation(db);
    const person = await buildPerson(db, { org });
    const early = await buildSession(db, { org, startsAt: new Date(cutoff().getTime() - DAY) });
    const later = await buildSession(db, { org, startsAt: new Date(cutoff().getTime() + 7 * DAY) });
    const target = await buildBooking(db, { session: early, person });
    const source = await movedBooking(org, person, later, target);

    expect(await anonymise(org)).toBe(1);
    const { rows: [row] } = await sql<{ person_id: string; moved_to_booking_id: string | null }>`
      select person_id, moved_to_booking_id from bookings where id = ${source}`.execute(db);
    expect(row).toEqual({ person_id: person.id, moved_to_booking_id: null });
  });

  it('keeps a move between two bookings anonymised together: they belong to one stand-in', async () => {
    const db = t.db;
    const org = await buildOrganisation(db);
    const person = await buildPerson(db, { org });
    const first = await buildSession(db, { org, startsAt: new Date(cutoff().getTime() - 14 * DAY) });
    const second = await buildSession(db, { org, startsAt: new Date(cutoff().getTime() - 7 * DAY) });
    const moved = await buildBooking(db, { session: second, person });
    const original = await movedBooking(org, person, first, moved);

    expect(await anonymise(org)).toBe(2);
    const { rows: [standIn] } = await sql<{ person_id: string }>`select person_id from bookings where id = ${moved.id}`.execute(db);
    expect(standIn!.person_id).not.toBe(person.id);
    expect(await ownerOfMoveTarget(original)).toBe(standIn!.person_id);
  });
});
