// "Most supported first" must not order by what the count withholds: two suggestions both shown as
// "fewer than 5" would otherwise stand in the order of their hidden counts, telling a reader that one
// has, say, four supporters and the other one (found by a review).
import { describe, expect, it } from 'vitest';
import { call, type ApiAnswer } from '../../../../test/api-calls.ts';
import { startTestApp } from '../../../../test/app.ts';
import { hoursAfterPastMonday } from '../../../../test/dates.ts';
import { placeSuggestions, readBoard, reflectionGroup, setSettings } from '../../../../test/suggestion-fixtures.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;
const day = (d: number) => hoursAfterPastMonday(24 * d);
const titles = (res: ApiAnswer) => (res.body.items as Array<{ title: string }>).map((i) => i.title);

describe('the order by support', () => {
  it('places every withheld count alike: newest first among them, whatever their hidden counts', async () => {
    const g = await reflectionGroup(t);
    await setSettings(t, g.cookies.admin, { boardOpenToEmployees: true });
    const placed = await placeSuggestions(db, g, [
      { title: 'Older, three supporters', createdAt: day(0) },
      { title: 'Newer, one supporter', createdAt: day(1) },
      { title: 'Five supporters', createdAt: day(2) },
      { title: 'Nobody', createdAt: day(3) },
    ]);
    const id = (title: string) => placed.find((p) => p.title === title)!.id;
    const back = async (cookie: string, title: string) => {
      const res = await call(t, 'PUT', `/api/ideas/suggestions/${id(title)}/support`, { cookie });
      expect(res.status, res.text).toBe(200);
    };
    for (const cookie of [g.cookies.ana, g.cookies.bernd, g.cookies.coach]) await back(cookie, 'Older, three supporters');
    await back(g.cookies.ana, 'Newer, one supporter');
    for (const cookie of Object.values(g.cookies)) await back(cookie, 'Five supporters');

    const expected = ['Five supporters', 'Newer, one supporter', 'Older, three supporters', 'Nobody'];
    const ideas = await call(t, 'GET', '/api/ideas/suggestions?sort=supported', { cookie: g.cookies.olga });
    expect(ideas.status, ideas.text).toBe(200);
    expect(titles(ideas)).toEqual(expected);
    expect((ideas.body.items as Array<{ supports: number | null }>).map((i) => i.supports)).toEqual([5, null, null, 0]);
    expect(titles(await readBoard(t, g.cookies.admin, { sort: 'supported' }))).toEqual(expected);

    // Page by page the same order, every one once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await call(t, 'GET', `/api/ideas/suggestions?${new URLSearchParams({ sort: 'supported', limit: '1', ...(cursor && { cursor }) }).toString()}`, { cookie: g.cookies.olga });
      expect(res.status, res.text).toBe(200);
      seen.push(...titles(res));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
  });
});
