// A session whose group's suggestions can be recorded now, and the people around it, for the
// suggestion tests (src/features/suggestions/*.db.test.ts).
import { sql } from 'kysely';
import type { Db } from '../src/db/pool.ts';
import type { SuggestionStatus } from '../src/db/schema.ts';
import { call, type ApiAnswer } from './api-calls.ts';
import type { TestApp } from './app.ts';
import { PAST_MONDAY } from './dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession } from './factories.ts';

const HOUR = 3_600_000;

/**
 * A start `hours` before the real clock. Suggestions open at the session's start and close the
 * window after its end, both compared with the database's clock (now()): a fixed date from
 * test/dates.ts cannot say "has started, and not long ago".
 */
export const startedHoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR);

/**
 * An organisation with a module asking its question, a session that began two hours ago (its own
 * coach), an admin, Ana (English, holding a seat), Bernd (German, marked attended) and Olga, of the
 * same organisation but not in the session; each with a cookie.
 */
export async function reflectionGroup(t: TestApp, o: { questionEn?: string; questionDe?: string } = {}) {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const module = await buildModule(db, { org });
  await db.updateTable('modules').set({ reflection_question_en: o.questionEn ?? '', reflection_question_de: o.questionDe ?? '' })
    .where('id', '=', module.id).execute();
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: `Cora Coach ${org.slug}` });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: `Adam Admin ${org.slug}` });
  const ana = await buildPerson(db, { org, locale: 'en', name: `Ana Anders ${org.slug}` });
  const bernd = await buildPerson(db, { org, locale: 'de', name: `Bernd Berger ${org.slug}` });
  const olga = await buildPerson(db, { org, name: `Olga Outside ${org.slug}` });
  const session = await buildSession(db, { org, coach, module, startsAt: startedHoursAgo(2) });
  await buildBooking(db, { session, person: ana });
  const berndBooking = await buildBooking(db, { session, person: bernd });
  await db.updateTable('bookings').set({ status: 'attended', attendance_marked_at: new Date(), attendance_marked_by: coach.id })
    .where('id', '=', berndBooking.id).execute();
  const cookies = {
    coach: await t.cookieFor(coach), admin: await t.cookieFor(admin), ana: await t.cookieFor(ana),
    bernd: await t.cookieFor(bernd), olga: await t.cookieFor(olga),
  };
  return { org, module, coach, admin, ana, bernd, olga, session, cookies };
}
export type ReflectionGroup = Awaited<ReturnType<typeof reflectionGroup>>;

/** Records a suggestion for the session through the API. */
export function record(t: TestApp, cookie: string, sessionId: string, body: Record<string, unknown>): Promise<ApiAnswer> {
  return call(t, 'POST', `/api/sessions/${sessionId}/suggestions`, { cookie, body });
}

/** The session's suggestions as the reader sees them. */
export function readGroup(t: TestApp, cookie: string, sessionId: string): Promise<ApiAnswer> {
  return call(t, 'GET', `/api/sessions/${sessionId}/suggestions`, { cookie });
}

/** The session's suggestions as stored, oldest first. */
export async function storedSuggestions(db: Db, sessionId: string) {
  return db.selectFrom('suggestions').where('session_id', '=', sessionId)
    .select(['id', 'title', 'body', 'area', 'category_id', 'status', 'version']).orderBy('created_at').orderBy('id').execute();
}

/** Every suggestion of the organisation, as text: a refused request must leave it as it was. */
export async function suggestionsPrint(db: Db, orgId: string): Promise<string> {
  const { rows } = await sql<{ print: string }>`
    select coalesce(string_agg(s::text, E'\n' order by s.id), '') as print from suggestions s where s.org_id = ${orgId}`.execute(db);
  return rows[0]!.print;
}

/** Lets the organisation's admin change its program settings. */
export async function setSettings(t: TestApp, adminCookie: string, body: Record<string, unknown>): Promise<void> {
  const res = await call(t, 'PATCH', '/api/settings', { cookie: adminCookie, body });
  if (res.status !== 200) throw new Error(`PATCH /api/settings ${JSON.stringify(body)}: ${res.status} ${res.text}`);
}

/** The organisation's categories (the four defaults and any added), by English name. */
export async function categoriesOf(db: Db, orgId: string): Promise<Record<string, string>> {
  const rows = await db.selectFrom('suggestion_categories').where('org_id', '=', orgId).select(['id', 'name_en']).execute();
  return Object.fromEntries(rows.map((c) => [c.name_en, c.id]));
}

export interface Placed {
  title?: string; body?: string; area?: string | null; categoryId?: string | null; status?: SuggestionStatus; response?: string;
  ownerId?: string | null; createdAt?: Date; updatedAt?: Date; session?: { id: string; module_id: string };
}

/**
 * Suggestions put straight into the database, as the board finds them: the API stamps created_at
 * and updated_at with the clock, and the board's date filters and sort orders need them chosen.
 */
export async function placeSuggestions(db: Db, g: { org: { id: string }; session: { id: string; module_id: string } }, rows: Placed[]) {
  return db.insertInto('suggestions').values(rows.map((o, i) => {
    const session = o.session ?? g.session;
    // A second apart, in the order given, where the test does not care when.
    const createdAt = o.createdAt ?? new Date(PAST_MONDAY.getTime() + i * 1000);
    return {
      org_id: g.org.id, session_id: session.id, module_id: session.module_id, title: o.title ?? `Placed suggestion ${i + 1}`, body: o.body ?? '',
      area: o.area ?? null, category_id: o.categoryId ?? null, status: o.status ?? 'new', response: o.response ?? '', owner_id: o.ownerId ?? null,
      created_at: createdAt, updated_at: o.updatedAt ?? createdAt,
    };
  })).returning(['id', 'title']).execute();
}

/** The board's list as the reader sees it, with a query of filters. */
export function readBoard(t: TestApp, cookie: string, query: Record<string, string> = {}): Promise<ApiAnswer> {
  return call(t, 'GET', `/api/board/suggestions?${new URLSearchParams(query).toString()}`, { cookie });
}

/** Appoints a suggestion owner (as the admin whose cookie it is) and fails the test if refused. */
export async function appointOwner(t: TestApp, adminCookie: string, personId: string, body: { categoryIds?: string[]; areas?: string[] }): Promise<void> {
  const res = await call(t, 'PUT', `/api/admin/suggestion-owners/${personId}`, { cookie: adminCookie, body: { categoryIds: [], areas: [], ...body } });
  if (res.status !== 200) throw new Error(`PUT /api/admin/suggestion-owners/${personId}: ${res.status} ${res.text}`);
}
