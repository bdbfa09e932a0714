// Self-service that mixes: what the open list says and orders from who met whom, the avoid-repeats
// refusal and its slack rule, on every way into a seat (taking one, moving, two at once). The
// encounters are written as the ledger holds them (migration 024); how the ledger is counted is
// encounters' own test.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';
import type { MixingSetting } from '../../db/schema.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { RuleError } from '../../lib/errors.ts';
import { cancelBooking, moveBooking, takeSeat } from '../bookings/service.ts';
import { listOpenSessions } from '../sessions/views.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const actorOf = (p: PersonRow): Actor => ({ orgId: p.org_id, personId: p.id, roles: p.roles, timeZone: p.time_zone, locale: p.locale });
// A clock a day before the reference Monday: the sessions below are within the next weeks of it.
const NOW = new Date(REFERENCE_MONDAY.getTime() - DAY);

async function organisation(mixing: MixingSetting) {
  const org = await buildOrganisation(t.database.db);
  await t.database.db.updateTable('organisations').set({ mixing }).where('id', '=', org.id).execute();
  return org;
}

async function meet(a: PersonRow, b: PersonRow, when: Date) {
  const [first, second] = a.id < b.id ? [a, b] : [b, a];
  await t.database.db.insertInto('encounters')
    .values({ org_id: a.org_id, person_a: first.id, person_b: second.id, first_met: when, last_met: when, times: 1 })
    .execute();
}

async function people(org: OrgRow, n: number) {
  return Promise.all(Array.from({ length: n }, () => buildPerson(t.database.db, { org })));
}

async function sessionWith(org: OrgRow, module: { id: string }, startsAt: Date, holders: PersonRow[], capacity = 4) {
  const session = await buildSession(t.database.db, { org, module, startsAt, capacity });
  for (const person of holders) await buildBooking(t.database.db, { session, person });
  return session;
}

const list = (viewer: PersonRow, sort?: 'time' | 'newColleagues', cursor?: string, limit?: number) =>
  inOrg(t.database.db, viewer.org_id, (tx) => listOpenSessions(tx, actorOf(viewer), { sort, cursor, limit }, NOW));

async function refusal(work: Promise<unknown>): Promise<RuleError> {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(RuleError);
  return error as RuleError;
}

async function seatsOf(sessionId: string) {
  return t.database.db.selectFrom('bookings').where('session_id', '=', sessionId).where('status', '<>', 'cancelled').select('person_id').execute();
}

describe('mixing "recommend" (the default)', () => {
  it('hints only where two or more others hold seats and none was met, and orders so that one booked person is never singled out', async () => {
    const org = await buildOrganisation(t.database.db);
    const settings = await t.database.db.selectFrom('organisations').where('id', '=', org.id).select('mixing').executeTakeFirstOrThrow();
    expect(settings.mixing).toBe('recommend');
    const module = await buildModule(t.database.db, { org });
    const [viewer, metOne, p2, p3, p4, p5] = await people(org, 6);
    await meet(viewer!, metOne!, new Date(NOW.getTime() - 30 * DAY));
    const at = (h: number) => new Date(REFERENCE_MONDAY.getTime() + h * HOUR);
    const alone = await sessionWith(org, module, at(0), [metOne!]); // one other, met: must look like `stranger`
    const mixed = await sessionWith(org, module, at(2), [metOne!, p2!].reverse()); // two others, one met
    const fresh = await sessionWith(org, module, at(4), [p3!, p4!]); // two others, none met
    const empty = await sessionWith(org, module, at(6), []);
    const stranger = await sessionWith(org, module, at(8), [p5!]); // one other, not met

    const byTime = await list(viewer!);
    expect(byTime.items.map((s) => s.id)).toEqual([alone.id, mixed.id, fresh.id, empty.id, stranger.id]);
    expect(byTime.items.map((s) => s.newColleaguesOnly)).toEqual([false, false, true, false, false]);

    // All new first, then the emptier sessions by their count alone, then the one with someone met.
    const byMix = await list(viewer!, 'newColleagues');
    expect(byMix.items.map((s) => s.id)).toEqual([fresh.id, empty.id, alone.id, stranger.id, mixed.id]);
    // What the list says of a session with one other booking does not depend on who that is.
    const said = (id: string) => {
      const item = byMix.items.find((s) => s.id === id)!;
      return { newColleaguesOnly: item.newColleaguesOnly, seatsLeft: item.seatsLeft, myBookingId: item.myBookingId, participants: item.participants };
    };
    expect(said(alone.id)).toEqual(said(stranger.id));

    // Paging keeps the order: the cursor carries the rank.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list(viewer!, 'newColleagues', cursor, 2);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(byMix.items.map((s) => s.id));
  });

  it('speaks of a session the viewer holds a seat in as of the others, and says nothing to someone with no history', async () => {
    const org = await buildOrganisation(t.database.db);
    const module = await buildModule(t.database.db, { org });
    const [viewer, p1, p2, newcomer] = await people(org, 4);
    const session = await sessionWith(org, module, REFERENCE_MONDAY, [viewer!, p1!, p2!]);
    const mine = await list(viewer!);
    expect(mine.items.find((s) => s.id === session.id)?.newColleaguesOnly).toBe(true);
    await meet(viewer!, p2!, new Date(NOW.getTime() - 300 * DAY));
    expect((await list(viewer!)).items.find((s) => s.id === session.id)?.newColleaguesOnly).toBe(false);
    expect((await list(newcomer!)).items.find((s) => s.id === session.id)?.newColleaguesOnly).toBe(true);
  });
});

