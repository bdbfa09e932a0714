// The board opened to employees (issue 13): closed by default (403 BOARD_CLOSED for employees,
// admins preview it); when open, every person reads the groups' suggestions without an owner,
// a note, a session or who typed them, and supports a suggestion once (a count, never names);
// merged duplicates fold into their survivor, and so do their supports.
import { describe, expect, it } from 'vitest';
import { call, type ApiAnswer } from '../../../../test/api-calls.ts';
import { startTestApp } from '../../../../test/app.ts';
import { hoursAfterPastMonday } from '../../../../test/dates.ts';
import { buildSession } from '../../../../test/factories.ts';
import { categoriesOf, placeSuggestions, readBoard, reflectionGroup, setSettings, type ReflectionGroup } from '../../../../test/suggestion-fixtures.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;
const day = (d: number) => hoursAfterPastMonday(24 * d);

const ideas = (cookie: string, query: Record<string, string> = {}) => call(t, 'GET', `/api/ideas/suggestions?${new URLSearchParams(query).toString()}`, { cookie });
const idea = (cookie: string, id: string) => call(t, 'GET', `/api/ideas/suggestions/${id}`, { cookie });
const back = (cookie: string, id: string) => call(t, 'PUT', `/api/ideas/suggestions/${id}/support`, { cookie });
const withdraw = (cookie: string, id: string) => call(t, 'DELETE', `/api/ideas/suggestions/${id}/support`, { cookie });
/** The count the database keeps; the API shows it only from five people on (the privacy floor). */
const keptCount = async (id: string) => (await db.selectFrom('suggestions').where('id', '=', id).select('support_count').executeTakeFirstOrThrow()).support_count;
const titles = (res: ApiAnswer) => (res.body.items as Array<{ title: string }>).map((i) => i.title);

/** No answer names who supports, owns, typed or took part: every person's id, name and address stays out. */
function expectNoPeople(g: ReflectionGroup, answers: ApiAnswer[]) {
  const people = [g.admin, g.coach, g.ana, g.bernd, g.olga];
  const secrets = [...people.flatMap((p) => [p.id, p.name, p.email]), g.session.id];
  for (const a of answers) for (const s of secrets) expect(a.text.includes(s), `${a.text.slice(0, 200)} names ${s}`).toBe(false);
}

async function openBoard(g: ReflectionGroup) {
  await setSettings(t, g.cookies.admin, { boardOpenToEmployees: true });
}

describe('the open board, closed', () => {
  it('is closed by default: employees get 403 BOARD_CLOSED, admins may preview but nobody supports', async () => {
    const g = await reflectionGroup(t);
    const [s] = await placeSuggestions(db, g, [{ title: 'Quieter open-plan office' }]);
    const settings = await call(t, 'GET', '/api/settings', { cookie: g.cookies.olga });
    expect(settings.body.boardOpenToEmployees).toBe(false);
    for (const res of [await ideas(g.cookies.olga), await idea(g.cookies.olga, s!.id), await back(g.cookies.olga, s!.id), await withdraw(g.cookies.coach, s!.id)]) {
      expect(res.status, res.text).toBe(403);
      expect(res.body.code).toBe('BOARD_CLOSED');
    }
    const preview = await ideas(g.cookies.admin);
    expect(preview.status).toBe(200);
    expect(titles(preview)).toEqual(['Quieter open-plan office']);
    // The preview offers no support that would be refused.
    expect(preview.body.items[0]).toMatchObject({ canSupport: false });
    expect((await idea(g.cookies.admin, s!.id)).body).toMatchObject({ canSupport: false });
    expect((await back(g.cookies.admin, s!.id)).body.code).toBe('BOARD_CLOSED');
    expect(await db.selectFrom('suggestion_supports').where('org_id', '=', g.org.id).selectAll().execute()).toEqual([]);
  });

  it('opens by the admins’ setting, audited, and closes again', async () => {
    const g = await reflectionGroup(t);
    await openBoard(g);
    expect((await ideas(g.cookies.olga)).status).toBe(200);
    const audited = await db.selectFrom('audit_log').where('org_id', '=', g.org.id).where('action', '=', 'settings.changed').select('detail').execute();
    expect(audited.map((a) => a.detail)).toContainEqual({ board_open_to_employees: { from: false, to: true } });
    await setSettings(t, g.cookies.admin, { boardOpenToEmployees: false });
    expect((await ideas(g.cookies.olga)).body.code).toBe('BOARD_CLOSED');
    const refused = await call(t, 'PATCH', '/api/settings', { cookie: g.cookies.olga, body: { boardOpenToEmployees: true } });
    expect(refused.status).toBe(403);
  });
});

