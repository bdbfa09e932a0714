// The offers' sweep in a suspended organisation (found by a review): nobody there can sign in to
// accept a seat and no mail leaves it, yet each lapsed offer offered the seat to the next in line,
// whose offer lapsed in turn, so a suspension of a few days used up the whole line. A suspended
// organisation's seats are now offered to nobody; the line waits as it was, and the first sweep after
// it is active again offers the seat.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';
import { seatRules } from '../bookings/service.ts';
import { sweepOffers } from './offers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

const MINUTE = 60_000;

describe('a lapsed offer in a suspended organisation', () => {
  it('lapses without the seat being offered on; the next in line is offered it once the organisation is active again', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    await db.updateTable('organisations').set({ waitlist_mode: 'offer', waitlist_offer_hours: 12 }).where('id', '=', org.id).execute();
    const session = await buildSession(db, { org, capacity: 1, startsAt: hoursAfterReference(24) });
    const holder = await buildPerson(db, { org });
    const booking = await buildBooking(db, { session, person: holder });
    const line = [await buildPerson(db, { org }), await buildPerson(db, { org })];
    for (const person of line) expect((await call(t, 'POST', `/api/sessions/${session.id}/waitlist`, { cookie: await t.cookieFor(person) })).status).toBe(201);
    expect((await call(t, 'POST', `/api/bookings/${booking.id}/cancel`, { cookie: await t.cookieFor(holder) })).status).toBe(200);
    const entries = () => db.selectFrom('waitlist_entries').where('session_id', '=', session.id).orderBy('created_at').orderBy('id')
      .select(['id', 'status', 'offer_expires_at']).execute();
    const [first] = await entries();
    expect(first!.status).toBe('offered');

    await db.updateTable('organisations').set({ status: 'suspended' }).where('id', '=', org.id).execute();
    const lapsed = new Date(first!.offer_expires_at!.getTime() + MINUTE);
    await sweepOffers(t.ctx.db, seatRules, { now: lapsed });
    await sweepOffers(t.ctx.db, seatRules, { now: new Date(lapsed.getTime() + MINUTE) });
    expect((await entries()).map((e) => e.status)).toEqual(['expired', 'waiting']);
    const mails = () => db.selectFrom('outgoing_messages').where('org_id', '=', org.id).where('kind', '=', 'waitlist_offer').select('recipient_id').execute();
    expect(await mails()).toEqual([{ recipient_id: line[0]!.id }]);

    await db.updateTable('organisations').set({ status: 'active' }).where('id', '=', org.id).execute();
    await sweepOffers(t.ctx.db, seatRules, { now: new Date(lapsed.getTime() + 2 * MINUTE) });
    expect((await entries()).map((e) => e.status)).toEqual(['expired', 'offered']);
    expect((await mails()).map((m) => m.recipient_id).sort()).toEqual(line.map((p) => p.id).sort());
  });
});
