// Cohorts on real PostgreSQL: made through the API, solved in a worker thread, previewed with figures
// that this test counts again from the schedule alone; moves by hand; publishing every round at once
// or nothing; swaps that pick the partner with the fewest repeats and move both seats.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { cohortBody, cohortProgram, scheduleOf, solvedCohort as solvedCohortOf, type Preview, type Program } from '../../../test/cohort-fixtures.ts';
import { buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { bestSwapPartner, cohortFigures, localRound, outsideWorkingHours, repeatsLowerBound } from './figures.ts';
import { cohortYouRun } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
const actorOf = (p: PersonRow): Actor => ({ orgId: p.org_id, personId: p.id, roles: p.roles, timeZone: p.time_zone, locale: p.locale });
const program = (n: number, o?: { departments?: string[]; coaches?: number }) => cohortProgram(t, n, o);
const solvedCohort = (p: Program, rounds: number, extra?: Record<string, unknown>) => solvedCohortOf(t, p, rounds, extra);
const body = cohortBody;

/** Checked here, apart from the solver and figures.ts: each person once a round, group sizes, repeats. */
function validate(schedule: string[][][], ids: string[], metBefore: Array<[string, string]> = []) {
  const counts = new Map<string, number>();
  for (const [a, b] of metBefore) counts.set([a, b].sort().join(), 1);
  let repeats = 0;
  for (const round of schedule) {
    expect(round.flat().sort()).toEqual([...ids].sort());
    for (const group of round) {
      expect(group.length).toBeGreaterThanOrEqual(3);
      expect(group.length).toBeLessThanOrEqual(4);
      for (const a of group) for (const b of group) {
        if (a >= b) continue;
        const key = [a, b].join();
        if ((counts.get(key) ?? 0) >= 1) repeats++;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return repeats;
}

async function meet(org: OrgRow, a: PersonRow, b: PersonRow) {
  const [first, second] = a.id < b.id ? [a, b] : [b, a];
  const when = new Date('2025-01-06T09:00:00Z');
  await t.database.db.insertInto('encounters').values({ org_id: org.id, person_a: first.id, person_b: second.id, first_met: when, last_met: when, times: 1 }).execute();
}

describe('the figures, counted from a schedule', () => {
  it('count repeats, department excess and new colleagues; the bound is 0 while the rounds fit', () => {
    const schedule = [[['a', 'b', 'c', 'd'], ['e', 'f', 'g', 'h']], [['a', 'b', 'e', 'f'], ['c', 'd', 'g', 'h']]];
    const departments = new Map([['a', 'X'], ['b', 'X'], ['c', 'Y'], ['d', 'Y'], ['e', 'X'], ['f', 'X'], ['g', 'Y'], ['h', 'Y']]);
    const f = cohortFigures({ schedule, departments, metBefore: [['a', 'e']] });
    // a–b, c–d, e–f, g–h meet twice; a–e met before.
    expect(f.repeats).toBe(5);
    expect(f.departmentBounds).toEqual([{ department: 'X', people: 4, bound: 2 }, { department: 'Y', people: 4, bound: 2 }]);
    expect(f.departmentExcess).toBe(0 + 0 + 2 + 2);
    expect(f.newColleagues).toEqual({ min: 4, median: 5, max: 5 });
    expect(repeatsLowerBound(16, 5, [4, 4, 4, 4], [])).toBe(0);
    expect(repeatsLowerBound(8, 3, [4, 4], [])).toBe(Math.max(3 * 12 - 28, Math.ceil((8 * (9 - 7)) / 2), 2 * 2 * (2 * 1)));
    // Three groups of four: each group of a round keeps a pair together in the next.
    expect(repeatsLowerBound(12, 3, [4, 4, 4], [])).toBe(6);
  });

  it('picks as swap partner the member whose trade repeats least', () => {
    const schedule = [[['a', 'b', 'c', 'd'], ['e', 'f', 'g', 'h']], [['a', 'e', 'c', 'g'], ['b', 'f', 'd', 'h']]];
    // a cannot come to round 0. Trading with e puts a with f (met before) and g (round 1), e with c
    // (round 1): 3. With g: a with e, f; g with c: 3 too, so the earlier place wins. f: 4, h: 5.
    const choice = bestSwapPartner(schedule, 0, 'a', [['a', 'f']]);
    expect(choice).toEqual({ partnerId: 'e', fromGroup: 0, toGroup: 1, newRepeats: 3 });
  });
});

describe('working hours across time zones', () => {
  it('tell where a round falls in each person’s own day', () => {
    // Tuesday 15:00 in Berlin is 09:00 in New York and 23:00 in Tokyo.
    const tuesday = new Date('2027-03-02T14:00:00Z');
    expect(localRound(tuesday, 90, 'Europe/Berlin')).toEqual({ localStart: '15:00', outside: false });
    expect(localRound(tuesday, 90, 'America/New_York')).toEqual({ localStart: '09:00', outside: false });
    expect(localRound(tuesday, 90, 'Asia/Tokyo')).toEqual({ localStart: '23:00', outside: true });
    // Ending after 18:00 is outside too; so is a Saturday.
    expect(localRound(new Date('2027-03-02T16:45:00Z'), 90, 'Europe/Berlin').outside).toBe(true);
    expect(localRound(new Date('2027-03-06T09:00:00Z'), 90, 'Europe/Berlin').outside).toBe(true);
    const zones = new Map([['a', 'Europe/Berlin'], ['b', 'America/New_York'], ['c', 'Asia/Tokyo']]);
    expect(outsideWorkingHours([tuesday, new Date('2027-03-09T09:00:00Z')], 90, zones)).toEqual({ people: 2, seats: 3 });
  });

  it('are in the preview: the figure, and each member’s local time', async () => {
    const p = await program(8);
    await t.database.db.updateTable('people').set({ time_zone: 'America/New_York' }).where('id', 'in', p.people.slice(0, 2).map((x) => x.id)).execute();
    // 10:00 in Berlin: 04:00 in New York.
    const cohort = await solvedCohort(p, 2);
    expect(cohort.preview.figures.outsideWorkingHours).toEqual({ people: 2, seats: 4 });
    const people = cohort.preview.rounds[0]!.groups.flatMap((g) => g.people);
    const early = people.filter((x) => x.outsideWorkingHours);
    expect(early.map((x) => x.id).sort()).toEqual(p.people.slice(0, 2).map((x) => x.id).sort());
    expect(early.map((x) => x.localStart)).toEqual(['04:00', '04:00']);
  });
});

describe('a cohort through the API', () => {
  it('solves 16 people over 5 rounds without a repeat, departments at their bound, in a worker thread', async () => {
    const p = await program(16);
    const cohort = await solvedCohort(p, 5);
    const schedule = scheduleOf(cohort.preview);
    expect(schedule).toHaveLength(5);
    expect(validate(schedule, p.people.map((x) => x.id))).toBe(0);
    const f = cohort.preview.figures as { repeats: number; repeatsLowerBound: number; departmentExcess: number; departmentBounds: unknown; newColleagues: unknown };
    expect(f.repeats).toBe(0);
    expect(f.repeatsLowerBound).toBe(0);
    expect(f.departmentBounds).toEqual([{ department: 'Finance', people: 8, bound: 2 }, { department: 'Sales', people: 8, bound: 2 }]);
    // Every group 2 + 2 in five rounds would need 80 pairs across the departments; 64 exist. No repeat
    // comes first, so some groups hold three of one department: counted here again.
    expect(f.departmentExcess).toBe(excessOf(schedule, new Map(p.people.map((x) => [x.id, x.department!])), 2));
    expect(f.newColleagues).toEqual({ min: 15, median: 15, max: 15 });
    // Coaches: one per group, never twice in a round; rounds a week apart.
    for (const round of cohort.preview.rounds) expect(new Set(round.groups.map((g) => g.coach.id)).size).toBe(4);
    // Weekly at 10:00 in Berlin, across the switch to summer time (the fifth round is an hour less than four weeks on).
    expect(cohort.preview.rounds.map((r) => r.sessionLocal.startsAt.slice(11, 16))).toEqual(['10:00', '10:00', '10:00', '10:00', '10:00']);
    expect(new Date(cohort.preview.rounds[4]!.startsAt).getTime() - new Date(cohort.preview.rounds[0]!.startsAt).getTime()).toBe(4 * WEEK - HOUR);
    expect(cohort.preview.rounds[0]!.groups[0]!.people[0]!.name).toMatch(/^Person /);
  });

  it('counts earlier encounters as met: the solver keeps those pairs apart where it can', async () => {
    const p = await program(20);
    const [a, b, c] = p.people;
    await meet(p.org, a!, b!);
    await meet(p.org, a!, c!);
    const cohort = await solvedCohort(p, 3);
    const met: Array<[string, string]> = [[a!.id, b!.id], [a!.id, c!.id]];
    const repeats = validate(scheduleOf(cohort.preview), p.people.map((x) => x.id), met);
    expect(repeats).toBe(0);
    expect(cohort.preview.figures).toMatchObject({ repeats: 0, repeatsLowerBound: 0, departmentExcess: 0 });
    expect(excessOf(scheduleOf(cohort.preview), new Map(p.people.map((x) => [x.id, x.department!])), 3)).toBe(0);
    // Forced: 5 people in one round can only be 1 group, so a meets b and c again.
    const small = await program(5, { coaches: 1 });
    await meet(small.org, small.people[0]!, small.people[1]!);
    const forced = await solvedCohort(small, 2);
    expect(validateLoose(scheduleOf(forced.preview))).toBe(true);
    expect((forced.preview.figures as { repeats: number; repeatsLowerBound: number })).toMatchObject({ repeats: 11, repeatsLowerBound: 11 });
  });

  it('moves a person by hand (trading places) and recomputes the figures', async () => {
    const p = await program(16);
    const cohort = await solvedCohort(p, 5);
    const round1 = cohort.preview.rounds[1]!;
    const mover = round1.groups[0]!.people[0]!.id;
    const other = round1.groups[2]!.people[1]!.id;
    const moved = await call(t, 'POST', `/api/cohorts/${cohort.id}/moves`, { cookie: p.cookie, body: { round: 1, personId: mover, toGroup: 2, swapWith: other } });
    expect(moved.status, moved.text).toBe(200);
    const schedule = scheduleOf(moved.body.preview);
    expect(schedule[1]![2]).toContain(mover);
    expect(schedule[1]![0]).toContain(other);
    const repeats = validate(schedule, p.people.map((x) => x.id));
    expect(repeats).toBeGreaterThan(0); // the perfect schedule is perfect no more
    expect(moved.body.preview.figures.repeats).toBe(repeats);
    expect(moved.body.preview.figures.newColleagues.min).toBeLessThan(15);
    // Alone, a group of 4 would become 5: refused, nothing changed.
    const alone = await call(t, 'POST', `/api/cohorts/${cohort.id}/moves`, { cookie: p.cookie, body: { round: 1, personId: mover, toGroup: 0 } });
    expect(alone.status).toBe(409);
    expect(alone.body.code).toBe('GROUP_SIZE');
    // Figures a client words itself, groups numbered as the API numbers them (from 0).
    expect(alone.body).toMatchObject({ toGroup: 0, toGroupSize: 5, fromGroup: 2, fromGroupSize: 3 });
    const bad = await call(t, 'POST', `/api/cohorts/${cohort.id}/moves`, { cookie: p.cookie, body: { round: 9, personId: mover, toGroup: 0 } });
    expect(bad.status).toBe(400);
    expect(scheduleOf((await call(t, 'GET', `/api/cohorts/${cohort.id}`, { cookie: p.cookie })).body.preview)).toEqual(schedule);
  });

  it('publishes all or nothing: a coach busy on one date refuses the lot; then sessions, seats and confirmations', async () => {
    const p = await program(8, { coaches: 2 });
    const cohort = await solvedCohort(p, 3);
    const busy = cohort.preview.rounds[2]!.groups[1]!.coach;
    const clash = await buildSession(t.database.db, { org: p.org, coach: { id: busy.id }, startsAt: new Date(REFERENCE_MONDAY.getTime() + 2 * WEEK + HOUR) });
    const count = async () => ({
      sessions: (await t.database.db.selectFrom('sessions').where('org_id', '=', p.org.id).select('id').execute()).length,
      bookings: (await t.database.db.selectFrom('bookings').where('org_id', '=', p.org.id).select('id').execute()).length,
      mails: (await t.database.db.selectFrom('outgoing_messages').where('org_id', '=', p.org.id).where('kind', '=', 'booking_confirmed').select('id').execute()).length,
    });
    const before = await count();
    const refused = await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.body.code).toBe('COHORT_CONFLICTS');
    expect(refused.body.conflicts).toEqual([expect.objectContaining({ round: 2, group: 1, coachId: busy.id, conflicts: ['COACH_BUSY'] })]);
    expect(await count()).toEqual(before);

    await t.database.db.updateTable('sessions').set({ status: 'cancelled', cancelled_at: new Date() }).where('id', '=', clash.id).execute();
    const published = await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie });
    expect(published.status, published.text).toBe(200);
    expect(published.body.status).toBe('published');
    expect(await count()).toEqual({ sessions: before.sessions + 6, bookings: 24, mails: 24 });
    for (const round of published.body.preview.rounds as Preview['rounds']) {
      for (const group of round.groups) {
        const seats = await t.database.db.selectFrom('bookings').where('session_id', '=', group.sessionId!).where('status', '=', 'active').select('person_id').execute();
        expect(seats.map((s) => s.person_id).sort()).toEqual(group.people.map((x) => x.id).sort());
        const session = await t.database.db.selectFrom('sessions').where('id', '=', group.sessionId!).select(['coach_id', 'starts_at', 'capacity']).executeTakeFirstOrThrow();
        expect(session).toEqual({ coach_id: group.coach.id, starts_at: new Date(round.startsAt), capacity: 4 });
      }
    }
    const again = await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie });
    expect(again.body.code).toBe('COHORT_PUBLISHED');
    const audited = await t.database.db.selectFrom('audit_log').where('org_id', '=', p.org.id).where('action', 'like', 'cohort.%').select(['action', 'subject_id', 'detail']).execute();
    expect(audited).toEqual([{ action: 'cohort.published', subject_id: cohort.id, detail: { rounds: 3, groups: 6, members: 8 } }]);
  });

  it('refuses to publish, naming each group, when a member was deactivated after the groups were formed (found by a review)', async () => {
    const p = await program(8, { coaches: 2 });
    const cohort = await solvedCohort(p, 2);
    const gone = scheduleOf(cohort.preview)[0]![0]![0]!;
    await t.database.db.updateTable('people').set({ active: false }).where('id', '=', gone).execute();
    const sessionsBefore = await t.database.db.selectFrom('sessions').where('org_id', '=', p.org.id).select('id').execute();
    const refused = await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie });
    expect([refused.status, refused.body.code]).toEqual([409, 'COHORT_CONFLICTS']);
    const theirs = scheduleOf(cohort.preview).map((round, r) => [r, round.findIndex((g) => g.includes(gone))]);
    expect(refused.body.conflicts.map((c: { round: number; group: number; conflicts: string[] }) => [c.round, c.group, c.conflicts]))
      .toEqual(theirs.map(([r, g]) => [r, g, ['PEOPLE_INACTIVE']]));
    expect(await t.database.db.selectFrom('sessions').where('org_id', '=', p.org.id).select('id').execute()).toEqual(sessionsBefore);
  });

  it('names each group of a coach deactivated after the groups were formed (found by a review: the lot failed as "Coach not found")', async () => {
    const p = await program(8, { coaches: 2 });
    const cohort = await solvedCohort(p, 2);
    const gone = cohort.preview.rounds[0]!.groups[0]!.coach.id;
    await t.database.db.updateTable('people').set({ active: false }).where('id', '=', gone).execute();
    const refused = await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie });
    expect([refused.status, refused.body.code], refused.text).toEqual([409, 'COHORT_CONFLICTS']);
    const theirs = cohort.preview.rounds.flatMap((r) => r.groups.filter((g) => g.coach.id === gone).map((g) => [r.round, g.group, ['COACH_INACTIVE']]));
    expect(theirs.length).toBe(2);
    expect(refused.body.conflicts.map((c: { round: number; group: number; conflicts: string[] }) => [c.round, c.group, c.conflicts])).toEqual(theirs);
  });

  it('names each group whose coach reported the round as a day away (the lot was refused on the first, as COACH_AWAY)', async () => {
    const p = await program(8, { coaches: 2 });
    const cohort = await solvedCohort(p, 2);
    const away = cohort.preview.rounds[1]!.groups[0]!.coach;
    const round = new Date(cohort.preview.rounds[1]!.startsAt);
    const day = round.toISOString().slice(0, 10);
    const zone = await t.database.db.selectFrom('people').where('id', '=', away.id).select('time_zone').executeTakeFirstOrThrow();
    // The whole day in the coach's own zone, as reporting it stores it.
    const local = new Intl.DateTimeFormat('en-CA', { timeZone: zone.time_zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(round);
    const reported = await call(t, 'POST', '/api/me/absences', { cookie: await t.cookieFor(p.coaches.find((c) => c.id === away.id)!), body: { firstDay: local, lastDay: local } });
    expect(reported.status, `${reported.text} (${day})`).toBe(201);
    const sessionsBefore = await t.database.db.selectFrom('sessions').where('org_id', '=', p.org.id).select('id').execute();
    const refused = await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie });
    expect([refused.status, refused.body.code], refused.text).toEqual([409, 'COHORT_CONFLICTS']);
    const theirs = cohort.preview.rounds[1]!.groups.filter((g) => g.coach.id === away.id).map((g) => [1, g.group, ['COACH_AWAY']]);
    expect(refused.body.conflicts.map((c: { round: number; group: number; conflicts: string[] }) => [c.round, c.group, c.conflicts])).toEqual(theirs);
    expect(await t.database.db.selectFrom('sessions').where('org_id', '=', p.org.id).select('id').execute()).toEqual(sessionsBefore);
  });

  it('refuses moves and publishing while the groups are formed again (found by a review: the solve overwrote the moves); a solve whose process stopped does not hold them', async () => {
    const p = await program(8, { coaches: 2 });
    const cohort = await solvedCohort(p, 2);
    const [a, b] = [cohort.preview.rounds[0]!.groups[0]!.people[0]!.id, cohort.preview.rounds[0]!.groups[1]!.people[0]!.id];
    const move = () => call(t, 'POST', `/api/cohorts/${cohort.id}/moves`, { cookie: p.cookie, body: { round: 0, personId: a, toGroup: 1, swapWith: b } });
    // As "Form the groups again" leaves it: the old schedule stored, the solver queued afresh.
    const solving = (updatedAt: Date) => t.database.db.updateTable('cohorts').set({ solver_status: 'solving', solver_updated_at: updatedAt }).where('id', '=', cohort.id).execute();
    await solving(new Date());
    for (const refused of [await move(), await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie })]) {
      expect([refused.status, refused.body.code], refused.text).toEqual([409, 'COHORT_SOLVING']);
    }
    const stored = await t.database.db.selectFrom('cohorts').where('id', '=', cohort.id).select(['schedule', 'status']).executeTakeFirstOrThrow();
    expect([stored.schedule, stored.status]).toEqual([scheduleOf(cohort.preview), 'draft']);
    await solving(new Date(Date.now() - 10 * 60_000));
    expect((await move()).status).toBe(200);
  });

  it('swaps a member who cannot make a round with the partner of fewest repeats, moving both seats with notices', async () => {
    const p = await program(12);
    const cohort = await solvedCohort(p, 3);
    expect((await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie })).status).toBe(200);
    const schedule = scheduleOf(cohort.preview);
    const absent = schedule[1]![0]![0]!;
    const members = p.people.map((x) => x.id);
    const expected = bestSwapPartner(schedule, 1, absent, [])!;
    // Independently: the fewest pairs, over the two new groups, that meet in the cohort's other rounds.
    const others = (x: string) => new Set(schedule.filter((_, r) => r !== 1).flatMap((round) => round.find((g) => g.includes(x))!.filter((y) => y !== x)));
    const cost = (q: string, g: number) => schedule[1]![g]!.filter((y) => y !== q && others(absent).has(y)).length
      + schedule[1]![0]!.filter((y) => y !== absent && others(q).has(y)).length;
    const fewest = Math.min(...schedule[1]!.flatMap((group, g) => (g === 0 ? [] : group.map((q) => cost(q, g)))));
    expect(expected.newRepeats).toBe(fewest);

    const res = await call(t, 'POST', `/api/cohorts/${cohort.id}/swaps`, { cookie: p.cookie, body: { round: 1, personId: absent } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.swap).toMatchObject({ partnerId: expected.partnerId, newRepeats: fewest, fromGroup: 0 });
    const round = res.body.cohort.preview.rounds[1] as Preview['rounds'][number];
    const seatOf = async (person: string) => (await t.database.db.selectFrom('bookings').where('person_id', '=', person).where('status', '=', 'active')
      .where('session_id', 'in', round.groups.map((g) => g.sessionId!)).select('session_id').executeTakeFirstOrThrow()).session_id;
    expect(await seatOf(absent)).toBe(round.groups[expected.toGroup]!.sessionId);
    expect(await seatOf(expected.partnerId)).toBe(round.groups[0]!.sessionId);
    validate(scheduleOf(res.body.cohort.preview), members);
    const moved = await t.database.db.selectFrom('outgoing_messages').where('org_id', '=', p.org.id).where('kind', '=', 'booking_moved').select('recipient_id').execute();
    expect(moved.map((m) => m.recipient_id).sort()).toEqual([absent, expected.partnerId].sort());
    const swapped = await t.database.db.selectFrom('audit_log').where('org_id', '=', p.org.id).where('action', '=', 'cohort.member_swapped').select(['subject_id', 'detail']).execute();
    expect(swapped).toEqual([{ subject_id: cohort.id, detail: { round: 1, person: absent, partner: expected.partnerId } }]);
  });

  it('swaps with the best partner who still holds a seat (found by a review: the best of all had given theirs up, and the swap was refused)', async () => {
    const p = await program(12);
    const cohort = await solvedCohort(p, 3);
    expect((await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: p.cookie })).status).toBe(200);
    const schedule = scheduleOf(cohort.preview);
    const absent = schedule[1]![0]![0]!;
    const best = bestSwapPartner(schedule, 1, absent, [])!;
    const rounds = (await call(t, 'GET', `/api/cohorts/${cohort.id}`, { cookie: p.cookie })).body.preview.rounds as Preview['rounds'];
    const giveUp = (person: string, round: number, group: number) => t.database.db.updateTable('bookings').set({ status: 'cancelled', cancelled_at: new Date() })
      .where('person_id', '=', person).where('session_id', '=', rounds[round]!.groups[group]!.sessionId!).where('status', '=', 'active').execute();
    expect(Number((await giveUp(best.partnerId, 1, best.toGroup))[0]!.numUpdatedRows)).toBe(1);
    const next = bestSwapPartner(schedule, 1, absent, [], (q) => q !== best.partnerId)!;
    const res = await call(t, 'POST', `/api/cohorts/${cohort.id}/swaps`, { cookie: p.cookie, body: { round: 1, personId: absent } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.swap).toMatchObject({ partnerId: next.partnerId, toGroup: next.toGroup, newRepeats: next.newRepeats });
    // The member's own seat gone: nothing to trade.
    const other = schedule[2]![0]![0]!;
    expect(Number((await giveUp(other, 2, 0))[0]!.numUpdatedRows)).toBe(1);
    const refused = await call(t, 'POST', `/api/cohorts/${cohort.id}/swaps`, { cookie: p.cookie, body: { round: 2, personId: other } });
    expect([refused.status, refused.body.code]).toEqual([409, 'SEAT_GONE']);
  });

  it('lets one organisation hold at most two solves at once; a stale one frees its place; other organisations are not held up', async () => {
    const p = await program(8, { coaches: 2 });
    const [a, b] = [await solvedCohort(p, 2), await solvedCohort(p, 2)];
    const solving = (ids: string[], at = sql<Date>`now()`) => t.database.db.updateTable('cohorts')
      .set({ solver_status: 'solving', solver_updated_at: at }).where('id', 'in', ids).execute();
    await solving([a.id, b.id]);
    const drafts = async () => (await t.database.db.selectFrom('cohorts').where('org_id', '=', p.org.id).select('id').execute()).length;
    const busy = await call(t, 'POST', '/api/cohorts', { cookie: p.cookie, body: body(p, 2) });
    expect(busy.status, busy.text).toBe(409);
    expect(busy.body).toMatchObject({ code: 'SOLVES_BUSY', limit: 2 });
    expect(await drafts()).toBe(2);
    // Solving one of the two again keeps the organisation at two.
    expect((await call(t, 'POST', `/api/cohorts/${a.id}/solve`, { cookie: p.cookie, body: {} })).status).toBe(200);
    const elsewhere = await program(8, { coaches: 2 });
    expect((await call(t, 'POST', '/api/cohorts', { cookie: elsewhere.cookie, body: body(elsewhere, 2) })).status).toBe(201);
    // A solve whose process stopped long ago (stale, as the page shows it) holds no place.
    await solving([a.id, b.id], sql<Date>`now() - interval '1 hour'`);
    expect((await call(t, 'POST', '/api/cohorts', { cookie: p.cookie, body: body(p, 2) })).status).toBe(201);
  });

  it('refuses employees (403), other organisations (404) and bad input (400), changing nothing', async () => {
    const p = await program(8, { coaches: 2 });
    const cohort = await solvedCohort(p, 2);
    const employee = await t.cookieFor(p.people[0]!);
    expect((await call(t, 'GET', `/api/cohorts/${cohort.id}`, { cookie: employee })).status).toBe(403);
    expect((await call(t, 'POST', '/api/cohorts', { cookie: employee, body: body(p, 2) })).status).toBe(403);
    const stranger = await program(4, { coaches: 1 });
    expect((await call(t, 'GET', `/api/cohorts/${cohort.id}`, { cookie: stranger.cookie })).status).toBe(404);
    expect((await call(t, 'POST', `/api/cohorts/${cohort.id}/publish`, { cookie: stranger.cookie })).status).toBe(404);
    // Their people in our cohort: not found.
    expect((await call(t, 'POST', '/api/cohorts', { cookie: stranger.cookie, body: body(stranger, 2, { personIds: p.people.map((x) => x.id) }) })).status).toBe(404);
    // A coach sees only their own cohorts.
    const coach = await t.cookieFor(p.coaches[0]!);
    expect((await call(t, 'GET', `/api/cohorts/${cohort.id}`, { cookie: coach })).status).toBe(404);
    const before = await t.database.db.selectFrom('cohorts').where('org_id', '=', p.org.id).select('id').execute();
    for (const bad of [
      { coachIds: [p.coaches[0]!.id] }, // two groups need two coaches
      { startsAt: [REFERENCE_MONDAY.toISOString()] }, // both a list and a pattern
      { firstStartsAt: '2020-01-06T10:00' }, // in the past
      { onlineUrls: ['https://meet.example.test/only-one'] },
      { personIds: [p.people[0]!.id, p.people[0]!.id, p.people[1]!.id] },
    ]) {
      const res = await call(t, 'POST', '/api/cohorts', { cookie: p.cookie, body: body(p, 2, bad) });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body.fields.length).toBeGreaterThan(0);
    }
    // A count the sentence names travels as a reason too, for the web app's words in either language.
    const coaches = await call(t, 'POST', '/api/cohorts', { cookie: p.cookie, body: body(p, 2, { coachIds: [p.coaches[0]!.id] }) });
    expect(coaches.body.fields).toEqual([expect.objectContaining({ field: 'coachIds', code: 'too_small', limit: 2, origin: 'array' })]);
    expect(await t.database.db.selectFrom('cohorts').where('org_id', '=', p.org.id).select('id').execute()).toEqual(before);
    await expect(inOrg(t.database.db, p.org.id, (tx) => cohortYouRun(tx, actorOf(p.people[0]!), cohort.id))).rejects.toThrow(/role/);
  });
});

/** People beyond `bound` of one department, over every group of every round. */
function excessOf(schedule: string[][][], departments: Map<string, string>, bound: number): number {
  let excess = 0;
  for (const group of schedule.flat()) {
    const shares = new Map<string, number>();
    for (const id of group) shares.set(departments.get(id)!, (shares.get(departments.get(id)!) ?? 0) + 1);
    for (const share of shares.values()) excess += Math.max(0, share - bound);
  }
  return excess;
}

function validateLoose(schedule: string[][][]): boolean {
  return schedule.every((round) => round.flat().length === 5 && new Set(round.flat()).size === 5);
}