describe('people who share an upcoming session count as met until it is counted', () => {
  it('orders and hints as for an encounter, and the avoid-repeats rule refuses a second session together', async () => {
    const org = await organisation('avoid_repeats');
    const module = await buildModule(t.database.db, { org });
    const [viewer, partner, p2, p3, p4] = await people(org, 5);
    const at = (h: number) => new Date(REFERENCE_MONDAY.getTime() + h * HOUR);
    const together = await sessionWith(org, module, at(0), [viewer!, partner!]);
    const again = await sessionWith(org, module, at(24), [partner!, p2!]);
    const fresh = await sessionWith(org, module, at(48), [p3!, p4!]);
    const byMix = await list(viewer!, 'newColleagues');
    expect(byMix.items.filter((s) => s.id !== together.id).map((s) => s.id)).toEqual([fresh.id, again.id]);
    expect(byMix.items.find((s) => s.id === again.id)?.newColleaguesOnly).toBe(false);
    // Their shared session itself speaks of the others in it, not of the two of them.
    expect(byMix.items.find((s) => s.id === together.id)?.newColleaguesOnly).toBe(false);

    const take = (sessionId: string) => inOrg(t.database.db, org.id, (tx) => takeSeat(tx, actorOf(viewer!), sessionId, NOW));
    expect((await refusal(take(again.id))).code).toBe('REPEAT_ENCOUNTER');
    // Given up, the shared seat no longer counts.
    const mine = await t.database.db.selectFrom('bookings').where('session_id', '=', together.id).where('person_id', '=', viewer!.id).select('id').executeTakeFirstOrThrow();
    await inOrg(t.database.db, org.id, (tx) => cancelBooking(tx, actorOf(viewer!), mine.id, NOW));
    await take(again.id);
  });
});

describe('mixing "off"', () => {
  it('builds nothing from other people’s bookings: no hint, and the order stays by time', async () => {
    const org = await organisation('off');
    const module = await buildModule(t.database.db, { org });
    const [viewer, metOne, p2, p3, p4] = await people(org, 5);
    await meet(viewer!, metOne!, new Date(NOW.getTime() - 10 * DAY));
    const first = await sessionWith(org, module, REFERENCE_MONDAY, [metOne!, p2!]);
    const second = await sessionWith(org, module, new Date(REFERENCE_MONDAY.getTime() + HOUR * 3), [p3!, p4!]);
    const result = await list(viewer!, 'newColleagues');
    expect(result.items.map((s) => s.id)).toEqual([first.id, second.id]);
    expect(result.items.every((s) => s.newColleaguesOnly === false)).toBe(true);
    // Nor does it refuse anything.
    await inOrg(t.database.db, org.id, (tx) => takeSeat(tx, actorOf(viewer!), first.id, NOW));
  });
});

