// Someone who takes a seat in a session another way than through its line waits for it no longer:
// an offer held for them gives its seat back (they take that one), and their entry is closed as
// promoted. Otherwise the offer kept a second seat from everyone until it lapsed (found by a review).
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';
import { inOrg } from '../../db/transaction.ts';
import { placePerson, seatRules } from '../bookings/service.ts';
import { sweepOffers } from './offers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ poolSize: 10 });
});

interface Caller { person: PersonRow; cookie: string }
async function employee(org: OrgRow, roles: Array<'employee' | 'coach' | 'admin'> = ['employee']): Promise<Caller> {
  const person = await buildPerson(t.database.db, { org, roles });
  return { person, cookie: await t.cookieFor(person) };
}
async function organisation(mode: 'offer' | 'automatic'): Promise<OrgRow> {
  const org = await buildOrganisation(t.database.db, {});
  await t.database.db.updateTable('organisations').set({ waitlist_mode: mode, waitlist_offer_hours: 12 }).where('id', '=', org.id).execute();
  return org;
}
async function fullSessionWithLine(org: OrgRow, capacity: number, waiting: Caller[], module?: { id: string }) {
  const session = await buildSession(t.database.db, { org, capacity, startsAt: hoursAfterReference(48), ...(module && { module }) });
  const holders: Array<Caller & { bookingId: string }> = [];
  for (let i = 0; i < capacity; i++) {
    const holder = await employee(org);
    holders.push({ ...holder, bookingId: (await buildBooking(t.database.db, { session, person: holder.person })).id });
  }
  for (const w of waiting) expect((await call(t, 'POST', `/api/sessions/${session.id}/waitlist`, { cookie: w.cookie })).status).toBe(201);
  return { session, holders };
}
const cancel = async (h: { bookingId: string; cookie: string }) => expect((await call(t, 'POST', `/api/bookings/${h.bookingId}/cancel`, { cookie: h.cookie })).status).toBe(200);
async function seats(sessionId: string) {
  const s = await t.database.db.selectFrom('sessions').where('id', '=', sessionId).select(['capacity', 'seats_taken']).executeTakeFirstOrThrow();
  const held = await t.database.db.selectFrom('bookings').where('session_id', '=', sessionId).where('status', '<>', 'cancelled').select('person_id').execute();
  return { ...s, bookings: held.length };
}
const entries = async (sessionId: string) =>
  (await t.database.db.selectFrom('waitlist_entries').where('session_id', '=', sessionId).orderBy('created_at')
    .select(['person_id', 'status', 'promoted_booking_id']).execute());

