// Working a suggestion on the board (issue 13): its status moves on and the group reads the
// board's response; a decline says why; every change is made against the version read, so two at
// once never lose one; only admins assign owners; internal notes stay on the board; once the board
// moved a suggestion on, the group can no longer change it; the audit log keeps who did what.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../../test/api-calls.ts';
import { startTestApp } from '../../../../test/app.ts';
import { buildOrganisation, buildPerson } from '../../../../test/factories.ts';
import {
  appointOwner, categoriesOf, readGroup, record, reflectionGroup, suggestionsPrint, type ReflectionGroup,
} from '../../../../test/suggestion-fixtures.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;

const change = (cookie: string, id: string, body: Record<string, unknown>) => call(t, 'PATCH', `/api/board/suggestions/${id}`, { cookie, body });
const detail = (cookie: string, id: string) => call(t, 'GET', `/api/board/suggestions/${id}`, { cookie });
const addNote = (cookie: string, id: string, body: string) => call(t, 'POST', `/api/board/suggestions/${id}/comments`, { cookie, body: { body } });
const stored = (id: string) => db.selectFrom('suggestions').where('id', '=', id)
  .select(['status', 'response', 'owner_id', 'version', 'first_response_at']).executeTakeFirstOrThrow();

/** A group with one suggestion filed under Office efficiency, and Olga appointed owner of that category. */
async function workedOn(title = 'Agenda a day ahead') {
  const g = await reflectionGroup(t);
  const office = (await categoriesOf(db, g.org.id))['Office efficiency']!;
  const s = await record(t, g.cookies.coach, g.session.id, { title, body: 'So that people come prepared.', categoryId: office });
  expect(s.status, s.text).toBe(201);
  await appointOwner(t, g.cookies.admin, g.olga.id, { categoryIds: [office] });
  return { g, id: s.body.id as string };
}

async function asGroupSees(g: ReflectionGroup, id: string, who: 'coach' | 'ana' | 'bernd' = 'ana') {
  const read = await readGroup(t, g.cookies[who], g.session.id);
  expect(read.status, read.text).toBe(200);
  return { item: read.body.items.find((s: { id: string }) => s.id === id), text: read.text };
}