describe('the open board, open', () => {
  it('shows the groups’ suggestions read-only: what became of them, never owner, notes, session or author', async () => {
    const g = await reflectionGroup(t);
    const c = await categoriesOf(db, g.org.id);
    await openBoard(g);
    const [s] = await placeSuggestions(db, g, [
      { title: '<script>alert("x")</script> Shared calendar', body: '<b>bold</b> & <img src=x onerror=alert(1)>', area: 'Sales', categoryId: c['Office efficiency']!, status: 'planned', response: 'Next quarter <i>maybe</i>', ownerId: g.coach.id },
    ]);
    await db.insertInto('suggestion_comments').values({ org_id: g.org.id, suggestion_id: s!.id, author_id: g.admin.id, body: 'Internal: ask finance' }).execute();
    const list = await ideas(g.cookies.ana);
    const one = await idea(g.cookies.bernd, s!.id);
    expect(list.status, list.text).toBe(200);
    expect(list.headers.get('content-type')).toMatch(/^application\/json/);
    expect(list.body.items).toEqual([{
      id: s!.id, title: '<script>alert("x")</script> Shared calendar', body: '<b>bold</b> & <img src=x onerror=alert(1)>', status: 'planned',
      response: 'Next quarter <i>maybe</i>', category: { id: c['Office efficiency'], name: 'Office efficiency' }, area: 'Sales',
      module: { id: g.module.id, code: g.module.code, title: g.module.title }, mergedInto: null, duplicates: 0, supports: 0, supported: false,
      canSupport: true, createdAt: expect.any(String),
    }]);
    expect(one.body).toMatchObject({ id: s!.id, folded: [] });
    // Bernd reads German category names.
    expect(one.body.category.name).toBe('Effizienz im Büro');
    for (const a of [list, one]) {
      expect(a.text).not.toMatch(/Internal: ask finance|"owner"|"comments"|"sessionId"|"version"/);
    }
    expectNoPeople(g, [list, one]);
  });

  it('counts each person’s support once, withdraws it, and never says who', async () => {
    const g = await reflectionGroup(t);
    await openBoard(g);
    const [s, other] = await placeSuggestions(db, g, [{ title: 'Stand-ups of ten minutes' }, { title: 'No meetings on Fridays' }]);
    const answers: ApiAnswer[] = [];
    const track = async (p: Promise<ApiAnswer>) => {
      const a = await p;
      answers.push(a);
      expect(a.status, a.text).toBe(200);
      return a.body;
    };
    // One to four supporters are withheld (null) in every answer; the database counts each once.
    expect(await track(back(g.cookies.ana, s!.id))).toEqual({ id: s!.id, supports: null, supported: true });
    expect(await track(back(g.cookies.ana, s!.id))).toEqual({ id: s!.id, supports: null, supported: true });
    expect(await keptCount(s!.id)).toBe(1);
    expect(await track(back(g.cookies.bernd, s!.id))).toEqual({ id: s!.id, supports: null, supported: true });
    expect(await track(back(g.cookies.admin, s!.id))).toEqual({ id: s!.id, supports: null, supported: true });
    expect(await keptCount(s!.id)).toBe(3);
    const olgaSees = await track(ideas(g.cookies.olga));
    expect(olgaSees.items.map((i: { title: string; supports: number | null; supported: boolean }) => [i.title, i.supports, i.supported]))
      .toEqual([['No meetings on Fridays', 0, false], ['Stand-ups of ten minutes', null, false]]);
    expect((await track(idea(g.cookies.ana, s!.id))).supported).toBe(true);
    expect(await track(withdraw(g.cookies.ana, s!.id))).toEqual({ id: s!.id, supports: null, supported: false });
    expect(await track(withdraw(g.cookies.ana, s!.id))).toEqual({ id: s!.id, supports: null, supported: false });
    expect(await keptCount(s!.id)).toBe(2);
    expect(await track(withdraw(g.cookies.ana, other!.id))).toEqual({ id: other!.id, supports: 0, supported: false });
    // The admins' board withholds the count alike, still sorts by it, and names nobody either.
    const board = await readBoard(t, g.cookies.admin, { sort: 'supported' });
    expect(board.body.items.map((i: { title: string; supports: number | null }) => [i.title, i.supports])).toEqual([['Stand-ups of ten minutes', null], ['No meetings on Fridays', 0]]);
    const detail = await call(t, 'GET', `/api/board/suggestions/${s!.id}`, { cookie: g.cookies.admin });
    expect(detail.body.supports).toBeNull();
    expect(detail.text.includes(g.bernd.id) || detail.text.includes(g.bernd.name)).toBe(false);
    const csv = await call(t, 'GET', '/api/board/export.csv', { cookie: g.cookies.admin });
    expect(csv.text.split('\n')[0]).toMatch(/,Supports$/);
    expectNoPeople(g, answers);
    const rows = await db.selectFrom('suggestion_supports').where('suggestion_id', '=', s!.id).select('person_id').execute();
    expect(rows.map((r) => r.person_id).sort()).toEqual([g.bernd.id, g.admin.id].sort());
    // Supports leave no trace an admin could read.
    expect(await db.selectFrom('audit_log').where('org_id', '=', g.org.id).where('action', 'like', '%support%').selectAll().execute()).toEqual([]);
  });

  it('counts supports given at the same moment, each once, and withdrawals at the same moment too', async () => {
    const g = await reflectionGroup(t);
    await openBoard(g);
    const [s] = await placeSuggestions(db, g, [{ title: 'Standing desks' }]);
    const cookies = Object.values(g.cookies);
    const given = await Promise.all([...cookies, ...cookies].map((cookie) => back(cookie, s!.id)));
    expect(given.map((a) => a.status)).toEqual(given.map(() => 200));
    expect((await idea(g.cookies.olga, s!.id)).body.supports).toBe(cookies.length);
    await Promise.all(cookies.slice(0, 3).map((cookie) => withdraw(cookie, s!.id)));
    const stored = await db.selectFrom('suggestions').where('id', '=', s!.id).select('support_count').executeTakeFirstOrThrow();
    expect(stored.support_count).toBe(cookies.length - 3);
  });

  it('lets the group still remove a suggestion the board has not taken up, supports and all', async () => {
    const g = await reflectionGroup(t);
    await openBoard(g);
    const [s] = await placeSuggestions(db, g, [{ title: 'Said twice' }]);
    await back(g.cookies.olga, s!.id);
    const removed = await call(t, 'DELETE', `/api/suggestions/${s!.id}?version=1`, { cookie: g.cookies.coach });
    expect(removed.status, removed.text).toBe(204);
    expect(await db.selectFrom('suggestion_supports').where('suggestion_id', '=', s!.id).selectAll().execute()).toEqual([]);
    expect((await back(g.cookies.olga, s!.id)).status).toBe(404);
  });

  it('filters by status, module, category and words, sorts by most supported, pages without gaps', async () => {
    const g = await reflectionGroup(t);
    const c = await categoriesOf(db, g.org.id);
    await openBoard(g);
    const second = await buildSession(db, { org: g.org, startsAt: hoursAfterPastMonday(-48) });
    const placed = await placeSuggestions(db, g, [
      { title: 'Printer queue', categoryId: c['Office efficiency']!, createdAt: day(0) },
      { title: 'Team charter', session: second, categoryId: c['Management practices']!, status: 'in_review', createdAt: day(1) },
      { title: 'Meetings end early', body: 'Every meeting ends five minutes before the hour', status: 'done', response: 'Done', createdAt: day(2) },
      { title: 'Paperless invoices', session: second, categoryId: c['Office efficiency']!, status: 'declined', response: 'Law', createdAt: day(3) },
    ]);
    const id = (title: string) => placed.find((p) => p.title === title)!.id;
    for (const cookie of [g.cookies.ana, g.cookies.bernd, g.cookies.olga]) await back(cookie, id('Team charter'));
    for (const cookie of [g.cookies.ana, g.cookies.coach]) await back(cookie, id('Printer queue'));
    const expectIdeas = async (query: Record<string, string>, expected: string[]) => {
      const res = await ideas(g.cookies.olga, query);
      expect(res.status, res.text).toBe(200);
      expect(titles(res), JSON.stringify(query)).toEqual(expected);
    };
    await expectIdeas({}, ['Paperless invoices', 'Meetings end early', 'Team charter', 'Printer queue']);
    await expectIdeas({ sort: 'supported' }, ['Team charter', 'Printer queue', 'Paperless invoices', 'Meetings end early']);
    await expectIdeas({ status: 'done,declined' }, ['Paperless invoices', 'Meetings end early']);
    await expectIdeas({ moduleId: second.module_id }, ['Paperless invoices', 'Team charter']);
    await expectIdeas({ categoryId: c['Office efficiency']! }, ['Paperless invoices', 'Printer queue']);
    await expectIdeas({ q: 'meeting' }, ['Meetings end early']);
    // Page by page, one at a time, in the supported order: every one once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await ideas(g.cookies.olga, { sort: 'supported', limit: '1', ...(cursor && { cursor }) });
      expect(res.status, res.text).toBe(200);
      seen.push(...titles(res));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['Team charter', 'Printer queue', 'Paperless invoices', 'Meetings end early']);
    // A cursor of one order is not one of the other.
    const newest = await ideas(g.cookies.olga, { limit: '1' });
    const mixed = await ideas(g.cookies.olga, { sort: 'supported', cursor: newest.body.nextCursor });
    expect(mixed.status).toBe(400);
  });

  it('refuses new support once a suggestion is done or declined, keeps what was given, and lets it be withdrawn', async () => {
    const g = await reflectionGroup(t);
    await openBoard(g);
    const [done, planned] = await placeSuggestions(db, g, [{ title: 'Done already', status: 'done', response: 'Done' }, { title: 'Planned', status: 'planned', response: 'Soon' }]);
    const refused = await back(g.cookies.ana, done!.id);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SUGGESTION_SETTLED');
    expect((await back(g.cookies.ana, planned!.id)).body.supported).toBe(true);
    await db.updateTable('suggestions').set({ status: 'done' }).where('id', '=', planned!.id).execute();
    expect((await back(g.cookies.ana, planned!.id)).body).toEqual({ id: planned!.id, supports: null, supported: true });
    expect(await keptCount(planned!.id)).toBe(1);
    expect((await ideas(g.cookies.ana)).body.items.find((i: { id: string }) => i.id === planned!.id)).toMatchObject({ canSupport: false, supported: true });
    expect((await withdraw(g.cookies.ana, planned!.id)).body.supports).toBe(0);
  });

  it('folds a merged duplicate into its survivor: its supports count there, once per person', async () => {
    const g = await reflectionGroup(t);
    await openBoard(g);
    const [survivor, duplicate] = await placeSuggestions(db, g, [{ title: 'Shorter meetings' }, { title: 'Meetings of 25 minutes' }]);
    await back(g.cookies.ana, duplicate!.id);
    await back(g.cookies.bernd, duplicate!.id);
    await back(g.cookies.bernd, survivor!.id);
    await back(g.cookies.olga, survivor!.id);
    const merged = await call(t, 'POST', `/api/board/suggestions/${duplicate!.id}/merge`, { cookie: g.cookies.admin, body: { intoId: survivor!.id, version: 1 } });
    expect(merged.status, merged.text).toBe(200);
    // Three people: withheld in the answer, counted once each in the database.
    expect(merged.body.supports).toBeNull();
    expect(await keptCount(survivor!.id)).toBe(3);

    const list = await ideas(g.cookies.ana);
    expect(list.body.items.map((i: { title: string; supports: number | null; supported: boolean; duplicates: number }) => [i.title, i.supports, i.supported, i.duplicates]))
      .toEqual([['Shorter meetings', null, true, 1]]);
    const folded = await idea(g.cookies.ana, survivor!.id);
    expect(folded.body.folded).toEqual([{ id: duplicate!.id, title: 'Meetings of 25 minutes', body: '' }]);
    const pointer = await idea(g.cookies.ana, duplicate!.id);
    expect(pointer.body).toMatchObject({ mergedInto: survivor!.id, supports: 0, canSupport: false });
    const refused = await back(g.cookies.coach, duplicate!.id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'SUGGESTION_MERGED', mergedInto: survivor!.id });
    // Ana's support moved with the idea: she withdraws it on the survivor.
    expect((await withdraw(g.cookies.ana, survivor!.id)).body).toEqual({ id: survivor!.id, supports: null, supported: false });
    const stored = await db.selectFrom('suggestions').where('id', 'in', [survivor!.id, duplicate!.id]).select(['id', 'support_count']).execute();
    expect(Object.fromEntries(stored.map((r) => [r.id, r.support_count]))).toEqual({ [survivor!.id]: 2, [duplicate!.id]: 0 });
  });

  it('keeps another organisation’s suggestions out of reach (404) and out of every list', async () => {
    const g = await reflectionGroup(t);
    const other = await reflectionGroup(t);
    await openBoard(g);
    await openBoard(other);
    const [theirs] = await placeSuggestions(db, other, [{ title: 'Their secret idea' }]);
    await back(other.cookies.ana, theirs!.id);
    for (const res of [await idea(g.cookies.ana, theirs!.id), await back(g.cookies.ana, theirs!.id), await withdraw(g.cookies.ana, theirs!.id)]) {
      expect(res.status, res.text).toBe(404);
      expect(res.text).not.toContain('Their secret idea');
    }
    expect((await ideas(g.cookies.ana, { sort: 'supported' })).text).not.toContain('Their secret idea');
    const count = await db.selectFrom('suggestions').where('id', '=', theirs!.id).select('support_count').executeTakeFirstOrThrow();
    expect(count.support_count).toBe(1);
  });
});
