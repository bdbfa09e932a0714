// A module's campaign in figures, counted from what the groups and the board did: sessions held
// and reflected, suggestions by status and category (merged duplicates once), the funnel, the
// median time to the first answer, the weeks; owners see the figures of what they may see.
import { beforeAll, describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../../test/app.ts';
import { PAST_MONDAY } from '../../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildSession } from '../../../../test/factories.ts';
import { appointOwner, categoriesOf, placeSuggestions, reflectionGroup } from '../../../../test/suggestion-fixtures.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

describe('a campaign', () => {
  it('counts sessions held and reflected, suggestions by status and category, the funnel and the first answers', async () => {
    const db = t.database.db;
    const g = await reflectionGroup(t);
    const c = await categoriesOf(db, g.org.id);
    const module = { id: g.session.module_id };
    // Held: the fixture's session (suggestions), one marked "no suggestions", one silent; not held:
    // a cancelled one and one still ahead.
    const marked = await buildSession(db, { org: g.org, module, startsAt: new Date(PAST_MONDAY.getTime() + 7 * DAY) });
    await db.updateTable('sessions').set({ no_suggestions_at: new Date(PAST_MONDAY.getTime() + 7 * DAY + 2 * HOUR) }).where('id', '=', marked.id).execute();
    await buildSession(db, { org: g.org, module, startsAt: new Date(PAST_MONDAY.getTime() + 14 * DAY) });
    const cancelled = await buildSession(db, { org: g.org, module, startsAt: new Date(PAST_MONDAY.getTime() + 21 * DAY) });
    await db.updateTable('sessions').set({ status: 'cancelled', cancelled_at: PAST_MONDAY, cancel_reason: 'ill' }).where('id', '=', cancelled.id).execute();
    await buildSession(db, { org: g.org, module });
    // Another module's suggestion is not this campaign's.
    const other = await buildSession(db, { org: g.org, module: await buildModule(db, { org: g.org }), startsAt: PAST_MONDAY });
    await placeSuggestions(db, g, [{ session: { id: other.id, module_id: other.module_id }, title: 'elsewhere' }]);

    const monday = PAST_MONDAY; // a Monday: the weeks start on it
    const at = (days: number, hours = 0) => new Date(monday.getTime() + days * DAY + hours * HOUR);
    const placed = await placeSuggestions(db, g, [
      { title: 'a', status: 'new', categoryId: c['Office efficiency']!, createdAt: at(0) },
      { title: 'b', status: 'in_review', categoryId: c['Office efficiency']!, createdAt: at(1) },
      { title: 'c', status: 'planned', response: 'soon', categoryId: c['Manufacturing processes']!, createdAt: at(8) },
      { title: 'd', status: 'done', response: 'done', categoryId: c['Manufacturing processes']!, createdAt: at(9) },
      { title: 'e', status: 'declined', response: 'no budget', createdAt: at(9) },
      { title: 'duplicate of d', status: 'done', response: 'done', categoryId: c['Manufacturing processes']!, createdAt: at(10) },
    ]);
    await db.updateTable('suggestions').set({ merged_into: placed[3]!.id }).where('id', '=', placed[5]!.id).execute();
    // First answers after 2, 4 and 30 hours: the median is 4.
    for (const [i, hours] of [[1, 2], [2, 4], [3, 30]] as const) {
      await db.updateTable('suggestions').set({ first_response_at: new Date(at([1, 8, 9][i - 1]!).getTime() + hours * HOUR) }).where('id', '=', placed[i]!.id).execute();
    }

    const res = await call(t, 'GET', `/api/board/campaigns/${module.id}`, { cookie: g.cookies.admin });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({
      sessionsHeld: 3, sessionsReflected: 2, suggestions: 5,
      byStatus: { new: 1, in_review: 1, planned: 1, done: 1, declined: 1 },
      funnel: { recorded: 5, reviewed: 3, planned: 2, done: 1 },
      medianHoursToFirstResponse: 4,
      weekly: [{ week: monday.toISOString().slice(0, 10), suggestions: 2 }, { week: at(7).toISOString().slice(0, 10), suggestions: 3 }],
    });
    const byCategory = Object.fromEntries((res.body.byCategory as Array<{ category: { name: string } | null; count: number }>).map((x) => [x.category?.name ?? 'none', x.count]));
    expect(byCategory).toEqual({ 'Office efficiency': 2, 'Manufacturing processes': 2, none: 1 });

    // Within a range: the first week only.
    const week = await call(t, 'GET', `/api/board/campaigns/${module.id}?from=${monday.toISOString().slice(0, 10)}&to=${at(6).toISOString().slice(0, 10)}`, { cookie: g.cookies.admin });
    expect(week.body).toMatchObject({ suggestions: 2, byStatus: { new: 1, in_review: 1 } });

    // An owner of office efficiency counts the suggestions filed there.
    const owner = await buildPerson(db, { org: g.org });
    await appointOwner(t, g.cookies.admin, owner.id, { categoryIds: [c['Office efficiency']!] });
    const theirs = await call(t, 'GET', `/api/board/campaigns/${module.id}`, { cookie: await t.cookieFor(owner) });
    expect(theirs.body).toMatchObject({ suggestions: 2, sessionsHeld: 3 });

    expect((await call(t, 'GET', `/api/board/campaigns/${module.id}`, { cookie: g.cookies.ana })).status).toBe(403);
    expect((await call(t, 'GET', `/api/board/campaigns/${g.session.id}`, { cookie: g.cookies.admin })).status).toBe(404);
  });

  it('counts days and weeks in the organisation’s zone: a session just after its midnight is on that day', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    await db.updateTable('organisations').set({ default_time_zone: 'Asia/Tokyo' }).where('id', '=', org.id).execute();
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const module = await buildModule(db, { org });
    // Monday 10 March 2025, 00:30 in Tokyo: still Sunday in UTC.
    const mondayJustAfterMidnight = new Date('2025-03-09T15:30:00Z');
    const session = await buildSession(db, { org, module, startsAt: mondayJustAfterMidnight, timeZone: 'Asia/Tokyo' });
    await placeSuggestions(db, { org, session }, [
      { title: 'Sunday night in Tokyo', createdAt: new Date('2025-03-09T14:30:00Z') },
      { title: 'Monday just after midnight in Tokyo', createdAt: new Date('2025-03-09T16:45:00Z') },
    ]);
    const campaign = async (query: string) => {
      const res = await call(t, 'GET', `/api/board/campaigns/${module.id}${query}`, { cookie: await t.cookieFor(admin) });
      expect(res.status, res.text).toBe(200);
      return res.body as { sessionsHeld: number; suggestions: number; weekly: unknown[] };
    };
    expect(await campaign('?from=2025-03-10&to=2025-03-10')).toMatchObject({ sessionsHeld: 1, suggestions: 1 });
    expect(await campaign('?from=2025-03-09&to=2025-03-09')).toMatchObject({ sessionsHeld: 0, suggestions: 1 });
    expect((await campaign('')).weekly).toEqual([{ week: '2025-03-03', suggestions: 1 }, { week: '2025-03-10', suggestions: 1 }]);
  });

  it('refuses days that end before they begin (400 naming to), rather than count nothing', async () => {
    const g = await reflectionGroup(t);
    const res = await call(t, 'GET', `/api/board/campaigns/${g.session.module_id}?from=2026-03-10&to=2026-03-09`, { cookie: g.cookies.admin });
    expect(res.status, res.text).toBe(400);
    expect(blamedFields(res)).toEqual(['to']);
    const board = await call(t, 'GET', '/api/board/suggestions?from=2026-03-10&to=2026-03-09', { cookie: g.cookies.admin });
    expect(board.status, board.text).toBe(400);
    expect(blamedFields(board)).toEqual(['to']);
  });
});