describe('the status and the response', () => {
  it('moves new → in review → planned → done, the group reading each answer, and keeps when the board first answered', async () => {
    const { g, id } = await workedOn();
    // Assigning is not yet an answer to the group.
    const assigned = await change(g.cookies.admin, id, { version: 1, ownerId: g.olga.id });
    expect(assigned.status, assigned.text).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'new', version: 2, firstResponseAt: null, owner: { id: g.olga.id, name: g.olga.name } });

    const inReview = await change(g.cookies.olga, id, { version: 2, status: 'in_review' });
    expect(inReview.status, inReview.text).toBe(200);
    expect(inReview.body).toMatchObject({ status: 'in_review', version: 3, firstResponseAt: expect.any(String) });
    const firstAnswer = (await stored(id)).first_response_at;
    expect(inReview.body.firstResponseAt).toBe(firstAnswer!.toISOString());
    expect((await asGroupSees(g, id)).item).toMatchObject({ status: 'in_review', response: '' });

    const steps = [['planned', 'We try it in two teams in the third quarter.'], ['done', 'Agendas now go out a day ahead.']] as const;
    for (const [i, [status, response]] of steps.entries()) {
      const res = await change(g.cookies[i === 0 ? 'admin' : 'olga'], id, { version: 3 + i, status, response });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ status, response, version: 4 + i, firstResponseAt: firstAnswer!.toISOString() });
      for (const who of ['coach', 'ana', 'bernd'] as const) expect((await asGroupSees(g, id, who)).item, who).toMatchObject({ status, response });
    }
    expect(await stored(id)).toEqual({ status: 'done', response: steps[1][1], owner_id: g.olga.id, version: 5, first_response_at: firstAnswer });
    // "My sessions" reads the same outcome.
    const mine = await call(t, 'GET', '/api/me/suggestions', { cookie: g.cookies.bernd });
    expect(mine.body.items).toEqual([expect.objectContaining({ id, status: 'done', response: steps[1][1] })]);

    const log = await db.selectFrom('audit_log').where('subject_id', '=', id).orderBy('at').select(['action', 'actor_id', 'detail']).execute();
    expect(log.filter((e) => e.action === 'suggestion.status_changed').map((e) => [e.actor_id, e.detail])).toEqual([
      [g.olga.id, { from: 'new', to: 'in_review' }], [g.admin.id, { from: 'in_review', to: 'planned' }], [g.olga.id, { from: 'planned', to: 'done' }],
    ]);
    expect(log.map((e) => e.action)).toEqual([
      'suggestion.added', 'suggestion.assigned', 'suggestion.status_changed', 'suggestion.status_changed', 'suggestion.responded',
      'suggestion.status_changed', 'suggestion.responded',
    ]);
    expect(log.find((e) => e.action === 'suggestion.assigned')).toMatchObject({ actor_id: g.admin.id, detail: { owner: g.olga.id } });
  });

  it('counts a response alone as the first answer', async () => {
    const { g, id } = await workedOn();
    const answered = await change(g.cookies.olga, id, { version: 1, response: 'Thank you, we look at it next week.' });
    expect(answered.body).toMatchObject({ status: 'new', firstResponseAt: expect.any(String) });
    expect((await stored(id)).first_response_at?.toISOString()).toBe(answered.body.firstResponseAt);
  });

  it('refuses a decline without a reason (400 naming response) and takes one with a reason', async () => {
    const { g, id } = await workedOn();
    const before = await suggestionsPrint(db, g.org.id);
    for (const body of [{ status: 'declined' }, { status: 'declined', response: '   ' }, { status: 'declined', response: '' }]) {
      const res = await change(g.cookies.olga, id, { version: 1, ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(blamedFields(res)).toEqual(['response']);
    }
    expect(await suggestionsPrint(db, g.org.id)).toBe(before);

    const declined = await change(g.cookies.olga, id, { version: 1, status: 'declined', response: 'No budget this year.' });
    expect(declined.status, declined.text).toBe(200);
    expect((await asGroupSees(g, id)).item).toMatchObject({ status: 'declined', response: 'No budget this year.' });
    // Nor can the reason be taken back while it stays declined.
    const unreasoned = await change(g.cookies.admin, id, { version: 2, response: '' });
    expect(blamedFields(unreasoned)).toEqual(['response']);
    expect(await stored(id)).toMatchObject({ status: 'declined', response: 'No budget this year.', version: 2 });
  });

  it('refuses changes it cannot read, naming the field', async () => {
    const { g, id } = await workedOn();
    for (const [body, field] of [
      [{ version: 1, status: 'archived' }, 'status'], [{ version: 1, response: 'x'.repeat(4001) }, 'response'], [{ status: 'planned' }, 'version'],
      [{ version: 0, status: 'planned' }, 'version'], [{ version: 1, ownerId: 'Olga' }, 'ownerId'],
    ] as const) {
      const res = await change(g.cookies.admin, id, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(blamedFields(res), JSON.stringify(body).slice(0, 80)).toEqual([field]);
    }
    // Only a version, or a field the board does not change: nothing to do.
    expect((await change(g.cookies.admin, id, { version: 1 })).status).toBe(400);
    expect((await change(g.cookies.admin, id, { version: 1, title: 'Rewritten by the board' })).status).toBe(400);
    expect(await stored(id)).toMatchObject({ status: 'new', response: '', version: 1 });
  });
});

describe('changes against a version', () => {
  it('refuses one made against an older version with 409 naming the current one', async () => {
    const { g, id } = await workedOn();
    expect((await change(g.cookies.admin, id, { version: 1, status: 'in_review' })).status).toBe(200);
    const stale = await change(g.cookies.olga, id, { version: 1, status: 'planned', response: 'Based on what I read' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'SUGGESTION_CHANGED', version: 2 });
    expect(await stored(id)).toMatchObject({ status: 'in_review', response: '', version: 2 });
  });

  it('lets exactly one of two changes sent at once win, and the other repeated on the new version loses nothing', async () => {
    const { g, id } = await workedOn();
    let version = 1;
    for (const [round, status] of (['in_review', 'planned', 'in_review', 'done', 'planned'] as const).entries()) {
      const response = `Owner’s answer ${round}`;
      const answers = await Promise.all([change(g.cookies.admin, id, { version, status }), change(g.cookies.olga, id, { version, response })]);
      expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join(' | ')).toEqual([200, 409]);
      const winner = answers.find((a) => a.status === 200)!;
      const loser = answers.find((a) => a.status === 409)!;
      version += 1;
      expect(winner.body.version).toBe(version);
      // The refusal names the version the winner left, so the loser can load it and repeat.
      expect(loser.body).toMatchObject({ code: 'SUGGESTION_CHANGED', version });
      const repeated = loser === answers[0]
        ? await change(g.cookies.admin, id, { version, status })
        : await change(g.cookies.olga, id, { version, response });
      expect(repeated.status, repeated.text).toBe(200);
      version += 1;
      expect(await stored(id)).toMatchObject({ status, response, version });
    }
  });
});

