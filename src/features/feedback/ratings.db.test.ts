// Session feedback: the day after a session each participant who was there may rate it (1–5, a
// comment), by one click from a mail or on "My sessions". Coaches and admins see averages by
// session, module and coach, never a figure from fewer than five ratings, never who rated what, and
// a rating only once final and together with four other people's (migration 041).
import { parseCrontab, type Task } from 'graphile-worker';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow } from '../../../test/factories.ts';
import { expectSays, hrefs, mailboxWithWorker, settled, type CapturingMailbox } from '../../../test/mail-assertions.ts';
import { startedHoursAgo } from '../../../test/suggestion-fixtures.ts';
import { inOrg } from '../../db/transaction.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { anonymiseBookingsBatch } from '../erasure/queries.ts';
import { queueRatingRequests } from '../notifications/loop/queries.ts';
import { RATING_RELEASE_CRONTAB, releaseRatingsTask } from './jobs.ts';
import { releaseFinalRatings } from './queries.ts';

let t: TestApp;
let mailbox: CapturingMailbox;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
  mailbox = await mailboxWithWorker(t, 'file');
});

const rate = (cookie: string, sessionId: string, body: Record<string, unknown>) => call(t, 'PUT', `/api/sessions/${sessionId}/rating`, { cookie, body });

/** A session that ended `hoursAgo` ago with its coach, and participants holding seats. */
async function heldSession(org: OrgRow, o: { hoursAgo?: number; module?: { id: string }; coach?: { id: string }; people?: number; capacity?: number } = {}) {
  const db = t.database.db;
  const coach = o.coach ?? (await buildPerson(db, { org, roles: ['coach', 'employee'] }));
  const session = await buildSession(db, { org, coach, module: o.module ?? (await buildModule(db, { org })), startsAt: startedHoursAgo((o.hoursAgo ?? 2) + 1.5), capacity: o.capacity ?? 4 });
  const people = [];
  for (let i = 0; i < (o.people ?? 2); i++) {
    const person = await buildPerson(db, { org, timeZone: 'Europe/Berlin' });
    const booking = await buildBooking(db, { session, person });
    people.push({ person, booking, cookie: await t.cookieFor(person) });
  }
  return { session, coach, people };
}

describe('rating a session', () => {
  it('is for the people who were there, from its end for 14 days, once each (a second rating replaces the first)', async () => {
    const org = await buildOrganisation(t.database.db);
    const held = await heldSession(org);
    const [ann, ben] = held.people;
    const first = await rate(ann!.cookie, held.session.id, { rating: 4, comment: 'Good <b>examples</b>' });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ sessionId: held.session.id, rating: 4, comment: 'Good <b>examples</b>' });
    expect((await rate(ann!.cookie, held.session.id, { rating: 5 })).body).toMatchObject({ rating: 5, comment: 'Good <b>examples</b>' });
    const rows = await t.database.db.selectFrom('session_ratings').where('session_id', '=', held.session.id).selectAll().execute();
    expect(rows.map((r) => [r.person_id, r.rating])).toEqual([[ann!.person.id, 5]]);

    // Ben was marked absent; an outsider held no seat; a session not yet over; one ended too long ago.
    await t.database.db.updateTable('bookings').set({ status: 'no_show', attendance_marked_at: new Date(), attendance_marked_by: held.coach.id }).where('id', '=', ben!.booking.id).execute();
    const outsider = await buildPerson(t.database.db, { org });
    const future = await heldSession(org, { hoursAgo: -30 });
    const old = await heldSession(org, { hoursAgo: 15 * 24 });
    for (const [cookie, sessionId] of [[ben!.cookie, held.session.id], [await t.cookieFor(outsider), held.session.id], [future.people[0]!.cookie, future.session.id], [old.people[0]!.cookie, old.session.id]] as const) {
      const refused = await rate(cookie, sessionId, { rating: 3 });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body.code).toBe('NOT_RATEABLE');
    }
    // Bad input changes nothing.
    for (const body of [{ rating: 6 }, { rating: 0 }, { rating: 2.5 }, { rating: 3, comment: 'x'.repeat(1001) }, { rating: 3, who: 'me' }]) {
      expect((await rate(ann!.cookie, held.session.id, body)).status).toBe(400);
    }
    expect((await t.database.db.selectFrom('session_ratings').where('org_id', '=', org.id).select(['rating']).execute())).toEqual([{ rating: 5 }]);

    const mine = await call(t, 'GET', '/api/me/ratings', { cookie: ann!.cookie });
    expect(mine.body.items).toEqual([expect.objectContaining({ sessionId: held.session.id, rating: 5, rateable: true })]);
    expect((await call(t, 'GET', '/api/me/ratings', { cookie: ben!.cookie })).body.items).toEqual([]);
  });

  it('stays shown to its author after the 14 days, no longer rateable; nobody is shown another person’s rating', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    // Rated within the window, which has since closed: the session moves back three weeks.
    const held = await heldSession(org, { people: 2 });
    const [ann, ben] = held.people;
    expect((await rate(ann!.cookie, held.session.id, { rating: 4, comment: 'Clear' })).status).toBe(200);
    await sql`update sessions set starts_at = starts_at - interval '21 days', ends_at = ends_at - interval '21 days' where id = ${held.session.id}`.execute(db);
    const recent = await heldSession(org, { people: 1 });
    await buildBooking(db, { session: recent.session, person: ann!.person });

    const mine = await call(t, 'GET', '/api/me/ratings', { cookie: ann!.cookie });
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ sessionId: recent.session.id, rating: null, rateable: true }),
      expect.objectContaining({ sessionId: held.session.id, rating: 4, comment: 'Clear', rateable: false }),
    ]);
    // Shown, not changed: the window is still closed for a second rating.
    expect((await rate(ann!.cookie, held.session.id, { rating: 1 })).body.code).toBe('NOT_RATEABLE');
    // Ben sat in the same session and rated nothing: Ann's rating is not his to see.
    const bens = await call(t, 'GET', '/api/me/ratings', { cookie: ben!.cookie });
    expect(bens.body.items).toEqual([]);
    expect(bens.text).not.toContain('Clear');
  });
});