describe('an offer, and a seat taken by the same person another way', () => {
  it('a sign-up takes the held seat: the other free seat stays free for a stranger', async () => {
    const org = await organisation('offer');
    const ada = await employee(org);
    const { session, holders } = await fullSessionWithLine(org, 2, [ada]);
    await cancel(holders[0]!); // offered to Ada: held
    await cancel(holders[1]!); // nobody else waits: free
    expect((await entries(session.id)).map((e) => e.status)).toEqual(['offered']);
    const booked = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: ada.cookie });
    expect(booked.status, booked.text).toBe(201);
    expect(await seats(session.id)).toEqual({ capacity: 2, seats_taken: 1, bookings: 1 });
    expect(await entries(session.id)).toEqual([{ person_id: ada.person.id, status: 'promoted', promoted_booking_id: booked.body.id }]);
    const stranger = await employee(org);
    expect((await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: stranger.cookie })).status).toBe(201);
    expect(await seats(session.id)).toEqual({ capacity: 2, seats_taken: 2, bookings: 2 });
  });

  it('a move into the session takes the held seat, and a sign-up refused leaves the offer as it was', async () => {
    const org = await organisation('offer');
    const module = await buildModule(t.database.db, { org });
    const ada = await employee(org);
    const { session, holders } = await fullSessionWithLine(org, 1, [ada], module);
    await cancel(holders[0]!); // the one seat, held for Ada
    // Another session of the module where Ada holds a seat: she moves it here.
    const other = await buildSession(t.database.db, { org, module, capacity: 4, startsAt: hoursAfterReference(96) });
    const mine = await buildBooking(t.database.db, { session: other, person: ada.person });
    const moved = await call(t, 'POST', `/api/bookings/${mine.id}/move`, { cookie: ada.cookie, body: { sessionId: session.id } });
    expect(moved.status, moved.text).toBe(201);
    expect(await seats(session.id)).toEqual({ capacity: 1, seats_taken: 1, bookings: 1 });
    expect((await entries(session.id)).map((e) => e.status)).toEqual(['promoted']);

    // Bea holds an offer, then takes a seat elsewhere up to her limit of one upcoming booking, then
    // asks for the offered seat by a sign-up: refused, and the offer is still hers as it was.
    const org2 = await organisation('offer');
    await t.database.db.updateTable('organisations').set({ max_future_bookings: 1 }).where('id', '=', org2.id).execute();
    const bea = await employee(org2);
    const line = await fullSessionWithLine(org2, 1, [bea]);
    await cancel(line.holders[0]!);
    const offered = await entries(line.session.id);
    expect(offered.map((e) => e.status)).toEqual(['offered']);
    const elsewhere = await buildSession(t.database.db, { org: org2, startsAt: hoursAfterReference(120) });
    expect((await call(t, 'POST', `/api/sessions/${elsewhere.id}/bookings`, { cookie: bea.cookie })).status).toBe(201);
    const refused = await call(t, 'POST', `/api/sessions/${line.session.id}/bookings`, { cookie: bea.cookie });
    expect([refused.status, refused.body.code]).toEqual([409, 'LIMIT_REACHED']);
    expect(await entries(line.session.id)).toEqual(offered);
    expect(await seats(line.session.id)).toEqual({ capacity: 1, seats_taken: 1, bookings: 0 });
  });

  it('one whose offer ran out (the expiry job not yet round) cannot take the seat by a sign-up ahead of the next in line (found by a review)', async () => {
    const org = await organisation('offer');
    const [ada, bea] = [await employee(org), await employee(org)];
    const { session, holders } = await fullSessionWithLine(org, 1, [ada, bea]);
    await cancel(holders[0]!); // held for Ada
    expect((await entries(session.id)).map((e) => e.status)).toEqual(['offered', 'waiting']);
    await t.database.db.updateTable('waitlist_entries').set({ offer_expires_at: sql`now() - interval '1 minute'` })
      .where('session_id', '=', session.id).where('status', '=', 'offered').execute();
    const booked = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: ada.cookie });
    // The offer lapsed: it ends, the seat is held for Bea, and Ada's sign-up finds it full. The refusal
    // rolls its transaction back, so the expiry job ends the offer as it would have anyway.
    expect([booked.status, booked.body.code]).toEqual([409, 'SESSION_FULL']);
    expect(await seats(session.id)).toEqual({ capacity: 1, seats_taken: 1, bookings: 0 });
    await sweepOffers(t.ctx.db, seatRules);
    expect((await entries(session.id)).map((e) => [e.person_id, e.status])).toEqual([[ada.person.id, 'expired'], [bea.person.id, 'offered']]);
  });

  it('an admin placing someone who waits (as publishing a cohort does) closes their wait as promoted', async () => {
    const org = await organisation('automatic');
    const admin = await employee(org, ['admin', 'employee']);
    const ada = await employee(org);
    const { session } = await fullSessionWithLine(org, 1, [ada]);
    await t.database.db.updateTable('sessions').set({ capacity: 2 }).where('id', '=', session.id).execute();
    const actor = { orgId: org.id, personId: admin.person.id, roles: admin.person.roles, timeZone: 'UTC', locale: 'en' as const };
    const placed = await inOrg(t.database.db, org.id, (tx) => placePerson(tx, actor, session.id, ada.person.id));
    expect(await entries(session.id)).toEqual([{ person_id: ada.person.id, status: 'promoted', promoted_booking_id: placed.id }]);
  });
});