describe('owners of a suggestion', () => {
  it('are assigned by admins only, and only people active in the organisation', async () => {
    const { g, id } = await workedOn();
    const refused = await change(g.cookies.olga, id, { version: 1, ownerId: g.olga.id });
    expect(refused.status, refused.text).toBe(403);
    expect((await change(g.cookies.olga, id, { version: 1, status: 'in_review', ownerId: null })).status).toBe(403);
    expect(await stored(id)).toMatchObject({ status: 'new', owner_id: null, version: 1 });

    const gone = await buildPerson(db, { org: g.org, active: false });
    const foreign = await buildPerson(db, { org: await buildOrganisation(db) });
    for (const ownerId of [randomUUID(), gone.id, foreign.id]) {
      const res = await change(g.cookies.admin, id, { version: 1, ownerId });
      expect(res.status, ownerId).toBe(404);
      expect(res.text).not.toContain(foreign.name);
    }
    expect(await stored(id)).toMatchObject({ owner_id: null, version: 1 });

    // Anyone active may be named, owner of a category or not.
    const bernd = await change(g.cookies.admin, id, { version: 1, ownerId: g.bernd.id });
    expect(bernd.body.owner).toEqual({ id: g.bernd.id, name: g.bernd.name });
    const none = await change(g.cookies.admin, id, { version: 2, ownerId: null });
    expect(none.body).toMatchObject({ owner: null, version: 3 });
    expect(await stored(id)).toMatchObject({ owner_id: null, version: 3 });
  });

  it('open to whoever one is assigned to, owner of a category or not: that one and nothing else', async () => {
    const { g, id } = await workedOn();
    const other = await record(t, g.cookies.coach, g.session.id, { title: 'Not assigned to Bernd' });
    // Before anything is assigned to him, Bernd has no place on the board.
    expect((await call(t, 'GET', '/api/board/access', { cookie: g.cookies.bernd })).body).toEqual({ admin: false, board: false });
    expect((await change(g.cookies.admin, id, { version: 1, ownerId: g.bernd.id })).status).toBe(200);

    expect((await call(t, 'GET', '/api/board/access', { cookie: g.cookies.bernd })).body).toEqual({ admin: false, board: true });
    const read = await detail(g.cookies.bernd, id);
    expect(read.status, read.text).toBe(200);
    expect(read.body).toMatchObject({ id, owner: { id: g.bernd.id } });
    const list = await call(t, 'GET', '/api/board/suggestions', { cookie: g.cookies.bernd });
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([id]);
    expect((await detail(g.cookies.bernd, other.body.id as string)).status).toBe(404);
    expect((await change(g.cookies.bernd, id, { version: 2, status: 'in_review', response: 'Looking into it' })).status).toBe(200);
    // Working on it is not handing it on: that stays the admins'.
    expect((await change(g.cookies.bernd, id, { version: 3, ownerId: g.ana.id })).status).toBe(403);
    expect(await stored(id)).toMatchObject({ status: 'in_review', owner_id: g.bernd.id, version: 3 });
  });
});

describe('internal notes', () => {
  it('are added by admins and owners, shown on the board with their author, and never to the group', async () => {
    const { g, id } = await workedOn();
    const first = await addNote(g.cookies.admin, id, 'Ask facilities about the printer budget');
    expect(first.status, first.text).toBe(201);
    const second = await addNote(g.cookies.olga, id, 'Facilities say: next quarter');
    expect(second.status, second.text).toBe(201);
    for (const who of ['admin', 'olga'] as const) {
      const read = await detail(g.cookies[who], id);
      expect(read.body.comments.map((c: { author: unknown; body: string }) => [c.author, c.body]), who).toEqual([
        [{ id: g.admin.id, name: g.admin.name }, 'Ask facilities about the printer budget'],
        [{ id: g.olga.id, name: g.olga.name }, 'Facilities say: next quarter'],
      ]);
      // A note is no change of the suggestion: nobody's version goes stale by it.
      expect(read.body.version).toBe(1);
    }
    expect((await change(g.cookies.admin, id, { version: 1, status: 'planned', response: 'Coming next quarter' })).status).toBe(200);

    for (const who of ['coach', 'ana', 'bernd'] as const) {
      const { item, text } = await asGroupSees(g, id, who);
      expect(item, who).toMatchObject({ status: 'planned', response: 'Coming next quarter' });
      for (const secret of ['printer budget', 'Facilities say', g.olga.name, g.admin.name]) expect(text.includes(secret), `${who} reads ${secret}`).toBe(false);
      const mine = await call(t, 'GET', '/api/me/suggestions', { cookie: g.cookies[who] });
      expect(mine.text.includes('printer budget'), who).toBe(false);
    }
    const log = await db.selectFrom('audit_log').where('subject_id', '=', id).where('action', '=', 'suggestion.commented').select('actor_id').orderBy('at').execute();
    expect(log.map((e) => e.actor_id)).toEqual([g.admin.id, g.olga.id]);
  });

  it('refuses an empty or overlong note (400 naming body), storing nothing', async () => {
    const { g, id } = await workedOn();
    for (const body of ['', '   ', 'x'.repeat(4001)]) {
      const res = await addNote(g.cookies.admin, id, body);
      expect(res.status).toBe(400);
      expect(blamedFields(res)).toEqual(['body']);
    }
    expect(await db.selectFrom('suggestion_comments').where('suggestion_id', '=', id).select('id').execute()).toEqual([]);
  });
});