/** Fifteen days and more go by for the organisation's sessions that have ended: their ratings are final. */
async function timePasses(org: OrgRow, days = 16) {
  await sql`update sessions set starts_at = starts_at - ${days} * interval '1 day', ends_at = ends_at - ${days} * interval '1 day'
    where org_id = ${org.id} and ends_at < now()`.execute(t.database.db);
}

/** The worker's hourly release, as the application's role runs it (migration 041). */
const release = () => releaseFinalRatings(t.ctx.db);

describe('the figures', () => {
  it('show a figure only from five people who rated or more, comments only beside it, and never who rated', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const module = await buildModule(db, { org, title: 'Giving feedback' });
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Carla Coach' });
    const otherCoach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Otto Other' });
    const one = await heldSession(org, { module, coach, people: 4 });
    const ratings = [5, 4, 4, 3];
    for (const [i, p] of one.people.entries()) await rate(p.cookie, one.session.id, { rating: ratings[i]!, comment: i === 0 ? 'Zebra comment' : '' });
    await timePasses(org);
    await release();

    const four = await call(t, 'GET', '/api/feedback', { cookie: await t.cookieFor(admin) });
    expect(four.status, four.text).toBe(200);
    expect(four.body.minimum).toBe(5);
    expect(four.body.ratingDays).toBe(14);
    // Four people: nothing is released, so there is no figure at all.
    expect(four.body.overall).toEqual({ ratings: 0, average: null, comments: [] });
    expect([four.body.byModule, four.body.byCoach, four.body.bySession]).toEqual([[], [], []]);
    expect(four.text).not.toContain('Zebra');

    // A fifth person, in another session of the same coach and module, and one for another coach.
    const two = await heldSession(org, { module, coach, people: 1, hoursAgo: 6 });
    await rate(two.people[0]!.cookie, two.session.id, { rating: 2, comment: 'Alpha comment' });
    const meetings = await buildModule(db, { org, title: 'Running meetings' });
    const others = await heldSession(org, { module: meetings, coach: otherCoach, people: 1 });
    await rate(others.people[0]!.cookie, others.session.id, { rating: 1, comment: 'Otto was late' });
    // Not final yet: they can still be changed, so nothing of theirs is shown.
    await release();
    expect((await call(t, 'GET', '/api/feedback', { cookie: await t.cookieFor(admin) })).body.overall).toEqual({ ratings: 0, average: null, comments: [] });
    await timePasses(org);
    await release();

    const withFive = await call(t, 'GET', '/api/feedback', { cookie: await t.cookieFor(admin) });
    const figures = (body: typeof withFive.body, list: 'byModule' | 'byCoach') =>
      Object.fromEntries(body[list].map((g: { title?: string; name?: string; figure: unknown }) => [g.title ?? g.name, g.figure]));
    // Carla's five are one release; Otto's one rater waits for four more, in no figure meanwhile.
    const carla = { ratings: 5, average: 3.6, comments: ['Alpha comment', 'Zebra comment'] };
    expect(withFive.body.overall).toEqual(carla);
    expect(figures(withFive.body, 'byModule')).toEqual({ 'Giving feedback': carla });
    expect(figures(withFive.body, 'byCoach')).toEqual({ 'Carla Coach': carla });
    expect(withFive.text).not.toContain('Otto was late');

    // Four more rate Otto's module: five and five, each shown.
    const more = await heldSession(org, { module: meetings, coach: otherCoach, people: 4, hoursAgo: 6 });
    for (const p of more.people) await rate(p.cookie, more.session.id, { rating: 1 });
    await timePasses(org);
    await release();
    const five = await call(t, 'GET', '/api/feedback', { cookie: await t.cookieFor(admin) });
    expect(five.body.overall).toMatchObject({ ratings: 10, average: 2.3 });
    expect(figures(five.body, 'byModule')).toEqual({
      'Giving feedback': carla,
      'Running meetings': { ratings: 5, average: 1, comments: ['Otto was late'] },
    });
    expect(figures(five.body, 'byCoach')).toEqual({
      'Carla Coach': carla,
      'Otto Other': { ratings: 5, average: 1, comments: ['Otto was late'] },
    });
    // No rater is named or identified anywhere in the answer.
    for (const p of [...one.people, ...two.people, ...others.people, ...more.people]) {
      expect(five.text).not.toContain(p.person.id);
      expect(five.text).not.toContain(p.person.name);
    }

    // The coach sees their own sessions only; an employee sees nothing.
    const asCoach = await call(t, 'GET', '/api/feedback', { cookie: await t.cookieFor(coach) });
    expect(asCoach.body.overall).toEqual(carla);
    expect(asCoach.text).not.toContain('Otto');
    expect((await call(t, 'GET', '/api/feedback', { cookie: one.people[0]!.cookie })).status).toBe(403);
  });

  it('change only in steps of five people or more, so no new rating can be worked out by comparing two looks', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const module = await buildModule(db, { org, title: 'Listening' });
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    // Every figure of the page (a session's date aside: this test moves sessions back to let time pass).
    const look = async () => {
      const body = (await call(t, 'GET', '/api/feedback', { cookie: await t.cookieFor(admin) })).body;
      return { ...body, bySession: body.bySession.map((s: { sessionId: string; figure: unknown }) => [s.sessionId, s.figure]) };
    };
    let sessions = 0;
    const ratedBy = async (scores: number[], o: { capacity?: number } = {}) => {
      // Three hours apart, so that moving them back whole days never lays one on another (one coach).
      const held = await heldSession(org, { module, coach, people: scores.length, hoursAgo: 2 + 3 * sessions++, ...o });
      for (const [i, p] of held.people.entries()) await rate(p.cookie, held.session.id, { rating: scores[i]! });
      return held;
    };
    await ratedBy([4, 4, 4, 4, 4], { capacity: 5 });
    await timePasses(org);
    expect(await release()).toBeGreaterThanOrEqual(1);
    const first = await look();
    expect(first.overall).toMatchObject({ ratings: 5, average: 4 });

    // One more person rates a 1 (12 at 4.2, then 13 at 4.3, would say "5" to whoever knows who came).
    await ratedBy([1]);
    await timePasses(org);
    await release();
    expect(await look()).toEqual(first);

    // Three more in a later session bring it to four people: still the same.
    await ratedBy([2, 2, 2]);
    await timePasses(org);
    await release();
    expect(await look()).toEqual(first);

    // A session rated by six is released alone: the module grows by exactly its own figure.
    const big = await ratedBy([5, 5, 5, 5, 5, 5], { capacity: 8 });
    await timePasses(org);
    await release();
    const withBig = await look();
    expect(withBig.overall).toMatchObject({ ratings: 11, average: 4.5 });
    // (Sessions of one module are listed by their ids: compared whatever the order.)
    expect(withBig.bySession).toHaveLength(2);
    expect(withBig.bySession).toEqual(expect.arrayContaining([first.bySession[0], [big.session.id, { ratings: 6, average: 5, comments: [] }]]));

    // The fifth person of the waiting ones: the four and the one enter together, 1 + 2 + 2 + 2 + 3.
    await ratedBy([3]);
    await timePasses(org);
    await release();
    const all = await look();
    expect(all.overall).toMatchObject({ ratings: 16, average: Math.round(((20 + 1 + 6 + 30 + 3) / 16) * 10) / 10 });
    // Each step was about five people or more: 5, then 6, then 5 (the one, the three, the last one).
    const steps = await db.selectFrom('session_ratings').where('org_id', '=', org.id)
      .select((eb) => ['released_at', eb.fn.count<number>('person_id').distinct().as('people')]).groupBy('released_at').orderBy('released_at').execute();
    expect(steps.map((s) => Number(s.people))).toEqual([5, 6, 5]);
  });

  it('show a session’s own average once it has five ratings (a session of more than four seats)', async () => {
    const org = await buildOrganisation(t.database.db);
    const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const big = await heldSession(org, { people: 6, capacity: 8 });
    for (const p of big.people.slice(0, 5)) await rate(p.cookie, big.session.id, { rating: 4 });
    await timePasses(org);
    await release();
    const res = await call(t, 'GET', '/api/feedback', { cookie: await t.cookieFor(admin) });
    expect(res.body.bySession).toEqual([expect.objectContaining({ sessionId: big.session.id, figure: { ratings: 5, average: 4, comments: [] } })]);
  });

  it('count people, not ratings, and never pool modules or coaches: each figure is a sum of whole releases', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const [listening, meetings] = [await buildModule(db, { org }), await buildModule(db, { org })];
    const [carla, otto] = [await buildPerson(db, { org, roles: ['coach'] }), await buildPerson(db, { org, roles: ['coach'] })];
    const rated = async (held: Awaited<ReturnType<typeof heldSession>>, rating: number) => {
      for (const p of held.people) expect((await rate(p.cookie, held.session.id, { rating })).status).toBe(200);
      return held;
    };
    // The same four people rate two sessions of Listening with Carla: eight ratings, four people.
    const four = await rated(await heldSession(org, { module: listening, coach: carla, people: 4, hoursAgo: 2 }), 4);
    const again = await buildSession(db, { org, coach: carla, module: listening, startsAt: startedHoursAgo(7.5), capacity: 4 });
    for (const p of four.people) {
      await buildBooking(db, { session: again, person: p.person });
      expect((await rate(p.cookie, again.id, { rating: 4 })).status).toBe(200);
    }
    // Three more with Carla in Meetings, two with Otto in Listening: seven people for Carla, six for
    // Listening, but no module with one coach reaches five.
    await rated(await heldSession(org, { module: meetings, coach: carla, people: 3, hoursAgo: 10 }), 2);
    await rated(await heldSession(org, { module: listening, coach: otto, people: 2, hoursAgo: 14 }), 3);
    await timePasses(org);
    await release();
    const released = await db.selectFrom('session_ratings').where('org_id', '=', org.id).where('released_at', 'is not', null).select('session_id').execute();
    expect(released).toEqual([]);
  });

  it('are final once released: no new rating, no change but removing a comment, not even straight in the database', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    // Within its days, with ratings shown before migration 041 (which marked them released).
    const held = await heldSession(org, { people: 3 });
    const [ann, ben, cid] = held.people;
    expect((await rate(ann!.cookie, held.session.id, { rating: 4, comment: 'Clear' })).status).toBe(200);
    expect((await rate(ben!.cookie, held.session.id, { rating: 2 })).status).toBe(200);
    await db.updateTable('session_ratings').set({ released_at: new Date() }).where('session_id', '=', held.session.id).execute();
    for (const [who, rating] of [[ann!, 1], [cid!, 5]] as const) {
      const refused = await rate(who.cookie, held.session.id, { rating });
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body.code).toBe('NOT_RATEABLE');
    }
    expect((await call(t, 'GET', '/api/me/ratings', { cookie: ann!.cookie })).body.items).toEqual([expect.objectContaining({ rating: 4, rateable: false })]);
    const ratingOf = db.updateTable('session_ratings').where('session_id', '=', held.session.id).where('person_id', '=', ann!.person.id);
    await expect(ratingOf.set({ rating: 1 }).execute()).rejects.toThrow(/released rating is final/);
    await expect(ratingOf.set({ comment: 'Changed' }).execute()).rejects.toThrow(/released rating is final/);
    await expect(ratingOf.set({ released_at: new Date(Date.now() + 3_600_000) }).execute()).rejects.toThrow(/released rating is final/);
    await expect(db.insertInto('session_ratings').values({ org_id: org.id, session_id: held.session.id, person_id: cid!.person.id, rating: 5 }).execute())
      .rejects.toThrow(/released, so final/);
    // Erasure and retention remove comments and put a stand-in in the rater's place: allowed.
    await ratingOf.set({ comment: '' }).execute();
    expect(await db.selectFrom('session_ratings').where('session_id', '=', held.session.id).select(['rating', 'comment']).orderBy('rating').execute())
      .toEqual([{ rating: 2, comment: '' }, { rating: 4, comment: '' }]);
  });

  it('do not count anonymised stand-ins towards the five (retention gives one person a stand-in per run)', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const module = await buildModule(db, { org });
    const coach = await buildPerson(db, { org, roles: ['coach'] });
    const first = await heldSession(org, { module, coach, people: 4 });
    for (const p of first.people) await rate(p.cookie, first.session.id, { rating: 3 });
    await timePasses(org);
    // Their bookings and ratings move to stand-ins, one for each person, as retention does.
    expect(await inOrg(t.ctx.db, org.id, (tx) => anonymiseBookingsBatch(tx, org.id, new Date(Date.now() - 10 * 86_400_000), 100))).toBe(4);
    // One of the four rates again: five ids, four people.
    const ann = first.people[0]!;
    const second = await buildSession(db, { org, coach, module, startsAt: startedHoursAgo(6), capacity: 4 });
    await buildBooking(db, { session: second, person: ann.person });
    expect((await rate(ann.cookie, second.id, { rating: 5 })).status).toBe(200);
    await timePasses(org);
    await release();
    const releasedIn = async () => (await db.selectFrom('session_ratings').where('org_id', '=', org.id).where('released_at', 'is not', null).select('rating').execute()).length;
    expect(await releasedIn()).toBe(0);
    // Four new people: five people who are not stand-ins, and everything waiting goes in.
    const third = await heldSession(org, { module, coach, people: 4, hoursAgo: 8 });
    for (const p of third.people) await rate(p.cookie, third.session.id, { rating: 4 });
    await timePasses(org);
    await release();
    expect(await releasedIn()).toBe(9);
  });

  it('are released by the worker every hour; a rating of the last 15 days is not', async () => {
    const [entry] = parseCrontab(RATING_RELEASE_CRONTAB);
    expect(entry?.task).toBe('release_final_ratings');
    expect(Array.from({ length: 60 }, (_, min) => min).filter((min) => entry!.match({ min, hour: 9, date: 1, month: 3, dow: 1 }))).toEqual([41]);
    const org = await buildOrganisation(t.database.db);
    const held = await heldSession(org, { people: 5, capacity: 5 });
    for (const p of held.people) await rate(p.cookie, held.session.id, { rating: 3 });
    const released = async () => (await t.database.db.selectFrom('session_ratings').where('session_id', '=', held.session.id).select('released_at').execute())
      .map((r) => r.released_at !== null);
    // Fourteen and a half days after its end: still a day from final.
    await timePasses(org, 14.5);
    await release();
    expect(await released()).toEqual([false, false, false, false, false]);
    await timePasses(org, 1);
    const logged: unknown[] = [];
    const logger = { info: (o: unknown) => logged.push(o) } as unknown as Logger;
    await releaseRatingsTask(t.ctx.db, logger)(undefined, {} as Parameters<Task>[1]);
    expect(await released()).toEqual([true, true, true, true, true]);
    expect(logged).toEqual([{ sessions: expect.any(Number) }]);
  });
});

