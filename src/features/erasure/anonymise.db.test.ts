// Retention's rule "bookings and attendance older than N months anonymised", as erasure provides it:
// the bookings and their attendance become a stand-in's, figures stay, encounters derived only from
// them go — run as the app role, in the organisation's transaction.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { PAST_MONDAY } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';
import { openDatabase, type DbHandle } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { anonymiseBookingsBefore, countBookingsToAnonymise } from './service.ts';

const DAY = 86_400_000;
let database: TestDatabase;
let app: DbHandle;

beforeAll(async () => {
  database = await createTestDatabase(4);
  app = openDatabase(database.appUrl, 4);
  return () => app.close();
});

describe('anonymiseBookingsBefore', () => {
  it('turns old bookings anonymous, keeps the figures, and recomputes encounters without them', async () => {
    const db = database.db;
    const q = (text: string, values: unknown[]) => database.pool.query(text, values);
    const org = await buildOrganisation(db);
    const module = await buildModule(db, { org });
    const [ann, bob, cem] = await Promise.all([0, 1, 2].map(() => buildPerson(db, { org })));
    const old = await buildSession(db, { org, module, startsAt: PAST_MONDAY });
    const recent = await buildSession(db, { org, module, startsAt: new Date(PAST_MONDAY.getTime() + 200 * DAY) });
    for (const p of [ann!, bob!, cem!]) await q(`insert into bookings (org_id, session_id, person_id, status) values ($1, $2, $3, 'attended')`, [org.id, old.id, p.id]);
    for (const p of [ann!, bob!]) await q(`insert into bookings (org_id, session_id, person_id, status) values ($1, $2, $3, 'attended')`, [org.id, recent.id, p.id]);
    await q(`insert into session_ratings (org_id, session_id, person_id, rating, comment) values ($1, $2, $3, 5, 'Fine')`, [org.id, old.id, ann!.id]);
    await q(`select rebuild_encounters($1)`, [org.id]);
    const figures = async () => (await q(`
      select (select seats_taken from sessions where id = $2) as seats,
        (select count(distinct person_id)::int from bookings where session_id = $2 and status = 'attended') as attended,
        (select avg(rating)::text from session_ratings where org_id = $1) as rating`, [org.id, old.id])).rows[0];
    const before = await figures();
    const cutoff = new Date(PAST_MONDAY.getTime() + 100 * DAY);

    expect(await inOrg(app.db, org.id, (tx) => countBookingsToAnonymise(tx, org.id, cutoff))).toBe(3);
    expect(await inOrg(app.db, org.id, (tx) => anonymiseBookingsBefore(tx, org.id, cutoff, 2))).toBe(2);
    expect(await inOrg(app.db, org.id, (tx) => anonymiseBookingsBefore(tx, org.id, cutoff))).toBe(1);
    expect(await inOrg(app.db, org.id, (tx) => anonymiseBookingsBefore(tx, org.id, cutoff))).toBe(0);

    expect(await figures()).toEqual(before);
    const { rows: owners } = await q(`select p.anonymised_at is not null as anonymous, count(*)::int as n from bookings b join people p on p.id = b.person_id
      where b.session_id = $1 group by 1`, [old.id]);
    expect(owners).toEqual([{ anonymous: true, n: 3 }]);
    const { rows: [rating] } = await q(`select person_id from session_ratings where session_id = $1`, [old.id]);
    expect(rating.person_id).not.toBe(ann!.id);
    // Ann and Bob met again in the recent session: once now; Cem met them only in the old one.
    const { rows: pairs } = await q(`select person_a, person_b, times from encounters where org_id = $1`, [org.id]);
    expect(pairs).toEqual([{ person_a: [ann!.id, bob!.id].sort()[0], person_b: [ann!.id, bob!.id].sort()[1], times: 1 }]);
    // A rebuild agrees: stand-ins met nobody.
    await q(`select rebuild_encounters($1)`, [org.id]);
    expect((await q(`select person_a, person_b, times from encounters where org_id = $1`, [org.id])).rows).toEqual(pairs);
  });

  it('works only in the organisation of the transaction', async () => {
    const org = await buildOrganisation(database.db);
    const other = await buildOrganisation(database.db);
    await expect(inOrg(app.db, org.id, (tx) => anonymiseBookingsBefore(tx, other.id, new Date()))).rejects.toThrow(/not the current organisation/);
  });
});
