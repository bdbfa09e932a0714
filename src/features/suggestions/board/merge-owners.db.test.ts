// Merging duplicates and appointing suggestion owners (issue 13). A merged duplicate points at its
// survivor and shows the survivor's status and response from then on; merges never chain. An owner
// sees the suggestions of their categories and areas and those assigned to them, and of any other
// learns nothing (404, as for one that does not exist); only admins appoint and dismiss owners.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blamedFields, call, type ApiAnswer } from '../../../../test/api-calls.ts';
import { startTestApp } from '../../../../test/app.ts';
import { buildOrganisation, buildPerson } from '../../../../test/factories.ts';
import {
  appointOwner, categoriesOf, placeSuggestions, readBoard, readGroup, record, reflectionGroup, suggestionsPrint,
} from '../../../../test/suggestion-fixtures.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;

const merge = (cookie: string, id: string, intoId: string, version = 1) =>
  call(t, 'POST', `/api/board/suggestions/${id}/merge`, { cookie, body: { intoId, version } });
const change = (cookie: string, id: string, body: Record<string, unknown>) => call(t, 'PATCH', `/api/board/suggestions/${id}`, { cookie, body });
const detail = (cookie: string, id: string) => call(t, 'GET', `/api/board/suggestions/${id}`, { cookie });
const state = (id: string) => db.selectFrom('suggestions').where('id', '=', id).select(['status', 'response', 'merged_into', 'version']).executeTakeFirstOrThrow();
const titles = (res: ApiAnswer) => (res.body.items as Array<{ title: string }>).map((i) => i.title).sort();

