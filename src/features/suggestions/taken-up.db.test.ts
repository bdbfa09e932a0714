// Once the board has begun on a suggestion the group no longer changes or removes it, even while
// its status is still new: an owner assigned, an internal note written, or a duplicate merged into
// it (removing that one would leave the duplicate pointing nowhere).
import { describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp } from '../../../test/app.ts';
import { record, reflectionGroup } from '../../../test/suggestion-fixtures.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;

describe('a new suggestion the board has begun on', () => {
  it.each(['an owner', 'an internal note', 'a duplicate'] as const)('is refused to the group once it has %s, and stays', async (how) => {
    const g = await reflectionGroup(t);
    const kept = await record(t, g.cookies.coach, g.session.id, { title: 'Keep the line clear' });
    const other = await record(t, g.cookies.coach, g.session.id, { title: 'Keep the line clear, again' });
    const id = kept.body.id as string;
    if (how === 'an owner') await db.updateTable('suggestions').set({ owner_id: g.admin.id }).where('id', '=', id).execute();
    if (how === 'an internal note') await db.insertInto('suggestion_comments').values({ org_id: g.org.id, suggestion_id: id, author_id: g.admin.id, body: 'Asked the plant.' }).execute();
    if (how === 'a duplicate') {
      const merged = await call(t, 'POST', `/api/board/suggestions/${other.body.id as string}/merge`, { cookie: g.cookies.admin, body: { intoId: id, version: other.body.version } });
      expect(merged.status, merged.text).toBe(200);
    }
    const { version } = await db.selectFrom('suggestions').where('id', '=', id).select('version').executeTakeFirstOrThrow();
    const changed = await call(t, 'PATCH', `/api/suggestions/${id}`, { cookie: g.cookies.coach, body: { version, title: 'Changed' } });
    expect(changed.status, changed.text).toBe(409);
    expect(changed.body.code).toBe('SUGGESTION_TAKEN_UP');
    const removed = await call(t, 'DELETE', `/api/suggestions/${id}`, { cookie: g.cookies.coach });
    expect(removed.status, removed.text).toBe(409);
    expect(removed.body.code).toBe('SUGGESTION_TAKEN_UP');
    const row = await db.selectFrom('suggestions').where('id', '=', id).select(['title', 'status']).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: 'Keep the line clear', status: 'new' });
  });
});
