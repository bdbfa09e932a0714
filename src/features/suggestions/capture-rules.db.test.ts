// Who may record and change a group's suggestions, and how: participants only where the
// organisation allows it, nobody outside the session (404, learning nothing), changes against the
// version read (no lost update), none once the board took a suggestion up, texts within limits and
// kept as typed, categories of the organisation's active list only.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../test/api-calls.ts';
import { startTestApp } from '../../../test/app.ts';
import { buildBooking, buildOrganisation, buildSession } from '../../../test/factories.ts';
import {
  readGroup, record, reflectionGroup, setSettings, startedHoursAgo, storedSuggestions, suggestionsPrint,
} from '../../../test/suggestion-fixtures.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;

const patch = (cookie: string, id: string, body: Record<string, unknown>) => call(t, 'PATCH', `/api/suggestions/${id}`, { cookie, body });
const remove = (cookie: string, id: string, version?: number) =>
  call(t, 'DELETE', `/api/suggestions/${id}${version === undefined ? '' : `?version=${version}`}`, { cookie });

describe('who may record', () => {
  it('lets participants read, and record only once the organisation allows it', async () => {
    const g = await reflectionGroup(t);
    const mine = await record(t, g.cookies.coach, g.session.id, { title: 'Coach’s note' });
    for (const who of ['ana', 'bernd'] as const) {
      const read = await readGroup(t, g.cookies[who], g.session.id);
      expect(read.status, who).toBe(200);
      expect(read.body.canRecord, who).toBe(false);
      const refused = await record(t, g.cookies[who], g.session.id, { title: `${who} tries` });
      expect(refused.status, who).toBe(403);
      expect((await patch(g.cookies[who], mine.body.id, { version: 1, title: 'Not yours yet' })).status, who).toBe(403);
      expect((await remove(g.cookies[who], mine.body.id)).status, who).toBe(403);
    }
    expect((await storedSuggestions(db, g.session.id)).map((s) => [s.title, s.version])).toEqual([['Coach’s note', 1]]);

    await setSettings(t, g.cookies.admin, { participantsAddSuggestions: true });
    expect((await readGroup(t, g.cookies.ana, g.session.id)).body.canRecord).toBe(true);
    const byAna = await record(t, g.cookies.ana, g.session.id, { title: 'Ana’s idea' });
    expect(byAna.status, byAna.text).toBe(201);
    // Marked attended counts as much as a seat held.
    expect((await record(t, g.cookies.bernd, g.session.id, { title: 'Bernds Idee' })).status).toBe(201);
    // The group's suggestions are every member's to edit, not only their typist's.
    const edited = await patch(g.cookies.bernd, byAna.body.id, { version: 1, body: 'Bernd added detail.' });
    expect(edited.status, edited.text).toBe(200);
    expect((await storedSuggestions(db, g.session.id)).map((s) => s.title)).toEqual(['Coach’s note', 'Ana’s idea', 'Bernds Idee']);
  });

  it('answers 404 to anyone outside the session, as for a suggestion that does not exist, and changes nothing', async () => {
    const g = await reflectionGroup(t);
    await setSettings(t, g.cookies.admin, { participantsAddSuggestions: true });
    const theirs = await record(t, g.cookies.coach, g.session.id, { title: 'Secret idea of session A', body: 'Only for the group' });
    // Olga never booked; Carl gave his seat back; Ana sits in another session of the organisation.
    const carlBooking = await buildBooking(db, { session: g.session });
    await db.updateTable('bookings').set({ status: 'cancelled', cancelled_at: new Date(), cancel_reason: 'employee' }).where('id', '=', carlBooking.id).execute();
    const carl = await t.cookieFor({ org_id: g.org.id, id: carlBooking.person_id });
    const other = await buildSession(db, { org: g.org, module: g.module, startsAt: startedHoursAgo(1) });
    const otherCookie = await t.cookieFor({ org_id: g.org.id, id: other.coach_id });
    const inOther = await record(t, otherCookie, other.id, { title: 'Secret idea of session B' });
    const before = await suggestionsPrint(db, g.org.id);

    const attempts = (sessionId: string, suggestionId: string): Array<[string, string, unknown]> => [
      ['GET', `/api/sessions/${sessionId}/suggestions`, undefined],
      ['POST', `/api/sessions/${sessionId}/suggestions`, { title: 'Sneaked in' }],
      ['PUT', `/api/sessions/${sessionId}/reflection`, { noSuggestions: true }],
      ['PATCH', `/api/suggestions/${suggestionId}`, { version: 1, title: 'Changed from outside' }],
      ['DELETE', `/api/suggestions/${suggestionId}`, undefined],
    ];
    const nobody = await Promise.all(attempts(randomUUID(), randomUUID()).map(([m, p, body]) => call(t, m, p, { cookie: g.cookies.olga, body })));
    for (const [who, cookie, sessionId, suggestionId] of [
      ['Olga', g.cookies.olga, g.session.id, theirs.body.id], ['Carl', carl, g.session.id, theirs.body.id],
      ['Ana', g.cookies.ana, other.id, inOther.body.id],
    ] as const) {
      for (const [i, [method, path, body]] of attempts(sessionId, suggestionId).entries()) {
        const res = await call(t, method, path, { cookie, body });
        expect(res.status, `${who} ${method} ${path}`).toBe(404);
        expect(res.body, `${who} ${method} ${path}`).toEqual(nobody[i]!.body);
        expect(res.text).not.toContain('Secret idea');
      }
    }
    expect(await suggestionsPrint(db, g.org.id)).toBe(before);
    expect((await db.selectFrom('sessions').where('id', 'in', [g.session.id, other.id]).select('no_suggestions_at').execute()).map((s) => s.no_suggestions_at))
      .toEqual([null, null]);
  });
});