describe('the group after the board', () => {
  it('can no longer change or remove a suggestion the board moved on (409 SUGGESTION_TAKEN_UP)', async () => {
    const { g, id } = await workedOn();
    expect((await change(g.cookies.olga, id, { version: 1, status: 'in_review' })).status).toBe(200);
    for (const cookie of [g.cookies.coach, g.cookies.admin]) {
      const edit = await call(t, 'PATCH', `/api/suggestions/${id}`, { cookie, body: { version: 2, title: 'Rewritten afterwards' } });
      expect(edit.status, edit.text).toBe(409);
      expect(edit.body).toMatchObject({ code: 'SUGGESTION_TAKEN_UP', status: 'in_review' });
      const removal = await call(t, 'DELETE', `/api/suggestions/${id}?version=2`, { cookie });
      expect(removal.body.code).toBe('SUGGESTION_TAKEN_UP');
    }
    expect(await db.selectFrom('suggestions').where('id', '=', id).select(['title', 'version']).executeTakeFirstOrThrow())
      .toEqual({ title: 'Agenda a day ahead', version: 2 });
  });

  it('can no longer change or remove one the board answered, even while its status is new again', async () => {
    const answered = await workedOn('Answered while new');
    const reopened = await workedOn('Declined, then new again');
    expect((await change(answered.g.cookies.olga, answered.id, { version: 1, response: 'We will look at it in March' })).status).toBe(200);
    expect((await change(reopened.g.cookies.olga, reopened.id, { version: 1, status: 'declined', response: 'Agendas are optional' })).status).toBe(200);
    expect((await change(reopened.g.cookies.olga, reopened.id, { version: 2, status: 'new' })).status).toBe(200);
    for (const { g, id } of [answered, reopened]) {
      const before = await suggestionsPrint(db, g.org.id);
      const version = (await stored(id)).version;
      const edit = await call(t, 'PATCH', `/api/suggestions/${id}`, { cookie: g.cookies.coach, body: { version, title: 'A different idea' } });
      expect(edit.status, edit.text).toBe(409);
      expect(edit.body.code).toBe('SUGGESTION_TAKEN_UP');
      expect((await call(t, 'DELETE', `/api/suggestions/${id}?version=${version}`, { cookie: g.cookies.coach })).body.code).toBe('SUGGESTION_TAKEN_UP');
      expect(await suggestionsPrint(db, g.org.id)).toBe(before);
    }
  });
});

describe('markup', () => {
  it('is kept as typed in responses and notes, on the board and for the group', async () => {
    const { g, id } = await workedOn();
    const response = '<script>alert("board")</script> & <b>bold</b> "quoted"';
    const note = '<img src=x onerror=alert(1)> <a href="javascript:void(0)">link</a>';
    expect((await change(g.cookies.olga, id, { version: 1, status: 'planned', response })).status).toBe(200);
    expect((await addNote(g.cookies.olga, id, note)).status).toBe(201);
    const read = await detail(g.cookies.admin, id);
    expect(read.headers.get('content-type')).toMatch(/^application\/json/);
    expect(read.body).toMatchObject({ response, comments: [expect.objectContaining({ body: note })] });
    expect((await asGroupSees(g, id)).item.response).toBe(response);
    expect((await stored(id)).response).toBe(response);
    expect(await db.selectFrom('suggestion_comments').where('suggestion_id', '=', id).select('body').execute()).toEqual([{ body: note }]);
  });
});