describe('merging duplicates', () => {
  it('points the duplicate at its survivor, which it follows in status and response from then on', async () => {
    const g = await reflectionGroup(t);
    const [survivor, duplicate] = await Promise.all(['Agenda a day ahead', 'Send agendas early'].map(async (title) => (await record(t, g.cookies.coach, g.session.id, { title })).body.id as string));
    expect((await change(g.cookies.admin, survivor!, { version: 1, status: 'planned', response: 'Planned for May' })).status).toBe(200);

    const merged = await merge(g.cookies.admin, duplicate!, survivor!);
    expect(merged.status, merged.text).toBe(200);
    expect(merged.body).toMatchObject({ id: survivor, duplicates: 1, duplicateList: [{ id: duplicate, title: 'Send agendas early' }] });
    expect((await detail(g.cookies.admin, duplicate!)).body).toMatchObject({ mergedInto: survivor, status: 'planned', response: 'Planned for May', version: 2 });
    const groupSees = async () => (await readGroup(t, g.cookies.ana, g.session.id)).body.items.find((s: { id: string }) => s.id === duplicate);
    expect(await groupSees()).toMatchObject({ status: 'planned', response: 'Planned for May' });

    for (const [version, status, response] of [[2, 'done', 'Agendas go out on Fridays'], [3, 'declined', 'Dropped after all'], [4, 'in_review', 'Looking again']] as const) {
      expect((await change(g.cookies.admin, survivor!, { version, status, response })).status).toBe(200);
      expect(await state(duplicate!)).toEqual({ status, response, merged_into: survivor, version: version + 1 });
      expect(await groupSees()).toMatchObject({ status, response });
    }
    const log = await db.selectFrom('audit_log').where('subject_id', '=', duplicate!).where('action', '=', 'suggestion.merged').select(['actor_id', 'detail']).execute();
    expect(log).toEqual([{ actor_id: g.admin.id, detail: { into: survivor } }]);
  });

  it('refuses merging into itself (400), a merged one or into one (409 SUGGESTION_MERGED), and board changes of a merged one', async () => {
    const g = await reflectionGroup(t);
    const [survivor, duplicate, other] = (await placeSuggestions(db, g, [{ title: 'Survivor' }, { title: 'Duplicate' }, { title: 'Other' }])).map((s) => s.id);
    const itself = await merge(g.cookies.admin, other!, other!);
    expect(itself.status).toBe(400);
    expect(blamedFields(itself)).toEqual(['intoId']);
    expect((await merge(g.cookies.admin, duplicate!, survivor!)).status).toBe(200);
    const before = await suggestionsPrint(db, g.org.id);

    for (const [from, into] of [[duplicate, other], [other, duplicate]]) {
      const res = await merge(g.cookies.admin, from!, into!, from === duplicate ? 2 : 1);
      expect(res.status, res.text).toBe(409);
      expect(res.body).toMatchObject({ code: 'SUGGESTION_MERGED', mergedInto: survivor });
    }
    const changed = await change(g.cookies.admin, duplicate!, { version: 2, status: 'done', response: 'Done separately' });
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ code: 'SUGGESTION_MERGED', mergedInto: survivor });
    const stale = await merge(g.cookies.admin, other!, survivor!, 7);
    expect(stale.body).toMatchObject({ code: 'SUGGESTION_CHANGED', version: 1 });
    expect((await merge(g.cookies.admin, other!, randomUUID())).status).toBe(404);
    expect(await suggestionsPrint(db, g.org.id)).toBe(before);

    // Merged into a survivor the board has not answered yet: still out of the group's hands.
    const groupEdit = await call(t, 'PATCH', `/api/suggestions/${duplicate}`, { cookie: g.cookies.coach, body: { version: 2, title: 'Rewritten' } });
    expect(groupEdit.body.code).toBe('SUGGESTION_TAKEN_UP');
    expect((await call(t, 'DELETE', `/api/suggestions/${duplicate}`, { cookie: g.cookies.coach })).body.code).toBe('SUGGESTION_TAKEN_UP');
    expect(await suggestionsPrint(db, g.org.id)).toBe(before);
  });

  it('moves the duplicates of a suggestion merged in turn to the new survivor, which they then follow', async () => {
    const g = await reflectionGroup(t);
    const [first, second, last] = (await placeSuggestions(db, g, [{ title: 'First' }, { title: 'Second' }, { title: 'Last' }])).map((s) => s.id);
    expect((await merge(g.cookies.admin, second!, first!)).status).toBe(200);
    const moved = await merge(g.cookies.admin, first!, last!);
    expect(moved.status, moved.text).toBe(200);
    expect(moved.body).toMatchObject({ id: last, duplicates: 2, duplicateList: [{ id: first, title: 'First' }, { id: second, title: 'Second' }] });
    expect((await detail(g.cookies.admin, first!)).body).toMatchObject({ mergedInto: last, duplicates: 0, duplicateList: [] });
    expect((await change(g.cookies.admin, last!, { version: 1, status: 'planned', response: 'All three at once' })).status).toBe(200);
    for (const id of [first, second]) expect(await state(id!)).toMatchObject({ status: 'planned', response: 'All three at once', merged_into: last });
  });

  it('keeps a duplicate following a survivor changed while it is being merged', async () => {
    const g = await reflectionGroup(t);
    for (let round = 0; round < 6; round++) {
      const [survivor, duplicate] = (await placeSuggestions(db, g, [{ title: `Survivor ${round}` }, { title: `Duplicate ${round}` }])).map((s) => s.id);
      const [merged, changed] = await Promise.all([
        merge(g.cookies.admin, duplicate!, survivor!),
        change(g.cookies.admin, survivor!, { version: 1, status: 'planned', response: `Answer ${round}` }),
      ]);
      expect([merged.status, changed.status], `${merged.text} | ${changed.text}`).toEqual([200, 200]);
      expect(await state(duplicate!), `round ${round}`).toMatchObject({ status: 'planned', response: `Answer ${round}`, merged_into: survivor });
    }
  });

  it('merges a duplicate into one survivor only when two merges of it come at once', async () => {
    const g = await reflectionGroup(t);
    for (let round = 0; round < 6; round++) {
      const [duplicate, one, two] = (await placeSuggestions(db, g, [{ title: `Twice ${round}` }, { title: `One ${round}` }, { title: `Two ${round}` }])).map((s) => s.id);
      const answers = await Promise.all([merge(g.cookies.admin, duplicate!, one!), merge(g.cookies.admin, duplicate!, two!)]);
      expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join(' | ')).toEqual([200, 409]);
      const winner = answers.find((a) => a.status === 200)!;
      expect(answers.find((a) => a.status === 409)!.body).toMatchObject({ code: 'SUGGESTION_MERGED', mergedInto: winner.body.id });
      expect((await state(duplicate!)).merged_into).toBe(winner.body.id);
      expect(await db.selectFrom('audit_log').where('subject_id', '=', duplicate!).where('action', '=', 'suggestion.merged').select('id').execute()).toHaveLength(1);
    }
  });
});

