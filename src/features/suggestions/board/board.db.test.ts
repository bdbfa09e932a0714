// Reading the suggestion board (issue 13): admins see every suggestion of the organisation, filter
// by status, module, category, area, owner, date and words (English and German stemming), sort,
// and page through thousands without a gap or a repeat; merged duplicates stay out of the way
// unless asked for; people who neither administer nor own suggestions do not see the board at all.
// Changing suggestions: changes.db.test.ts; merging and owners: merge-owners.db.test.ts.
import { describe, expect, it } from 'vitest';
import { blamedFields, call, type ApiAnswer } from '../../../../test/api-calls.ts';
import { startTestApp } from '../../../../test/app.ts';
import { hoursAfterPastMonday } from '../../../../test/dates.ts';
import { buildSession } from '../../../../test/factories.ts';
import { categoriesOf, placeSuggestions, readBoard, reflectionGroup, suggestionsPrint } from '../../../../test/suggestion-fixtures.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;

/** 09:00 UTC on the `d`th day after PAST_MONDAY, and that day as the board’s filters write it. */
const day = (d: number) => hoursAfterPastMonday(24 * d);
const dateOf = (d: number) => day(d).toISOString().slice(0, 10);
const titles = (res: ApiAnswer) => (res.body.items as Array<{ title: string }>).map((i) => i.title);

describe('the board’s days', () => {
  it('are the reader’s: a suggestion recorded at 00:30 in Berlin is on that day for a Berlin admin, not the day before', async () => {
    const g = await reflectionGroup(t);
    // 23:30 UTC on day 3 is 00:30 (or 01:30) on day 4 in Berlin; 22:00 UTC on day 5 is still day 5 there.
    const late = new Date(day(3).getTime() + 14.5 * 3_600_000);
    await placeSuggestions(db, g, [{ title: 'Just after midnight', createdAt: late }, { title: 'Late evening', createdAt: new Date(day(5).getTime() + 13 * 3_600_000) }]);
    const on = async (query: Record<string, string>) => titles(await readBoard(t, g.cookies.admin, query));
    expect(await on({ from: dateOf(4), to: dateOf(4) })).toEqual(['Just after midnight']);
    expect(await on({ from: dateOf(3), to: dateOf(3) })).toEqual([]);
    expect(await on({ from: dateOf(5), to: dateOf(5) })).toEqual(['Late evening']);
  });
});