describe('changing a suggestion', () => {
  it('takes a change made against the current version and refuses one made against an older one', async () => {
    const g = await reflectionGroup(t);
    const s = (await record(t, g.cookies.coach, g.session.id, { title: 'First wording' })).body;
    const first = await patch(g.cookies.coach, s.id, { version: 1, title: 'Second wording', area: 'Logistics' });
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ title: 'Second wording', area: 'Logistics', version: 2 });
    const stale = await patch(g.cookies.admin, s.id, { version: 1, title: 'Overwrites the second' });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'SUGGESTION_CHANGED', version: 2 });
    expect((await storedSuggestions(db, g.session.id))[0]).toMatchObject({ title: 'Second wording', area: 'Logistics', version: 2 });
    // Clearing the area with an empty text.
    expect((await patch(g.cookies.coach, s.id, { version: 2, area: '' })).body).toMatchObject({ area: null, version: 3 });
  });

  it('lets exactly one of two changes sent at once win, and keeps the winner’s change', async () => {
    const g = await reflectionGroup(t);
    const s = (await record(t, g.cookies.coach, g.session.id, { title: 'Race start' })).body;
    let version = 1;
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all([
        patch(g.cookies.coach, s.id, { version, title: `Coach’s round ${round}` }),
        patch(g.cookies.admin, s.id, { version, title: `Admin’s round ${round}`, body: `admin ${round}` }),
      ]);
      expect(answers.map((a) => a.status).sort(), answers.map((a) => a.text).join(' | ')).toEqual([200, 409]);
      const winner = answers.find((a) => a.status === 200)!;
      const loser = answers.find((a) => a.status === 409)!;
      version += 1;
      expect(winner.body.version).toBe(version);
      // The refusal names the version the winner left, so the loser can load it and repeat.
      expect(loser.body).toMatchObject({ code: 'SUGGESTION_CHANGED', version });
      const [stored] = await storedSuggestions(db, g.session.id);
      expect(stored).toMatchObject({ title: winner.body.title, body: winner.body.body, version });
    }
  });

  it('is refused, and so is removal, once the board took the suggestion up', async () => {
    const g = await reflectionGroup(t);
    const s = (await record(t, g.cookies.coach, g.session.id, { title: 'Taken up soon' })).body;
    await db.updateTable('suggestions').set({ status: 'in_review' }).where('id', '=', s.id).execute();
    const changed = await patch(g.cookies.coach, s.id, { version: 1, title: 'Too late' });
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ code: 'SUGGESTION_TAKEN_UP', status: 'in_review' });
    expect((await remove(g.cookies.admin, s.id, 1)).body.code).toBe('SUGGESTION_TAKEN_UP');
    expect(await storedSuggestions(db, g.session.id)).toEqual([expect.objectContaining({ title: 'Taken up soon', status: 'in_review', version: 1 })]);
  });

  it('removes it at the current version (or none given), and not at an older one', async () => {
    const g = await reflectionGroup(t);
    const s = (await record(t, g.cookies.coach, g.session.id, { title: 'To be removed' })).body;
    expect((await patch(g.cookies.coach, s.id, { version: 1, body: 'edited' })).status).toBe(200);
    const stale = await remove(g.cookies.coach, s.id, 1);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'SUGGESTION_CHANGED', version: 2 });
    expect(await storedSuggestions(db, g.session.id)).toHaveLength(1);
    const removed = await remove(g.cookies.coach, s.id, 2);
    expect(removed.status, removed.text).toBe(204);
    expect(await storedSuggestions(db, g.session.id)).toEqual([]);
    expect((await readGroup(t, g.cookies.ana, g.session.id)).body.items).toEqual([]);
    expect((await remove(g.cookies.coach, s.id)).status).toBe(404);
    // Two removals at once, without a version: one removes, the other finds nothing (and logs nothing).
    const other = (await record(t, g.cookies.coach, g.session.id, { title: 'Removed without a version' })).body;
    const both = await Promise.all([remove(g.cookies.admin, other.id), remove(g.cookies.coach, other.id)]);
    expect(both.map((r) => r.status).sort()).toEqual([204, 404]);
    expect(await storedSuggestions(db, g.session.id)).toEqual([]);
    const logged = await db.selectFrom('audit_log').where('action', '=', 'suggestion.removed').where('subject_id', '=', other.id).select('id').execute();
    expect(logged).toHaveLength(1);
  });
});