describe('suggestion owners', () => {
  it('see exactly the suggestions of their categories, their areas in any case and those assigned to them, and nothing of the rest', async () => {
    const g = await reflectionGroup(t);
    const c = await categoriesOf(db, g.org.id);
    const [office, management] = [c['Office efficiency']!, c['Management practices']!];
    const placed = await placeSuggestions(db, g, [
      { title: 'Office', categoryId: office }, { title: 'Office, someone else’s', categoryId: office, ownerId: g.coach.id },
      { title: 'Upper-case area', area: 'LOGISTICS' }, { title: 'Lower-case area', area: 'logistics', categoryId: management },
      { title: 'Assigned to Olga', categoryId: management, ownerId: g.olga.id },
      { title: 'Sales area', area: 'Sales', categoryId: management }, { title: 'Nothing of hers' },
    ]);
    const id = Object.fromEntries(placed.map((s) => [s.title, s.id]));
    const appointed = await call(t, 'PUT', `/api/admin/suggestion-owners/${g.olga.id}`, { cookie: g.cookies.admin, body: { categoryIds: [office], areas: ['Logistics'] } });
    expect(appointed.status, appointed.text).toBe(200);
    expect(appointed.body.items).toEqual([{ person: { id: g.olga.id, name: g.olga.name, email: g.olga.email }, categories: [{ id: office, name: 'Office efficiency' }], areas: ['Logistics'] }]);

    const hers = ['Assigned to Olga', 'Lower-case area', 'Office', 'Office, someone else’s', 'Upper-case area'];
    const board = await readBoard(t, g.cookies.olga);
    expect(titles(board)).toEqual(hers);
    expect(board.body.total).toBe(5);
    expect(titles(await readBoard(t, g.cookies.olga, { ownerId: 'me' }))).toEqual(['Assigned to Olga']);
    expect(titles(await readBoard(t, g.cookies.olga, { area: 'Sales' }))).toEqual([]);
    expect(titles(await readBoard(t, g.cookies.olga, { categoryId: management }))).toEqual(['Assigned to Olga', 'Lower-case area']);
    expect((await call(t, 'GET', '/api/board/access', { cookie: g.cookies.olga })).body).toEqual({ board: true, admin: false });

    // Of anyone else's she learns what she would of a suggestion that does not exist.
    const before = await suggestionsPrint(db, g.org.id);
    const attempts = (other: string, mine: string): Array<[string, string, unknown]> => [
      ['GET', `/api/board/suggestions/${other}`, undefined], ['PATCH', `/api/board/suggestions/${other}`, { version: 1, status: 'planned' }],
      ['POST', `/api/board/suggestions/${other}/comments`, { body: 'Peeking' }], ['POST', `/api/board/suggestions/${other}/merge`, { intoId: mine, version: 1 }],
      ['POST', `/api/board/suggestions/${mine}/merge`, { intoId: other, version: 1 }],
    ];
    const nothing = await Promise.all(attempts(randomUUID(), id.Office!).map(([m, p, body]) => call(t, m, p, { cookie: g.cookies.olga, body })));
    for (const other of ['Sales area', 'Nothing of hers']) {
      for (const [i, [method, path, body]] of attempts(id[other]!, id.Office!).entries()) {
        const res = await call(t, method, path, { cookie: g.cookies.olga, body });
        expect(res.status, `${method} ${path} (${other})`).toBe(404);
        expect(res.body).toEqual(nothing[i]!.body);
        expect(res.text).not.toContain(other);
      }
    }
    expect(await suggestionsPrint(db, g.org.id)).toBe(before);
    expect(await db.selectFrom('suggestion_comments').where('org_id', '=', g.org.id).select('id').execute()).toEqual([]);

    // Within her share she works as an admin does, bar assigning.
    expect((await change(g.cookies.olga, id.Office!, { version: 1, status: 'in_review' })).status).toBe(200);
    expect((await call(t, 'POST', `/api/board/suggestions/${id['Upper-case area']}/comments`, { cookie: g.cookies.olga, body: { body: 'Mine now' } })).status).toBe(201);
    expect((await merge(g.cookies.olga, id['Lower-case area']!, id['Upper-case area']!)).status).toBe(200);

    // What she owns is what the admin last said.
    await appointOwner(t, g.cookies.admin, g.olga.id, { areas: ['sales'] });
    expect(titles(await readBoard(t, g.cookies.olga))).toEqual(['Assigned to Olga', 'Sales area']);
    expect((await detail(g.cookies.olga, id.Office!)).status).toBe(404);

    const dismissed = await call(t, 'DELETE', `/api/admin/suggestion-owners/${g.olga.id}`, { cookie: g.cookies.admin });
    expect(dismissed.status, dismissed.text).toBe(204);
    // Her categories and areas go; what is still assigned to her stays hers until an admin hands it on.
    expect(titles(await readBoard(t, g.cookies.olga))).toEqual(['Assigned to Olga']);
    expect((await detail(g.cookies.olga, id['Sales area']!)).status).toBe(404);
    const handedOn = await change(g.cookies.admin, id['Assigned to Olga']!, { version: 1, ownerId: null });
    expect(handedOn.status, handedOn.text).toBe(200);
    expect((await readBoard(t, g.cookies.olga)).status).toBe(403);
    expect((await detail(g.cookies.olga, id['Assigned to Olga']!)).status).toBe(403);
    expect((await call(t, 'GET', '/api/board/access', { cookie: g.cookies.olga })).body).toEqual({ board: false, admin: false });
    expect((await call(t, 'DELETE', `/api/admin/suggestion-owners/${g.olga.id}`, { cookie: g.cookies.admin })).status).toBe(404);
    const log = await db.selectFrom('audit_log').where('subject_id', '=', g.olga.id).orderBy('at').select(['action', 'actor_id']).execute();
    expect(log).toEqual([
      { action: 'suggestion.owner_appointed', actor_id: g.admin.id }, { action: 'suggestion.owner_appointed', actor_id: g.admin.id },
      { action: 'suggestion.owner_dismissed', actor_id: g.admin.id },
    ]);
  });

  it('are appointed for known categories of the organisation or areas, active people of it, and by admins only', async () => {
    const g = await reflectionGroup(t);
    const office = (await categoriesOf(db, g.org.id))['Office efficiency']!;
    const elsewhere = await reflectionGroup(t);
    const theirCategory = (await categoriesOf(db, elsewhere.org.id))['Office efficiency']!;
    const appoint = (cookie: string, personId: string, body: unknown) => call(t, 'PUT', `/api/admin/suggestion-owners/${personId}`, { cookie, body });

    for (const categoryId of [randomUUID(), theirCategory]) expect((await appoint(g.cookies.admin, g.olga.id, { categoryIds: [categoryId], areas: [] })).status).toBe(404);
    const empty = await appoint(g.cookies.admin, g.olga.id, { categoryIds: [], areas: [] });
    expect(empty.status).toBe(400);
    expect(blamedFields(empty)).toEqual(['categoryIds']);
    for (const [areas, field] of [[['x'.repeat(201)], 'areas.0'], [['  '], 'areas.0'], [Array.from({ length: 51 }, (_, i) => `Area ${i}`), 'areas']] as const) {
      expect(blamedFields(await appoint(g.cookies.admin, g.olga.id, { categoryIds: [], areas })), field).toEqual([field]);
    }
    const gone = await buildPerson(db, { org: g.org, active: false });
    const foreign = await buildPerson(db, { org: await buildOrganisation(db) });
    for (const person of [randomUUID(), gone.id, foreign.id, elsewhere.olga.id]) {
      const res = await appoint(g.cookies.admin, person, { categoryIds: [office], areas: [] });
      expect(res.status, person).toBe(404);
      expect(res.text).not.toContain(elsewhere.olga.name);
    }
    for (const who of ['coach', 'ana', 'olga'] as const) {
      expect((await appoint(g.cookies[who], g.olga.id, { categoryIds: [office], areas: [] })).status, who).toBe(403);
      expect((await call(t, 'GET', '/api/admin/suggestion-owners', { cookie: g.cookies[who] })).status, who).toBe(403);
    }
    expect(await db.selectFrom('suggestion_owners').where('org_id', '=', g.org.id).selectAll().execute()).toEqual([]);

    // Areas are kept once each, without the spaces around them.
    const kept = await appoint(g.cookies.admin, g.olga.id, { categoryIds: [office, office], areas: [' Sales ', 'Sales', 'R&D <Lab>'] });
    expect(kept.body.items[0]).toMatchObject({ categories: [{ id: office }], areas: ['Sales', 'R&D <Lab>'] });
    for (const who of ['coach', 'ana'] as const) {
      expect((await call(t, 'DELETE', `/api/admin/suggestion-owners/${g.olga.id}`, { cookie: g.cookies[who] })).status, who).toBe(403);
    }
    expect(await db.selectFrom('suggestion_owners').where('org_id', '=', g.org.id).select('person_id').execute()).toEqual([{ person_id: g.olga.id }]);
    expect((await call(t, 'GET', '/api/board/access', { cookie: g.cookies.olga })).body.board).toBe(true);
  });
});