describe('the board’s list', () => {
  it('shows an admin every suggestion, newest first, and each filter narrows it to exactly the matching ones', async () => {
    const g = await reflectionGroup(t);
    const c = await categoriesOf(db, g.org.id);
    const second = await buildSession(db, { org: g.org, startsAt: hoursAfterPastMonday(-48) });
    await placeSuggestions(db, g, [
      { title: 'Printer queue', categoryId: c['Office efficiency']!, area: 'Sales', createdAt: day(0), updatedAt: day(20) },
      { title: 'Team charter', session: second, categoryId: c['Management practices']!, area: 'Logistics', status: 'in_review', ownerId: g.admin.id, createdAt: day(2), updatedAt: day(3) },
      { title: 'Shared calendar', area: 'sales', status: 'planned', response: 'Next quarter', ownerId: g.coach.id, createdAt: day(5), updatedAt: day(30) },
      { title: 'Paperless invoices', session: second, categoryId: c['Office efficiency']!, status: 'done', response: 'Done', createdAt: day(9), updatedAt: day(10) },
      { title: 'Gantt for everyone', categoryId: c['Project management']!, status: 'declined', response: 'No licences', createdAt: day(12), updatedAt: day(13) },
    ]);
    // Another organisation's suggestion never shows, whatever the filter.
    const elsewhere = await reflectionGroup(t);
    await placeSuggestions(db, elsewhere, [{ title: 'Printer queue elsewhere', area: 'Sales', createdAt: day(4) }]);

    const expectBoard = async (query: Record<string, string>, expected: string[]) => {
      const res = await readBoard(t, g.cookies.admin, query);
      expect(res.status, res.text).toBe(200);
      expect(titles(res), JSON.stringify(query)).toEqual(expected);
      expect(res.body.total, JSON.stringify(query)).toBe(expected.length);
    };
    const all = ['Gantt for everyone', 'Paperless invoices', 'Shared calendar', 'Team charter', 'Printer queue'];
    await expectBoard({}, all);
    const full = await readBoard(t, g.cookies.admin);
    expect(full.body).toMatchObject({ nextCursor: null, totalCap: 1_000 });
    expect(full.body.items.find((i: { title: string }) => i.title === 'Team charter')).toMatchObject({
      sessionId: second.id, status: 'in_review', area: 'Logistics', mergedInto: null, duplicates: 0, version: 1,
      category: { id: c['Management practices'], name: 'Management practices' },
      module: { id: second.module_id }, owner: { id: g.admin.id, name: g.admin.name },
      createdAt: day(2).toISOString(), updatedAt: day(3).toISOString(), firstResponseAt: null,
    });

    await expectBoard({ status: 'new' }, ['Printer queue']);
    await expectBoard({ status: 'planned,done' }, ['Paperless invoices', 'Shared calendar']);
    await expectBoard({ moduleId: second.module_id }, ['Paperless invoices', 'Team charter']);
    await expectBoard({ moduleId: g.module.id }, ['Gantt for everyone', 'Shared calendar', 'Printer queue']);
    await expectBoard({ categoryId: c['Office efficiency']! }, ['Paperless invoices', 'Printer queue']);
    await expectBoard({ area: 'SALES' }, ['Shared calendar', 'Printer queue']);
    await expectBoard({ area: 'logistics' }, ['Team charter']);
    await expectBoard({ ownerId: 'me' }, ['Team charter']);
    await expectBoard({ ownerId: g.coach.id }, ['Shared calendar']);
    await expectBoard({ ownerId: 'none' }, ['Gantt for everyone', 'Paperless invoices', 'Printer queue']);
    // Whole days, both ends included.
    await expectBoard({ from: dateOf(5) }, ['Gantt for everyone', 'Paperless invoices', 'Shared calendar']);
    await expectBoard({ to: dateOf(5) }, ['Shared calendar', 'Team charter', 'Printer queue']);
    await expectBoard({ from: dateOf(2), to: dateOf(9) }, ['Paperless invoices', 'Shared calendar', 'Team charter']);
    await expectBoard({ from: dateOf(6), to: dateOf(8) }, []);
    await expectBoard({ status: 'new,in_review,planned', moduleId: g.module.id, area: 'Sales' }, ['Shared calendar', 'Printer queue']);
    await expectBoard({ sort: 'oldest' }, [...all].reverse());
    await expectBoard({ sort: 'updated' }, ['Shared calendar', 'Printer queue', 'Gantt for everyone', 'Paperless invoices', 'Team charter']);
    const firstTwo = await readBoard(t, g.cookies.admin, { limit: '2' });
    expect(titles(firstTwo)).toEqual(all.slice(0, 2));
    expect(firstTwo.body.total).toBe(5);
    expect(firstTwo.body.nextCursor).toEqual(expect.any(String));
  });

  it('refuses filters it cannot read with a 400 naming them', async () => {
    const g = await reflectionGroup(t);
    for (const [query, field] of [
      [{ status: 'open' }, 'status'], [{ status: 'new,' }, 'status'], [{ ownerId: 'someone' }, 'ownerId'], [{ moduleId: '42' }, 'moduleId'],
      [{ from: '2025-02-30' }, 'from'], [{ to: 'yesterday' }, 'to'], [{ sort: 'random' }, 'sort'], [{ limit: '101' }, 'limit'],
      [{ limit: '0' }, 'limit'], [{ q: 'x'.repeat(201) }, 'q'], [{ area: ' ' }, 'area'], [{ includeMerged: 'yes' }, 'includeMerged'],
    ] as const) {
      const res = await readBoard(t, g.cookies.admin, query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(blamedFields(res), JSON.stringify(query)).toEqual([field]);
    }
    // A misspelt filter is refused rather than ignored, which would show everything.
    const unknown = await readBoard(t, g.cookies.admin, { colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0].message).toContain('colour');
  });

  it('finds words by their stem in English and in German, in title, text and area', async () => {
    const g = await reflectionGroup(t);
    await placeSuggestions(db, g, [
      { title: 'Shorter meeting', body: 'Every meeting ends with a decision.' },
      { title: 'Kürzere Besprechung', body: 'Jede Besprechung endet mit einer Entscheidung.' },
      { title: 'Printer queue', body: 'Fewer printers on each floor.', area: 'Logistics' },
    ]);
    const found = async (q: string, query: Record<string, string> = {}) => {
      const res = await readBoard(t, g.cookies.admin, { q, ...query });
      expect(res.status, res.text).toBe(200);
      expect(res.body.total).toBe(res.body.items.length);
      return titles(res);
    };
    expect(await found('meetings')).toEqual(['Shorter meeting']);
    expect(await found('decisions')).toEqual(['Shorter meeting']);
    expect(await found('Besprechungen')).toEqual(['Kürzere Besprechung']);
    expect(await found('Entscheidungen')).toEqual(['Kürzere Besprechung']);
    expect(await found('logistics')).toEqual(['Printer queue']);
    expect(await found('printer -meeting')).toEqual(['Printer queue']);
    expect(await found('holidays')).toEqual([]);
    expect(await found('meetings', { status: 'done' })).toEqual([]);
    // Search syntax typed by hand is words, not an error.
    expect(await found('"unclosed & | ! (')).toEqual([]);
  });
});

describe('paging', () => {
  it('walks 120 suggestions 50 at a time in each order, with no repeat and no gap, counting them all on the first page', async () => {
    const g = await reflectionGroup(t);
    // Four at each instant: the cursor must break ties, not skip or repeat them.
    await placeSuggestions(db, g, Array.from({ length: 120 }, (_, i) => ({
      title: `Idea ${i}`, createdAt: hoursAfterPastMonday(Math.floor(i / 4)), updatedAt: hoursAfterPastMonday(100 - Math.floor(i / 4)),
    })));
    const stored = await db.selectFrom('suggestions').where('org_id', '=', g.org.id).select(['id', 'created_at', 'updated_at']).execute();
    const by = (key: 'created_at' | 'updated_at', dir: 1 | -1) => [...stored]
      .sort((a, b) => dir * (a[key].getTime() - b[key].getTime() || (a.id < b.id ? -1 : 1))).map((s) => s.id);
    for (const [sort, expected] of [['newest', by('created_at', -1)], ['oldest', by('created_at', 1)], ['updated', by('updated_at', -1)]] as const) {
      const seen: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      do {
        const res: ApiAnswer = await readBoard(t, g.cookies.admin, { sort, limit: '50', ...(cursor && { cursor }) });
        expect(res.status, res.text).toBe(200);
        if (sizes.length === 0) expect(res.body.total, sort).toBe(120);
        sizes.push(res.body.items.length);
        seen.push(...res.body.items.map((i: { id: string }) => i.id));
        cursor = res.body.nextCursor;
      } while (cursor && sizes.length < 5);
      expect(sizes, sort).toEqual([50, 50, 20]);
      expect(seen, sort).toEqual(expected);
    }
    // A filter holds across pages.
    const firstOfTen = await readBoard(t, g.cookies.admin, { q: 'idea', limit: '100' });
    expect(firstOfTen.body.total).toBe(120);
    const rest = await readBoard(t, g.cookies.admin, { q: 'idea', limit: '100', cursor: firstOfTen.body.nextCursor });
    expect(rest.body.items).toHaveLength(20);
  });

  it('refuses a cursor it did not hand out with a 400 naming the cursor', async () => {
    const g = await reflectionGroup(t);
    await placeSuggestions(db, g, [{ title: 'Only one' }]);
    const encoded = (text: string) => Buffer.from(text).toString('base64url');
    for (const cursor of ['garbage', encoded('yesterday|not-an-id'), encoded(`${day(0).toISOString()}|42`), encoded(`not a date|${g.org.id}`), 'x'.repeat(201)]) {
      const res = await readBoard(t, g.cookies.admin, { cursor });
      expect(res.status, cursor).toBe(400);
      expect(blamedFields(res), cursor).toEqual(['cursor']);
    }
  });
});

describe('merged duplicates', () => {
  it('are left out of the list unless asked for, and are then counted and shown with their survivor', async () => {
    const g = await reflectionGroup(t);
    const [survivor, duplicate] = await placeSuggestions(db, g, [{ title: 'Survivor' }, { title: 'Duplicate' }, { title: 'Unrelated' }]);
    const merged = await call(t, 'POST', `/api/board/suggestions/${duplicate!.id}/merge`, { cookie: g.cookies.admin, body: { intoId: survivor!.id, version: 1 } });
    expect(merged.status, merged.text).toBe(200);
    for (const query of [{}, { includeMerged: 'false' }, { q: 'duplicate' }] as Array<Record<string, string>>) {
      const res = await readBoard(t, g.cookies.admin, query);
      expect(titles(res).includes('Duplicate'), JSON.stringify(query)).toBe(false);
    }
    expect(titles(await readBoard(t, g.cookies.admin))).toEqual(['Unrelated', 'Survivor']);
    const everything = await readBoard(t, g.cookies.admin, { includeMerged: 'true' });
    expect(everything.body.total).toBe(3);
    expect(everything.body.items.map((i: { title: string; mergedInto: string | null; duplicates: number }) => [i.title, i.mergedInto, i.duplicates]))
      .toEqual([['Unrelated', null, 0], ['Duplicate', survivor!.id, 0], ['Survivor', null, 1]]);
  });
});

describe('who sees the board', () => {
  it('refuses every board read and change to employees, coaches and participants (403), telling and changing nothing', async () => {
    const g = await reflectionGroup(t);
    const [one, two] = await placeSuggestions(db, g, [{ title: 'Board-only idea', area: 'Sales' }, { title: 'Second board-only idea' }]);
    await db.insertInto('suggestion_comments').values({ org_id: g.org.id, suggestion_id: one!.id, author_id: g.admin.id, body: 'Board-only note' }).execute();
    const before = await suggestionsPrint(db, g.org.id);
    for (const who of ['olga', 'ana', 'bernd', 'coach'] as const) {
      const cookie = g.cookies[who];
      const access = await call(t, 'GET', '/api/board/access', { cookie });
      expect(access.body, who).toEqual({ board: false, admin: false });
      for (const [method, path, body] of [
        ['GET', '/api/board/suggestions', undefined], ['GET', '/api/board/suggestions?area=Sales&limit=1', undefined],
        ['GET', `/api/board/suggestions/${one!.id}`, undefined],
        ['PATCH', `/api/board/suggestions/${one!.id}`, { version: 1, status: 'planned', response: 'Sure' }],
        ['POST', `/api/board/suggestions/${one!.id}/comments`, { body: 'Let me in' }],
        ['POST', `/api/board/suggestions/${two!.id}/merge`, { intoId: one!.id, version: 1 }],
      ] as const) {
        const res = await call(t, method, path, { cookie, body });
        expect(res.status, `${who} ${method} ${path}`).toBe(403);
        expect(res.text).not.toMatch(/Board-only/);
      }
    }
    expect(await suggestionsPrint(db, g.org.id)).toBe(before);
    expect(await db.selectFrom('suggestion_comments').where('org_id', '=', g.org.id).select('body').execute()).toEqual([{ body: 'Board-only note' }]);
    expect((await call(t, 'GET', '/api/board/access', { cookie: g.cookies.admin })).body).toEqual({ board: true, admin: true });
  });
});
