// A cohort's programme for tests: an organisation, its admin, a module, members from departments and
// enough coaches; the API body that makes a cohort of them; the cohort made and solved.
import { expect } from 'vitest';
import { solveCohort } from '../src/features/cohorts/jobs.ts';
import { call } from './api-calls.ts';
import type { TestApp } from './app.ts';
import { REFERENCE_MONDAY } from './dates.ts';
import { buildModule, buildOrganisation, buildPerson, type PersonRow } from './factories.ts';

export type Preview = { rounds: Array<{ round: number; startsAt: string; sessionLocal: { startsAt: string }; groups: Array<{ group: number; coach: { id: string }; sessionId: string | null; people: Array<{ id: string; name: string; localStart?: string; outsideWorkingHours?: boolean }> }> }>; figures: Record<string, unknown> };

export async function cohortProgram(t: TestApp, n: number, o: { departments?: string[]; coaches?: number } = {}) {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  // Two seconds of search: enough for these sizes (the construction finds most at once).
  await db.updateTable('organisations').set({ cohort_search_seconds: 2 }).where('id', '=', org.id).execute();
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
  const module = await buildModule(db, { org, durationMinutes: 90 });
  const departments = o.departments ?? ['Sales', 'Finance'];
  const people: PersonRow[] = [];
  for (let i = 0; i < n; i++) people.push(await buildPerson(db, { org, department: departments[i % departments.length]! }));
  const coaches: PersonRow[] = [];
  for (let i = 0; i < (o.coaches ?? Math.ceil(n / 4)); i++) coaches.push(await buildPerson(db, { org, roles: ['coach', 'employee'] }));
  return { org, admin, module, people, coaches, cookie: await t.cookieFor(admin) };
}
export type Program = Awaited<ReturnType<typeof cohortProgram>>;

export function cohortBody(p: Program, rounds: number, extra: Record<string, unknown> = {}) {
  const groups = Math.ceil(p.people.length / 4);
  return {
    name: 'Leadership 2027', moduleId: p.module.id, personIds: p.people.map((x) => x.id), rounds, timeZone: 'Europe/Berlin',
    firstStartsAt: REFERENCE_MONDAY.toISOString(), everyWeeks: 1, format: 'virtual', coachIds: p.coaches.map((c) => c.id),
    onlineUrls: Array.from({ length: groups }, (_, g) => `https://meet.example.test/cohort-${g}`), seed: 7, ...extra,
  };
}

/** Makes the cohort and waits for its solve (the route waits a while; a slow machine may need more). */
export async function solvedCohort(t: TestApp, p: Program, rounds: number, extra: Record<string, unknown> = {}) {
  const res = await call(t, 'POST', '/api/cohorts', { cookie: p.cookie, body: cohortBody(p, rounds, extra) });
  expect(res.status, res.text).toBe(201);
  if (res.body.solver.status !== 'done') await solveCohort(t.ctx.db, p.org.id, res.body.id);
  const got = await call(t, 'GET', `/api/cohorts/${res.body.id}`, { cookie: p.cookie });
  expect(got.body.solver.status, got.text).toBe('done');
  return got.body as { id: string; preview: Preview; solver: { repeats: number } };
}

export const scheduleOf = (preview: Preview) => preview.rounds.map((r) => r.groups.map((g) => g.people.map((x) => x.id)));
