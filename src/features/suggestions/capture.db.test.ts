// Capturing the group's suggestions at the end of a session (issue 13): the coach records them from
// the session's start until the organisation's window after its end closes; a suggestion is the
// group's, so no answer names who typed it (the audit log does); the coach can mark "no suggestions".
// Who else may record, versions, limits and categories: capture-rules.db.test.ts, categories.db.test.ts.
import { describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildBooking, buildSession } from '../../../test/factories.ts';
import {
  readGroup, record, reflectionGroup, setSettings, startedHoursAgo, storedSuggestions,
} from '../../../test/suggestion-fixtures.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;
const DAY = 24 * 3_600_000;
const EN = 'What could our company change so that meetings end with decisions?';
const DE = 'Was könnte unser Unternehmen ändern, damit Besprechungen mit Entscheidungen enden?';

/** `days` whole days of 24 hours after the session's end, whatever the server's zone and its summer time. */
function expectDaysAfter(iso: string, end: Date, days: number) {
  expect(new Date(iso).getTime(), iso).toBe(end.getTime() + days * DAY);
}

describe('recording a suggestion', () => {
  it('takes the coach’s suggestion after the start and shows it to the group with the question, naming no author', async () => {
    const g = await reflectionGroup(t, { questionEn: EN, questionDe: DE });
    const added = await record(t, g.cookies.coach, g.session.id, { title: 'Decide before the meeting ends', body: 'Five minutes for decisions.', area: 'Sales' });
    expect(added.status, added.text).toBe(201);
    expect(added.body).toMatchObject({
      sessionId: g.session.id, title: 'Decide before the meeting ends', body: 'Five minutes for decisions.', area: 'Sales',
      category: null, status: 'new', version: 1,
    });
    // The group's suggestion, whoever typed it: an admin's reads the same.
    const byAdmin = await record(t, g.cookies.admin, g.session.id, { title: 'Agenda a day ahead' });
    expect(byAdmin.status, byAdmin.text).toBe(201);
    expect(Object.keys(byAdmin.body).sort()).toEqual(['area', 'body', 'category', 'createdAt', 'id', 'response', 'sessionId', 'status', 'takenUp', 'title', 'updatedAt', 'version']);
    expect(byAdmin.body).toMatchObject({ body: '', area: null });

    const forbidden = [g.coach.id, g.coach.name, g.coach.email, g.admin.id, g.admin.name, g.admin.email];
    for (const [who, cookie, question] of [['coach', g.cookies.coach, EN], ['Ana', g.cookies.ana, EN], ['Bernd', g.cookies.bernd, DE]] as const) {
      const read = await readGroup(t, cookie, g.session.id);
      expect(read.status, `${who}: ${read.text}`).toBe(200);
      expect(read.body.question, who).toBe(question);
      expect(read.body.items.map((s: { id: string }) => s.id), who).toEqual([added.body.id, byAdmin.body.id]);
      expect(read.body.noSuggestions).toBe(false);
      for (const item of read.body.items) expect(Object.keys(item).sort()).toEqual(Object.keys(byAdmin.body).sort());
      for (const secret of forbidden) expect(read.text.includes(secret), `${who} reads ${secret}`).toBe(false);
    }
    const times = (await readGroup(t, g.cookies.coach, g.session.id)).body;
    expect(times).toMatchObject({ opensAt: g.session.starts_at.toISOString(), canRecord: true });
    expectDaysAfter(times.closesAt, g.session.ends_at, 7);

    // Who typed which is the audit log's alone.
    const log = await call(t, 'GET', '/api/audit-log', { cookie: g.cookies.admin });
    const typists = (log.body.items as Array<{ action: string; actor: { id: string }; subject: { id: string } }>)
      .filter((e) => e.action === 'suggestion.added').map((e) => [e.subject.id, e.actor.id]).sort();
    expect(typists).toEqual([[added.body.id, g.coach.id], [byAdmin.body.id, g.admin.id]].sort());
  });

  it('asks the question in the reader’s language, or in the other one where the module has only that', async () => {
    const g = await reflectionGroup(t, { questionEn: EN, questionDe: '' });
    expect((await readGroup(t, g.cookies.bernd, g.session.id)).body.question).toBe(EN);
    await db.updateTable('modules').set({ reflection_question_en: '  ', reflection_question_de: DE }).where('id', '=', g.module.id).execute();
    expect((await readGroup(t, g.cookies.ana, g.session.id)).body.question).toBe(DE);
    await db.updateTable('modules').set({ reflection_question_en: '', reflection_question_de: '' }).where('id', '=', g.module.id).execute();
    expect((await readGroup(t, g.cookies.ana, g.session.id)).body.question).toBe('');
  });
});

