// A coach's days away hold on every path that gives them a session — publishing (alone or as a
// series), moving, reassigning, through the API and the CLI — and are judged in the coach's profile
// zone, the one the absence was stored in: Los Angeles here, eight hours behind UTC in March.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';
import { runCli } from '../../../test/run-cli.ts';

// 10 March is a Wednesday in a year laid out like 2027, before the United States' switch to summer time.
const Y = yearLike(2027, '03-09');
const AWAY = `${Y}-03-10`;
const LA = 'America/Los_Angeles';

const t = await startTestApp({ worker: false });
const db = t.database.db;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quartet-coach-away-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function awayCoach() {
  const org = await buildOrganisation(db);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], timeZone: LA });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
  const module = await buildModule(db, { org });
  const reported = await t.request('POST', '/api/me/absences', { cookie: await t.cookieFor(coach), body: { firstDay: AWAY, lastDay: AWAY } });
  expect(reported.status).toBe(201);
  return { org, coach, admin, module, adminCookie: await t.cookieFor(admin) };
}

const virtual = (moduleId: string, startsAt: string, coachId?: string) =>
  ({ moduleId, ...(coachId && { coachId }), startsAt, timeZone: LA, format: 'virtual', onlineUrl: 'https://meet.example.test/away' });

type Refusal = { code: string; message: string; day: string; firstDay: string; lastDay: string };

describe('a coach away that day', () => {
  it('is given no session published onto it, by an admin or by themselves; the day is the coach’s own', async () => {
    const { org, coach, module, adminCookie } = await awayCoach();
    // 20:00 in Los Angeles on the day away is already the next day in UTC.
    const byAdmin = await t.request('POST', '/api/sessions', { cookie: adminCookie, body: virtual(module.id, `${AWAY}T20:00`, coach.id) });
    expect(byAdmin.status).toBe(409);
    expect(await byAdmin.json()).toMatchObject({ code: 'COACH_AWAY', day: AWAY, firstDay: AWAY, lastDay: AWAY, message: expect.stringContaining(AWAY) });

    const byCoach = await t.request('POST', '/api/sessions', { cookie: await t.cookieFor(coach), body: virtual(module.id, `${AWAY}T09:00`) });
    expect(byCoach.status).toBe(409);
    const refusal = (await byCoach.json()) as Refusal;
    expect(refusal.code).toBe('COACH_AWAY');
    expect(refusal.message).toContain('remove that absence first');

    const series = await t.request('POST', '/api/sessions/series', {
      cookie: adminCookie, body: { ...virtual(module.id, `${Y}-03-03T10:00`, coach.id), everyWeeks: 1, occurrences: 3 },
    });
    expect(series.status).toBe(409);
    const conflicts = ((await series.json()) as { conflicts: Array<{ date: string; conflicts: string[] }> }).conflicts;
    expect(conflicts.map((c) => [c.date, c.conflicts])).toEqual([[AWAY, ['COACH_AWAY']]]);
    expect(await db.selectFrom('sessions').where('org_id', '=', org.id).select('id').execute()).toEqual([]);

    // 20:00 the evening before is the day away in UTC, but not in Los Angeles: the coach is free.
    const eveningBefore = await t.request('POST', '/api/sessions', { cookie: adminCookie, body: virtual(module.id, `${Y}-03-09T20:00`, coach.id) });
    expect(eveningBefore.status).toBe(201);
  });

  it('has no session moved onto it; nothing changes', async () => {
    const { coach, module, adminCookie } = await awayCoach();
    const session = await buildSession(db, { org: { id: coach.org_id }, coach, module, timeZone: LA, startsAt: new Date(`${Y}-03-11T18:00:00Z`) });
    for (const cookie of [adminCookie, await t.cookieFor(coach)]) {
      const moved = await t.request('PATCH', `/api/sessions/${session.id}`, { cookie, body: { startsAt: `${AWAY}T10:00` } });
      expect(moved.status).toBe(409);
      expect(((await moved.json()) as Refusal).code).toBe('COACH_AWAY');
    }
    const after = await db.selectFrom('sessions').where('id', '=', session.id).select('starts_at').executeTakeFirstOrThrow();
    expect(after.starts_at).toEqual(session.starts_at);
  });

  it('is not handed a session that day, through the API or the CLI', async () => {
    const { org, coach, admin, module, adminCookie } = await awayCoach();
    const other = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const session = await buildSession(db, { org, coach: other, module, timeZone: LA, startsAt: new Date(`${AWAY}T19:00:00Z`) });

    const reassigned = await t.request('POST', `/api/sessions/${session.id}/reassign`, { cookie: adminCookie, body: { coachId: coach.id } });
    expect(reassigned.status).toBe(409);
    expect(await reassigned.json()).toMatchObject({ code: 'COACH_AWAY', day: AWAY });

    const cli = await runCli(t.database.url, tmp, ['sessions', 'reassign', '--as', admin.email, '--id', session.id, '--coach-id', coach.id]);
    expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 1, stderr: expect.stringContaining('Refused (COACH_AWAY)') });
    const after = await db.selectFrom('sessions').where('id', '=', session.id).select('coach_id').executeTakeFirstOrThrow();
    expect(after.coach_id).toBe(other.id);
  });
});
