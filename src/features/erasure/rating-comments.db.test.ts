// Participants' comments on a session may name its coach. Erasing the coach (on request, or by
// retention once they left) must take their name and address out of other people's comments too,
// as it does from the board's notes and the group's suggestions; a released rating's comment may
// only be removed (migration 041), so that one goes.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { PAST_MONDAY } from '../../../test/dates.ts';
import { scanForNeedles } from '../../../test/erasure-fixtures.ts';
import { buildModule, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

describe('a coach named in participants’ comments is erased', () => {
  it('leaves their name and address in no comment, and every rating and other comment as it was', async () => {
    const db = t.database.db;
    const q = (text: string, values: unknown[]) => t.database.pool.query(text, values);
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['employee', 'admin'] });
    const coach = await buildPerson(db, { org, roles: ['employee', 'coach'], name: 'Zora Erasable-Coach', email: `zora.erasable+${org.id.slice(0, 6)}@example.test` });
    const people = await Promise.all([0, 1, 2, 3, 4, 5].map(() => buildPerson(db, { org })));
    const module = await buildModule(db, { org });
    // Two past sessions: the first one's ratings entered the figures, the second one's not yet.
    const [released, pending] = [await buildSession(db, { org, module, coach, startsAt: PAST_MONDAY, capacity: 6 }),
      await buildSession(db, { org, module, coach, startsAt: new Date(PAST_MONDAY.getTime() + 7 * 86_400_000), capacity: 6 })];
    const comments = [`${coach.name} explained it well`, 'Good pace', `Ask ${coach.email} for the slides`];
    for (const session of [released, pending]) {
      for (const [i, p] of people.entries()) {
        await q(`insert into bookings (org_id, session_id, person_id, status) values ($1, $2, $3, 'attended')`, [org.id, session.id, p.id]);
        await q(`insert into session_ratings (org_id, session_id, person_id, rating, comment) values ($1, $2, $3, $4, $5)`,
          [org.id, session.id, p.id, 1 + (i % 5), comments[i] ?? '']);
      }
    }
    await q(`update session_ratings set released_at = now() where session_id = $1`, [released.id]);
    const ratingsBefore = (await q(`select session_id, rating, released_at from session_ratings where org_id = $1 order by session_id, rating, person_id`, [org.id])).rows;

    const erased = await call(t, 'POST', `/api/admin/people/${coach.id}/erasure`, { cookie: await t.cookieFor(admin), body: { confirmEmail: coach.email } });
    expect(erased.status, erased.text).toBe(200);

    expect(await scanForNeedles(t, [coach.name, coach.email, coach.id])).toEqual([]);
    const { rows } = await q(`select session_id = $2 as released, comment from session_ratings where org_id = $1 and comment <> '' order by 1, 2`, [org.id, released.id]);
    expect(rows).toEqual([
      { released: false, comment: '(erased) explained it well' },
      { released: false, comment: 'Ask (erased) for the slides' },
      { released: false, comment: 'Good pace' },
      // A released comment may only go; one that does not name them stays.
      { released: true, comment: 'Good pace' },
    ]);
    expect((await q(`select session_id, rating, released_at from session_ratings where org_id = $1 order by session_id, rating, person_id`, [org.id])).rows).toEqual(ratingsBefore);
  });
});