describe('what a suggestion holds', () => {
  it('refuses texts out of bounds naming the field, storing nothing, and keeps markup as typed text', async () => {
    const g = await reflectionGroup(t);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '' }, 'title'], [{ title: '   ' }, 'title'], [{ title: 'x'.repeat(201) }, 'title'], [{ body: 'no title' }, 'title'],
      [{ title: 'ok', body: 'x'.repeat(4001) }, 'body'], [{ title: 'ok', area: 'x'.repeat(201) }, 'area'],
    ];
    for (const [body, field] of cases) {
      const res = await record(t, g.cookies.coach, g.session.id, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(blamedFields(res), JSON.stringify(body).slice(0, 60)).toEqual([field]);
    }
    // Nobody can sign a suggestion either.
    const signed = await record(t, g.cookies.coach, g.session.id, { title: 'ok', author: 'Cora' });
    expect(signed.status).toBe(400);
    expect(signed.body.fields[0].message).toContain('author');
    expect(await storedSuggestions(db, g.session.id)).toEqual([]);

    const longest = await record(t, g.cookies.coach, g.session.id, { title: 't'.repeat(200), body: 'b'.repeat(4000), area: 'a'.repeat(200) });
    expect(longest.status, longest.text).toBe(201);
    for (const [change, field] of [[{ title: 'x'.repeat(201) }, 'title'], [{ body: 'x'.repeat(4001) }, 'body'], [{ area: 'x'.repeat(201) }, 'area'], [{ title: 'no version' }, 'version']] as const) {
      const res = await patch(g.cookies.coach, longest.body.id, { version: 1, ...change, ...(field === 'version' && { version: undefined }) });
      expect(res.status, field).toBe(400);
      expect(blamedFields(res)).toEqual([field]);
    }
    expect((await storedSuggestions(db, g.session.id))[0]).toMatchObject({ title: 't'.repeat(200), version: 1 });

    const script = '<script>alert(1)</script> & "quotes" <b>bold</b>';
    const typed = await record(t, g.cookies.coach, g.session.id, { title: `<img src=x onerror=alert(1)>`, body: script, area: '<i>R&D</i>' });
    expect(typed.status, typed.text).toBe(201);
    const read = (await readGroup(t, g.cookies.ana, g.session.id)).body.items.find((s: { id: string }) => s.id === typed.body.id);
    expect(read).toMatchObject({ title: '<img src=x onerror=alert(1)>', body: script, area: '<i>R&D</i>' });
    expect((await storedSuggestions(db, g.session.id))[1]).toMatchObject({ body: script });
  });

  it('takes a category of the organisation’s active list only', async () => {
    const g = await reflectionGroup(t);
    const categories = await db.selectFrom('suggestion_categories').where('org_id', '=', g.org.id).select(['id', 'name_en', 'name_de']).orderBy('position').execute();
    const [office, retired] = [categories.find((c) => c.name_en === 'Office efficiency')!, categories[0]!];
    await db.updateTable('suggestion_categories').set({ retired_at: new Date() }).where('id', '=', retired.id).execute();
    const elsewhere = await db.selectFrom('suggestion_categories').where('org_id', '=', (await buildOrganisation(db)).id).select('id').executeTakeFirstOrThrow();

    const filed = await record(t, g.cookies.coach, g.session.id, { title: 'Fewer printers', categoryId: office.id });
    expect(filed.status, filed.text).toBe(201);
    expect(filed.body.category).toEqual({ id: office.id, name: 'Office efficiency' });
    const german = (await readGroup(t, g.cookies.bernd, g.session.id)).body.items[0];
    expect(german.category).toEqual({ id: office.id, name: 'Effizienz im Büro' });

    for (const [what, categoryId] of [['retired', retired.id], ['another organisation’s', elsewhere.id], ['unknown', randomUUID()]] as const) {
      const res = await record(t, g.cookies.coach, g.session.id, { title: `Filed under ${what}`, categoryId });
      expect(res.status, what).toBe(404);
      const moved = await patch(g.cookies.coach, filed.body.id, { version: 1, categoryId });
      expect(moved.status, what).toBe(404);
    }
    expect((await storedSuggestions(db, g.session.id)).map((s) => [s.title, s.category_id, s.version])).toEqual([['Fewer printers', office.id, 1]]);
    // Filed under nothing again.
    expect((await patch(g.cookies.coach, filed.body.id, { version: 1, categoryId: null })).body).toMatchObject({ category: null, version: 2 });
  });
});