describe('the window', () => {
  it('opens at the start and closes the organisation’s window of days after the end, and a cancelled session takes none', async () => {
    const g = await reflectionGroup(t);
    const sessionAt = async (startsAt: Date) => {
      const s = await buildSession(db, { org: g.org, module: g.module, startsAt });
      return { s, cookie: await t.cookieFor({ org_id: g.org.id, id: s.coach_id }) };
    };
    const refused = async (s: { id: string }, cookie: string, code: string) => {
      const res = await record(t, cookie, s.id, { title: 'Too early or too late' });
      expect(res.status, res.text).toBe(409);
      expect(res.body.code).toBe(code);
      expect(await storedSuggestions(db, s.id)).toEqual([]);
      return res.body;
    };

    const ahead = await sessionAt(hoursAfterReference(24));
    expect((await refused(ahead.s, ahead.cookie, 'SUGGESTIONS_NOT_OPEN')).opensAt).toBe(ahead.s.starts_at.toISOString());
    expect((await readGroup(t, ahead.cookie, ahead.s.id)).body.canRecord).toBe(false);
    // Also for one just about to begin: the start, not the day, opens it.
    const soon = await sessionAt(new Date(Date.now() + 10 * 60_000));
    await refused(soon.s, soon.cookie, 'SUGGESTIONS_NOT_OPEN');

    // Ended eight days ago: past the default week.
    const lastWeek = await sessionAt(new Date(Date.now() - 8 * DAY - 2 * 3_600_000));
    const closed = await refused(lastWeek.s, lastWeek.cookie, 'SUGGESTIONS_CLOSED');
    expectDaysAfter(closed.closedAt, lastWeek.s.ends_at, 7);
    expect((await call(t, 'PUT', `/api/sessions/${lastWeek.s.id}/reflection`, { cookie: lastWeek.cookie, body: { noSuggestions: true } })).body.code)
      .toBe('SUGGESTIONS_CLOSED');
    // A month's window takes it in.
    await setSettings(t, g.cookies.admin, { suggestionWindowDays: 30 });
    expect((await record(t, lastWeek.cookie, lastWeek.s.id, { title: 'Late but welcome' })).status).toBe(201);
    expect((await readGroup(t, lastWeek.cookie, lastWeek.s.id)).body.canRecord).toBe(true);

    // Ended an hour ago: open in the default week, closed with no days after the end.
    const justOver = await sessionAt(startedHoursAgo(2.5));
    expect((await record(t, justOver.cookie, justOver.s.id, { title: 'Right after' })).status).toBe(201);
    await setSettings(t, g.cookies.admin, { suggestionWindowDays: 0 });
    const before = await storedSuggestions(db, justOver.s.id);
    expect((await record(t, justOver.cookie, justOver.s.id, { title: 'A day too late' })).body.code).toBe('SUGGESTIONS_CLOSED');
    expect(await storedSuggestions(db, justOver.s.id)).toEqual(before);
    expect((await readGroup(t, justOver.cookie, justOver.s.id)).body.canRecord).toBe(false);
    // One under way is open all the same: the window counts from the end.
    const underway = await sessionAt(startedHoursAgo(0.5));
    expect((await record(t, underway.cookie, underway.s.id, { title: 'While it runs' })).status).toBe(201);

    const cancelled = await sessionAt(startedHoursAgo(5));
    await buildBooking(db, { session: cancelled.s });
    await db.updateTable('sessions').set({ status: 'cancelled', cancelled_at: new Date(), cancel_reason: 'Coach ill' }).where('id', '=', cancelled.s.id).execute();
    await setSettings(t, g.cookies.admin, { suggestionWindowDays: 7 });
    await refused(cancelled.s, cancelled.cookie, 'SESSION_CANCELLED');
    await refused(cancelled.s, g.cookies.admin, 'SESSION_CANCELLED');
    expect((await readGroup(t, cancelled.cookie, cancelled.s.id)).body.canRecord).toBe(false);
  });
});

describe('"no suggestions"', () => {
  it('is the coach’s mark, refused while suggestions exist and cleared by the next suggestion', async () => {
    const g = await reflectionGroup(t);
    const mark = (cookie: string, noSuggestions: boolean) =>
      call(t, 'PUT', `/api/sessions/${g.session.id}/reflection`, { cookie, body: { noSuggestions } });
    const markedAt = async () => (await db.selectFrom('sessions').where('id', '=', g.session.id).select('no_suggestions_at').executeTakeFirstOrThrow()).no_suggestions_at;

    // Participants may read but not mark, even where they may record; outsiders learn nothing.
    expect((await mark(g.cookies.ana, true)).status).toBe(403);
    await setSettings(t, g.cookies.admin, { participantsAddSuggestions: true });
    expect((await mark(g.cookies.bernd, true)).status).toBe(403);
    expect((await mark(g.cookies.olga, true)).status).toBe(404);
    expect(await markedAt()).toBeNull();

    const marked = await mark(g.cookies.coach, true);
    expect(marked.status, marked.text).toBe(200);
    expect(marked.body).toEqual({ sessionId: g.session.id, noSuggestions: true });
    expect(await markedAt()).toBeInstanceOf(Date);
    expect((await readGroup(t, g.cookies.ana, g.session.id)).body).toMatchObject({ noSuggestions: true, items: [] });

    // The group thought of something after all: the mark goes.
    const added = await record(t, g.cookies.ana, g.session.id, { title: 'One idea after all' });
    expect(added.status, added.text).toBe(201);
    expect((await readGroup(t, g.cookies.coach, g.session.id)).body.noSuggestions).toBe(false);
    expect(await markedAt()).toBeNull();

    const again = await mark(g.cookies.coach, true);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'SESSION_HAS_SUGGESTIONS', suggestions: 1, message: 'The group has 1 suggestion recorded; remove it first.' });
    expect(await markedAt()).toBeNull();

    expect((await call(t, 'DELETE', `/api/suggestions/${added.body.id}`, { cookie: g.cookies.coach })).status).toBe(204);
    expect((await mark(g.cookies.admin, true)).status).toBe(200);
    expect((await mark(g.cookies.coach, false)).body).toEqual({ sessionId: g.session.id, noSuggestions: false });
    expect(await markedAt()).toBeNull();
  });
});
