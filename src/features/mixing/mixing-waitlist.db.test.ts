// avoid_repeats holds on the waiting list's ways into a seat as on a sign-up (found by a review):
// automatic promotion and offers skip someone who would sit beside a recent partner while another
// session would do (they keep their place), and accepting an offer is refused as a sign-up would be.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildEncounter, buildModule, buildOrganisation, buildPerson, buildSession, type PersonRow } from '../../../test/factories.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { RuleError } from '../../lib/errors.ts';
import { cancelBooking, seatRules, takeSeat } from '../bookings/service.ts';
import { acceptOffer } from '../waiting-list/offers.ts';
import { joinWaitingList } from '../waiting-list/service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const DAY = 24 * 3_600_000;
const NOW = new Date(REFERENCE_MONDAY.getTime() - DAY);
const actorOf = (p: PersonRow): Actor => ({ orgId: p.org_id, personId: p.id, roles: p.roles, timeZone: p.time_zone, locale: p.locale });
const at = (days: number) => new Date(REFERENCE_MONDAY.getTime() + days * DAY);

/** The viewer met the partner two months ago; a full session of two, the partner in it; an alternative with only new colleagues. */
async function scene(mode: 'automatic' | 'offer', partnerInFull = true) {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  await db.updateTable('organisations').set({ mixing: 'avoid_repeats', waitlist_mode: mode }).where('id', '=', org.id).execute();
  const module = await buildModule(db, { org });
  const [viewer, partner, holder, stranger, other, newcomer] = await Promise.all([0, 1, 2, 3, 4, 5].map(() => buildPerson(db, { org })));
  await buildEncounter(db, viewer!, partner!, new Date(NOW.getTime() - 60 * DAY));
  const full = await buildSession(db, { org, module, startsAt: at(2), capacity: 2 });
  const seats = [await buildBooking(db, { session: full, person: partnerInFull ? partner! : other! }), await buildBooking(db, { session: full, person: holder! })];
  const alternative = await buildSession(db, { org, module, startsAt: at(7), capacity: 4 });
  // Two new colleagues: a session with one other booking is never counted as an alternative.
  for (const p of [stranger!, newcomer!]) await buildBooking(db, { session: alternative, person: p });
  return { org, viewer: viewer!, partner: partner!, holder: holder!, other: other!, full, seats };
}

const seatsOf = async (sessionId: string) =>
  (await t.database.db.selectFrom('bookings').where('session_id', '=', sessionId).where('status', '<>', 'cancelled').select('person_id').execute()).map((r) => r.person_id);
const entryStatus = async (entryId: string) =>
  (await t.database.db.selectFrom('waitlist_entries').where('id', '=', entryId).select('status').executeTakeFirstOrThrow()).status;
const asCode = (e: unknown) => (e instanceof RuleError ? e.code : String(e));

describe('avoid_repeats and the waiting list', () => {
  it('a sign-up beside the partner is refused, the rule the line must follow', async () => {
    const s = await scene('automatic');
    await inOrg(t.database.db, s.org.id, (tx) => cancelBooking(tx, actorOf(s.holder), s.seats[1]!.id, NOW));
    const outcome = await inOrg(t.database.db, s.org.id, (tx) => takeSeat(tx, actorOf(s.viewer), s.full.id, NOW)).then(() => 'seated', asCode);
    expect(outcome).toBe('REPEAT_ENCOUNTER');
  });

  it('automatic promotion passes over the viewer, who keeps their place', async () => {
    const s = await scene('automatic');
    const entry = await inOrg(t.database.db, s.org.id, (tx) => joinWaitingList(tx, actorOf(s.viewer), s.full.id, NOW));
    await inOrg(t.database.db, s.org.id, (tx) => cancelBooking(tx, actorOf(s.holder), s.seats[1]!.id, NOW));
    expect(await seatsOf(s.full.id)).toEqual([s.partner.id]);
    expect(await entryStatus(entry.id)).toBe('waiting');
  });

  it('no seat is offered to the viewer beside the partner', async () => {
    const s = await scene('offer');
    const entry = await inOrg(t.database.db, s.org.id, (tx) => joinWaitingList(tx, actorOf(s.viewer), s.full.id, NOW));
    await inOrg(t.database.db, s.org.id, (tx) => cancelBooking(tx, actorOf(s.holder), s.seats[1]!.id, NOW));
    expect(await entryStatus(entry.id)).toBe('waiting');
  });

  it('accepting an offer made before the partner took a seat is refused, and the offer stays open', async () => {
    const s = await scene('offer', false);
    const entry = await inOrg(t.database.db, s.org.id, (tx) => joinWaitingList(tx, actorOf(s.viewer), s.full.id, NOW));
    await inOrg(t.database.db, s.org.id, (tx) => cancelBooking(tx, actorOf(s.holder), s.seats[1]!.id, NOW));
    expect(await entryStatus(entry.id)).toBe('offered');
    // The other seat frees with nobody else in line, and the partner takes it.
    await inOrg(t.database.db, s.org.id, (tx) => cancelBooking(tx, actorOf(s.other), s.seats[0]!.id, NOW));
    await inOrg(t.database.db, s.org.id, (tx) => takeSeat(tx, actorOf(s.partner), s.full.id, NOW));
    const outcome = await inOrg(t.database.db, s.org.id, (tx) => acceptOffer(tx, actorOf(s.viewer), entry.id, seatRules, NOW)).then(() => 'accepted', asCode);
    expect(outcome).toBe('REPEAT_ENCOUNTER');
    expect(await entryStatus(entry.id)).toBe('offered');
  });
});
