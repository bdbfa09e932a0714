// What an avoid_repeats refusal says about the other sessions it counts: a session with one other
// booking must count the same whoever holds that seat, as the list ranks it, or the count (and
// whether one is refused at all) would say whether that one person is someone one met. It never
// counts (counting it always would refuse someone whose only other session holds a recent partner,
// and the rule must strand nobody); an empty session does.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildEncounter, buildModule, buildOrganisation, buildPerson, buildSession, type PersonRow } from '../../../test/factories.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { RuleError } from '../../lib/errors.ts';
import { takeSeat } from '../bookings/service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const DAY = 24 * 3_600_000;
const NOW = new Date(REFERENCE_MONDAY.getTime() - DAY);
const actorOf = (p: PersonRow): Actor => ({ orgId: p.org_id, personId: p.id, roles: p.roles, timeZone: p.time_zone, locale: p.locale });

/** A refused sign-up beside a recent partner, with an empty session and one where `single` alone has a seat. */
async function refusal(o: { metTheSingle: boolean; emptySession: boolean }) {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  await db.updateTable('organisations').set({ mixing: 'avoid_repeats' }).where('id', '=', org.id).execute();
  const module = await buildModule(db, { org });
  const [viewer, partner, other, single] = await Promise.all([0, 1, 2, 3].map(() => buildPerson(db, { org })));
  const meet = (a: PersonRow, b: PersonRow) => buildEncounter(db, a, b, new Date(NOW.getTime() - 60 * DAY));
  await meet(viewer!, partner!);
  if (o.metTheSingle) await meet(viewer!, single!);
  const at = (days: number) => new Date(REFERENCE_MONDAY.getTime() + days * DAY);
  const target = await buildSession(db, { org, module, startsAt: at(1), capacity: 4 });
  for (const p of [partner!, other!]) await buildBooking(db, { session: target, person: p });
  if (o.emptySession) await buildSession(db, { org, module, startsAt: at(7), capacity: 4 });
  const withOne = await buildSession(db, { org, module, startsAt: at(14), capacity: 4 });
  await buildBooking(db, { session: withOne, person: single! });
  const outcome = await inOrg(db, org.id, (tx) => takeSeat(tx, actorOf(viewer!), target.id, NOW)).then(() => 'seated', (e: unknown) => e);
  if (outcome === 'seated') return { outcome };
  expect(outcome).toBeInstanceOf(RuleError);
  const error = outcome as RuleError;
  return { outcome: error.code, details: error.details, message: error.message };
}

describe('an avoid_repeats refusal and a session with one other booking', () => {
  it('counts it the same whoever holds its seat, beside an empty session', async () => {
    const stranger = await refusal({ metTheSingle: false, emptySession: true });
    const known = await refusal({ metTheSingle: true, emptySession: true });
    expect(stranger).toMatchObject({ outcome: 'REPEAT_ENCOUNTER', details: { alternatives: 1 } });
    expect(known).toEqual(stranger);
  });

  it('seats the person the same whoever holds its seat, when it is the only other session', async () => {
    const stranger = await refusal({ metTheSingle: false, emptySession: false });
    const known = await refusal({ metTheSingle: true, emptySession: false });
    expect(stranger).toEqual({ outcome: 'seated' });
    expect(known).toEqual(stranger);
  });

  it('never strands anyone: two sessions, each with one recent partner alone, and the first is given (found by a review)', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    await db.updateTable('organisations').set({ mixing: 'avoid_repeats' }).where('id', '=', org.id).execute();
    const module = await buildModule(db, { org });
    const [viewer, x, y] = await Promise.all([0, 1, 2].map(() => buildPerson(db, { org })));
    for (const partner of [x!, y!]) await buildEncounter(db, viewer!, partner, new Date(NOW.getTime() - 60 * DAY));
    const one = await buildSession(db, { org, module, startsAt: new Date(REFERENCE_MONDAY.getTime() + DAY), capacity: 4 });
    await buildBooking(db, { session: one, person: x! });
    const other = await buildSession(db, { org, module, startsAt: new Date(REFERENCE_MONDAY.getTime() + 8 * DAY), capacity: 4 });
    await buildBooking(db, { session: other, person: y! });
    const outcome = await inOrg(db, org.id, (tx) => takeSeat(tx, actorOf(viewer!), one.id, NOW)).then(() => 'seated', (e: unknown) => (e instanceof RuleError ? e.code : String(e)));
    expect(outcome).toBe('seated');
  });
});