describe('mixing "avoid repeats"', () => {
  async function scene() {
    const org = await organisation('avoid_repeats');
    // The scene's encounters lie 2 and 7 months back: a memory of 6 months tells them apart.
    await t.database.db.updateTable('organisations').set({ mixing_repeat_months: 6 }).where('id', '=', org.id).execute();
    const module = await buildModule(t.database.db, { org });
    const [viewer, metRecently, metLongAgo, other, another] = await people(org, 5);
    await meet(viewer!, metRecently!, new Date(NOW.getTime() - 60 * DAY));
    await meet(viewer!, metLongAgo!, new Date(NOW.getTime() - 220 * DAY));
    const repeat = await sessionWith(org, module, REFERENCE_MONDAY, [metRecently!]);
    // Two new colleagues in it: a session with one other booking is never counted, whoever that is.
    const alternative = await sessionWith(org, module, new Date(REFERENCE_MONDAY.getTime() + 7 * DAY), [other!, another!]);
    return { org, module, viewer: viewer!, metRecently: metRecently!, metLongAgo: metLongAgo!, other: other!, repeat, alternative };
  }
  const take = (person: PersonRow, sessionId: string, now = NOW) =>
    inOrg(t.database.db, person.org_id, (tx) => takeSeat(tx, actorOf(person), sessionId, now));

  it('refuses a seat beside someone met within the months set, with the number of sessions that would do, and changes nothing', async () => {
    const s = await scene();
    const error = await refusal(take(s.viewer, s.repeat.id));
    expect(error.code).toBe('REPEAT_ENCOUNTER');
    expect(error.details).toEqual({ alternatives: 1, months: 6, weeks: 5 });
    expect(error.message).toContain('within the last 6 months. 1 other session of this module in the next 5 weeks has a free seat');
    expect((await seatsOf(s.repeat.id)).map((b) => b.person_id)).toEqual([s.metRecently.id]);
    const stored = await t.database.db.selectFrom('sessions').where('id', '=', s.repeat.id).select('seats_taken').executeTakeFirstOrThrow();
    expect(stored.seats_taken).toBe(1);
    const mail = await t.database.db.selectFrom('outgoing_messages').where('recipient_id', '=', s.viewer.id).select('id').execute();
    expect(mail).toEqual([]);
    await take(s.viewer, s.alternative.id);
  });

  it('remembers a year unless the organisation sets otherwise', async () => {
    const org = await buildOrganisation(t.database.db);
    const stored = await t.database.db.selectFrom('organisations').where('id', '=', org.id).select('mixing_repeat_months').executeTakeFirstOrThrow();
    expect(stored.mixing_repeat_months).toBe(12);
  });

  it('lets an encounter older than the months set pass, and follows the months an admin sets', async () => {
    const s = await scene();
    const longAgo = await sessionWith(s.org, s.module, new Date(REFERENCE_MONDAY.getTime() + 3 * HOUR), [s.metLongAgo]);
    await take(s.viewer, longAgo.id);
    const [someone] = await people(s.org, 1);
    await meet(someone!, s.metLongAgo, new Date(NOW.getTime() - 220 * DAY));
    await t.database.db.updateTable('organisations').set({ mixing_repeat_months: 12 }).where('id', '=', s.org.id).execute();
    expect((await refusal(take(someone!, longAgo.id))).details).toMatchObject({ months: 12 });
  });

  describe('never strands anyone (the slack rule): the seat is given when no other session of the module in the next weeks would do', () => {
    it('when the other session is full', async () => {
      const s = await scene();
      const fill = await people(s.org, 2);
      for (const p of fill) await buildBooking(t.database.db, { session: s.alternative, person: p });
      await take(s.viewer, s.repeat.id);
    });
    it('when it lies beyond the weeks set', async () => {
      const s = await scene();
      await t.database.db.updateTable('sessions').set({ starts_at: new Date(NOW.getTime() + 40 * DAY), ends_at: new Date(NOW.getTime() + 40 * DAY + 90 * 60_000) })
        .where('id', '=', s.alternative.id).execute();
      await take(s.viewer, s.repeat.id);
    });
    it('when it clashes with another of the person’s seats, or the person coaches it, or it repeats an encounter too', async () => {
      const s = await scene();
      await sessionWith(s.org, await buildModule(t.database.db, { org: s.org }), s.alternative.starts_at, [s.viewer]);
      await take(s.viewer, s.repeat.id);
      expect((await seatsOf(s.repeat.id)).map((b) => b.person_id)).toContain(s.viewer.id);

      const t2 = await scene();
      await t.database.db.updateTable('sessions').set({ coach_id: t2.viewer.id }).where('id', '=', t2.alternative.id).execute();
      await take(t2.viewer, t2.repeat.id);

      const t3 = await scene();
      await buildBooking(t.database.db, { session: t3.alternative, person: t3.metLongAgo });
      await t.database.db.updateTable('organisations').set({ mixing_repeat_months: 12 }).where('id', '=', t3.org.id).execute();
      await take(t3.viewer, t3.repeat.id);
    });
    it('when the other session meets in a room at another site than the person’s (it sent them to another city); one at their own site would do', async () => {
      const s = await scene();
      await t.database.db.updateTable('people').set({ site: 'Hamburg' }).where('id', '=', s.viewer.id).execute();
      const munich = await buildRoom(t.database.db, { org: s.org, site: 'Munich' });
      await t.database.db.updateTable('sessions').set({ format: 'in_person', room_id: munich.id, online_url: null }).where('id', '=', s.alternative.id).execute();
      await take(s.viewer, s.repeat.id);

      const t2 = await scene();
      await t.database.db.updateTable('people').set({ site: 'Hamburg' }).where('id', '=', t2.viewer.id).execute();
      const hamburg = await buildRoom(t.database.db, { org: t2.org, site: 'Hamburg' });
      await t.database.db.updateTable('sessions').set({ format: 'in_person', room_id: hamburg.id, online_url: null }).where('id', '=', t2.alternative.id).execute();
      expect((await refusal(take(t2.viewer, t2.repeat.id))).code).toBe('REPEAT_ENCOUNTER');
    });
    it('when the other session is of another module', async () => {
      const s = await scene();
      const otherModule = await buildModule(t.database.db, { org: s.org });
      await t.database.db.updateTable('sessions').set({ module_id: otherModule.id }).where('id', '=', s.alternative.id).execute();
      await take(s.viewer, s.repeat.id);
    });
  });

  it('holds for a move too: into the repeat it is refused, the seat held stays', async () => {
    const s = await scene();
    const start = await sessionWith(s.org, s.module, new Date(REFERENCE_MONDAY.getTime() + 2 * DAY), []);
    const booking = await take(s.viewer, start.id);
    const error = await refusal(inOrg(t.database.db, s.org.id, (tx) => moveBooking(tx, actorOf(s.viewer), booking.id, s.repeat.id, NOW)));
    expect(error.code).toBe('REPEAT_ENCOUNTER');
    expect((await seatsOf(start.id)).map((b) => b.person_id)).toEqual([s.viewer.id]);
    expect((await seatsOf(s.repeat.id)).map((b) => b.person_id)).toEqual([s.metRecently.id]);
  });

  it('lets only one of two people who met into a group when both sign up at the same moment', async () => {
    const org = await organisation('avoid_repeats');
    const module = await buildModule(t.database.db, { org });
    const [a, b, c, d] = await people(org, 4);
    await meet(a!, b!, new Date(NOW.getTime() - 20 * DAY));
    const target = await sessionWith(org, module, REFERENCE_MONDAY, []);
    await sessionWith(org, module, new Date(REFERENCE_MONDAY.getTime() + DAY), [c!, d!]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let firstTook!: () => void;
    const firstHasSeat = new Promise<void>((resolve) => { firstTook = resolve; });
    const first = inOrg(t.database.db, org.id, async (tx) => {
      await takeSeat(tx, actorOf(a!), target.id, NOW);
      firstTook();
      await held;
    });
    await firstHasSeat;
    const second = inOrg(t.database.db, org.id, (tx) => takeSeat(tx, actorOf(b!), target.id, NOW)).then(() => null, (e: unknown) => e);
    // The second waits on the session's row, which the first's seat holds until it commits.
    for (let i = 0; i < 500; i++) {
      const waiting = await t.database.db.selectFrom('pg_stat_activity' as never).where('wait_event_type' as never, '=', 'Lock' as never)
        .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      if (Number(waiting.n) > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    release();
    await first;
    const error = await second;
    expect(error).toBeInstanceOf(RuleError);
    expect((error as RuleError).code).toBe('REPEAT_ENCOUNTER');
    expect((await seatsOf(target.id)).map((x) => x.person_id)).toEqual([a!.id]);
  });
});

describe('through HTTP', () => {
  it('orders the open list on ?sort=newColleagues, answers the refusal with 409 REPEAT_ENCOUNTER, and lets admins set mixing', async () => {
    const org = await buildOrganisation(t.database.db);
    const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const adminCookie = await t.cookieFor(admin);
    const bad = await call(t, 'PATCH', '/api/settings', { cookie: adminCookie, body: { mixing: 'sometimes' } });
    expect(bad.status).toBe(400);
    const set = await call(t, 'PATCH', '/api/settings', { cookie: adminCookie, body: { mixing: 'avoid_repeats', mixingRepeatMonths: 3, mixingSlackWeeks: 2 } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ mixing: 'avoid_repeats', mixingRepeatMonths: 3, mixingSlackWeeks: 2 });

    const module = await buildModule(t.database.db, { org });
    const [viewer, metOne, p2, p3, p4] = await people(org, 5);
    await meet(viewer!, metOne!, new Date(Date.now() - 10 * DAY));
    // The slack rule looks weeks ahead of the real clock here, so these sessions are placed from it.
    const soon = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 5 * DAY);
    const repeat = await sessionWith(org, module, soon, [metOne!, p2!]);
    const fresh = await sessionWith(org, module, new Date(soon.getTime() + 3 * HOUR), [p3!, p4!]);
    const cookie = await t.cookieFor(viewer!);
    const listed = await call(t, 'GET', `/api/sessions?sort=newColleagues&moduleId=${module.id}`, { cookie });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toEqual([fresh.id, repeat.id]);
    expect((await call(t, 'GET', '/api/sessions?sort=closest', { cookie })).status).toBe(400);

    const refused = await call(t, 'POST', `/api/sessions/${repeat.id}/bookings`, { cookie });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'REPEAT_ENCOUNTER', alternatives: 1, months: 3, weeks: 2 });
    expect((await call(t, 'POST', `/api/sessions/${fresh.id}/bookings`, { cookie })).status).toBe(201);
  });

  it('reads and sets the cohort solver’s search budget (1–60 s), refusing 0 and 61 with a 400 that names the field', async () => {
    const org = await buildOrganisation(t.database.db);
    const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const employee = await buildPerson(t.database.db, { org });
    const adminCookie = await t.cookieFor(admin);
    const read = await call(t, 'GET', '/api/settings', { cookie: await t.cookieFor(employee) });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ cohortSearchSeconds: 10 });

    for (const cohortSearchSeconds of [0, 61, 2.5]) {
      const bad = await call(t, 'PATCH', '/api/settings', { cookie: adminCookie, body: { cohortSearchSeconds } });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['body.cohortSearchSeconds']);
    }
    const set = await call(t, 'PATCH', '/api/settings', { cookie: adminCookie, body: { cohortSearchSeconds: 25 } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ cohortSearchSeconds: 25, mixingSlackWeeks: 5 });
    expect((await call(t, 'GET', '/api/settings', { cookie: adminCookie })).body).toMatchObject({ cohortSearchSeconds: 25 });
    const stored = await t.database.db.selectFrom('organisations').where('id', '=', org.id).select('cohort_search_seconds').executeTakeFirstOrThrow();
    expect(stored.cohort_search_seconds).toBe(25);
    // Only admins change it.
    const byEmployee = await call(t, 'PATCH', '/api/settings', { cookie: await t.cookieFor(employee), body: { cohortSearchSeconds: 5 } });
    expect(byEmployee.status).toBe(403);
  });
});
