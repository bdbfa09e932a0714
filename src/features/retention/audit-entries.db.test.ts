// Retention anonymises a booking; the audit log kept three years what an admin did to it (migration
// 048): {mark, person, session}, {person, session}, a trade's {bookings, movedTo, people}. After the
// run no entry about the anonymised booking may name its person, nor lead back to them through a
// booking of theirs that is not anonymised yet.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { audit } from '../audit/service.ts';
import { markAttendance } from '../bookings/service.ts';
import { runRetention } from './service.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});

const DAY = 86_400_000;
// The audit log dates its entries by the database's clock, and the run deletes entries past their
// three years by the run's clock: the run must be near the real clock for the entries to remain.
const NOW = new Date(Date.now() + DAY);

async function entriesNaming(orgId: string, text: string) {
  const { rows } = await sql<{ action: string; actor_id: string | null; subject_id: string | null; detail: unknown }>`
    select action, actor_id, subject_id, detail from audit_log where org_id = ${orgId}
      and (actor_id::text = ${text} or subject_id::text = ${text} or detail::text like ${'%' + text + '%'})`.execute(t.db);
  return rows;
}

describe('retention and the audit entries about a booking it anonymises', () => {
  it('leaves no entry about the booking that names its person', async () => {
    const db = t.db;
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const person = await buildPerson(db, { org, name: 'Nora No-Show' });
    const session = await buildSession(db, { org, startsAt: new Date(NOW.getTime() - 3 * 365 * DAY) });
    const booking = await buildBooking(db, { session, person });
    const actor: Actor = { orgId: org.id, personId: admin.id, roles: ['admin', 'employee'], timeZone: 'UTC', locale: 'en' };
    await inOrg(db, org.id, async (tx) => {
      await audit(tx, actor, 'booking.placed', { kind: 'booking', id: booking.id }, { person: person.id, session: session.id });
      await markAttendance(tx, actor, booking.id, 'no_show', NOW);
    });
    expect(await entriesNaming(org.id, person.id)).toHaveLength(2);

    const run = await runRetention(db, { now: NOW, orgIds: [org.id] });
    expect(run.organisations[0]!.counts.bookings_anonymised).toBe(1);
    const { rows: [held] } = await sql<{ person_id: string }>`select person_id from bookings where id = ${booking.id}`.execute(db);
    expect(await entriesNaming(org.id, person.id), 'entries naming the person').toEqual([]);
    // What the admin did stays, naming the stand-in.
    const about = await entriesNaming(org.id, booking.id);
    expect(about.map((e) => [e.action, e.actor_id, e.detail]).sort()).toEqual([
      ['booking.attendance_recorded', admin.id, { mark: 'no_show', person: held!.person_id, session: session.id }],
      ['booking.placed', admin.id, { person: held!.person_id, session: session.id }],
    ]);
  });

  it('does not leave a trade pointing from the stand-in at the booking the person still holds', async () => {
    const db = t.db;
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const [a, b] = [await buildPerson(db, { org }), await buildPerson(db, { org })];
    const old = await buildSession(db, { org, startsAt: new Date(NOW.getTime() - 3 * 365 * DAY) });
    const recent = await buildSession(db, { org, startsAt: new Date(NOW.getTime() - 30 * DAY) });
    // The trade as bookings/service.ts records it: a's seat in the old session moved to the recent one, b's the other way.
    const [first, second] = [await buildBooking(db, { session: old, person: a }), await buildBooking(db, { session: recent, person: b })];
    const [toRecent, toOld] = [await buildBooking(db, { session: recent, person: a }), await buildBooking(db, { session: old, person: b })];
    const actor: Actor = { orgId: org.id, personId: admin.id, roles: ['admin', 'employee'], timeZone: 'UTC', locale: 'en' };
    await inOrg(db, org.id, (tx) => audit(tx, actor, 'booking.seats_traded', { kind: 'booking', id: first.id }, {
      bookings: [first.id, second.id], movedTo: [toRecent.id, toOld.id], people: [a.id, b.id],
    }));

    await runRetention(db, { now: NOW, orgIds: [org.id] });
    // first (a's) and toOld (b's) are anonymised; toRecent (a's) and second (b's) are not.
    const { rows } = await sql<{ detail: { bookings: Array<string | null>; movedTo: Array<string | null>; people: string[] }; subject_id: string }>`
      select detail, subject_id from audit_log where org_id = ${org.id} and action = 'booking.seats_traded'`.execute(db);
    const entry = rows[0]!;
    const holder = async (id: string) => (await sql<{ person_id: string }>`select person_id from bookings where id = ${id}`.execute(db)).rows[0]!.person_id;
    expect(JSON.stringify(entry)).not.toContain(a.id);
    expect(JSON.stringify(entry)).not.toContain(b.id);
    // Each side names its stand-in, and neither a booking its person still holds.
    expect(entry.detail).toEqual({ bookings: [first.id, null], movedTo: [null, toOld.id], people: [await holder(first.id), await holder(toOld.id)] });
  });
});