describe('the request to rate', () => {
  it('is queued for the day after, at nine where the participant lives; one click on its link rates without signing in', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const held = await heldSession(org, { people: 3 });
    const [ann, ben, cid] = held.people;
    await db.updateTable('bookings').set({ status: 'cancelled', cancelled_at: new Date() }).where('id', '=', cid!.booking.id).execute();
    await db.updateTable('people').set({ time_zone: 'America/New_York' }).where('id', '=', ben!.person.id).execute();

    await queueRatingRequests(db);
    expect(await queueRatingRequests(db)).toBe(0); // once per booking, however often the sweep runs
    const queued = await db.selectFrom('outgoing_messages').where('org_id', '=', org.id).where('kind', '=', 'feedback_request')
      .select(['recipient_id', 'send_after']).execute();
    const dayAfterAtNine = (zone: string) => DateTime.fromJSDate(held.session.ends_at, { zone }).plus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
    expect(queued.map((m) => m.recipient_id).sort()).toEqual([ann!.person.id, ben!.person.id].sort());
    for (const m of queued) {
      const zone = m.recipient_id === ben!.person.id ? 'America/New_York' : 'Europe/Berlin';
      // The session ended two hours ago: nine the next day is always ahead.
      expect(m.send_after.getTime()).toBe(dayAfterAtNine(zone).toMillis());
    }

    // Due now (as if the morning had come); Ben rated on "My sessions" before, so his is moot.
    await rate(ben!.cookie, held.session.id, { rating: 3 });
    // (Moving send_after re-queues the message's job: migration 009.)
    await sql`update outgoing_messages set send_after = now() where org_id = ${org.id} and kind = 'feedback_request'`.execute(db);
    await settled(db, org.id);
    expect(mailbox.to(ben!.person.email)).toHaveLength(0);
    expect(mailbox.to(ann!.person.email)).toHaveLength(1);
    const [mail] = mailbox.to(ann!.person.email);
    expectSays(mail!, 'How useful was the session for you?', 'Nobody sees who rated what');
    const links = hrefs(mail!).filter((h) => h.includes('/rate#'));
    expect(links).toHaveLength(5);
    const four = new URL(links.find((h) => h.endsWith('rating=4'))!);
    const token = new URLSearchParams(four.hash.slice(1)).get('token')!;

    const byLink = await call(t, 'POST', '/api/ratings/by-link', { body: { token, rating: 4 } });
    expect(byLink.status, byLink.text).toBe(200);
    expect(byLink.body).toMatchObject({ sessionId: held.session.id, rating: 4 });
    // The same link again adds the comment to the same rating.
    expect((await call(t, 'POST', '/api/ratings/by-link', { body: { token, rating: 4, comment: 'More practice next time' } })).status).toBe(200);
    expect(await db.selectFrom('session_ratings').where('person_id', '=', ann!.person.id).select(['rating', 'comment']).execute())
      .toEqual([{ rating: 4, comment: 'More practice next time' }]);
    // An unknown or expired link rates nothing.
    expect((await call(t, 'POST', '/api/ratings/by-link', { body: { token: `${token.slice(0, -2)}xx`, rating: 1 } })).status).toBe(401);
    await db.updateTable('rating_links').set({ expires_at: new Date(Date.now() - 1000) }).where('org_id', '=', org.id).execute();
    const expired = await call(t, 'POST', '/api/ratings/by-link', { body: { token, rating: 1 } });
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('LINK_INVALID');
  });

  it('stops working when its person is deactivated, as their sign-ins do: nothing is rated in their name', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const held = await heldSession(org, { people: 1 });
    const [leaver] = held.people;
    const token = newSecret();
    await db.insertInto('rating_links').values({ org_id: org.id, booking_id: leaver!.booking.id, token_hash: hashSecret(token), expires_at: new Date(Date.now() + 86_400_000) }).execute();
    const left = await call(t, 'PATCH', `/api/admin/people/${leaver!.person.id}`, { cookie: await t.cookieFor(admin), body: { active: false } });
    expect(left.status, left.text).toBe(200);

    const byLink = await call(t, 'POST', '/api/ratings/by-link', { body: { token, rating: 1, comment: 'Typed by whoever holds the mail' } });
    expect(byLink.status, byLink.text).toBe(401);
    expect(byLink.body.code).toBe('LINK_INVALID');
    expect(await db.selectFrom('session_ratings').where('person_id', '=', leaver!.person.id).select('rating').execute()).toEqual([]);
  });
});
