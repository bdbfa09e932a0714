// A coach's export lists the sessions they published as well as those they ran; how many came and how
// many were marked absent is the business of whoever ran the session. A coach who published a session
// and handed it on (ill, away) must not read from their export whether the one person they saw booked
// turned up (found by a review).
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';
import { inOrg } from '../../db/transaction.ts';
import { gatherSnapshot } from './snapshot/service.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;
const DAY = 86_400_000;

describe('sessions coached or published, in the export', () => {
  it('counts attendance only for the coach who ran the session, not for the one who published it', async () => {
    const org = await buildOrganisation(db);
    const publisher = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const successor = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const session = await buildSession(db, { org, coach: publisher, startsAt: new Date(Date.now() - 3 * DAY) });
    const booking = await buildBooking(db, { session });
    // Handed on before it took place; the new coach marked the one participant absent.
    await db.updateTable('sessions').set({ coach_id: successor.id }).where('id', '=', session.id).execute();
    await db.updateTable('bookings').set({ status: 'no_show', attendance_marked_at: new Date(), attendance_marked_by: successor.id })
      .where('id', '=', booking.id).execute();

    const coached = (personId: string) => inOrg(t.ctx.db, org.id, async (tx) =>
      (await gatherSnapshot(tx, org.id, personId, 'request', new Date()))!.sessionsCoached.find((r) => r.id === session.id));
    expect(await coached(successor.id)).toMatchObject({ coached: true, attended: 0, no_shows: 1 });
    const theirs = await coached(publisher.id);
    expect(theirs).toMatchObject({ coached: false, published: true, attended: null, no_shows: null });
  });
});
