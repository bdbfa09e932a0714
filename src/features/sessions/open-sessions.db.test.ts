// GET /api/sessions: what an employee may book, soonest first, narrowed by every filter the page
// offers, a page at a time.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterReference, PAST_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession } from '../../../test/factories.ts';

const HOUR = 3_600_000;
const inHours = hoursAfterReference;

let t: TestApp;
let cookie: string;
const ids: Record<string, string> = {};
let moduleA: string;

beforeAll(async () => {
  t = await startTestApp();
  const db = t.database.db;
  const org = await buildOrganisation(db);
  cookie = await t.cookieFor(await buildPerson(db, { org }));
  const a = await buildModule(db, { org });
  const b = await buildModule(db, { org });
  moduleA = a.id;
  const hamburg = await buildRoom(db, { org, site: 'Hamburg' });
  const munich = await buildRoom(db, { org, site: 'Munich' });
  // Made out of order, so that the order of the answer is the list's own.
  ids.later = (await buildSession(db, { org, module: b, startsAt: inHours(240), language: 'de' })).id;
  ids.full = (await buildSession(db, { org, module: a, room: munich, startsAt: inHours(72), language: 'de', capacity: 1 })).id;
  ids.oneTaken = (await buildSession(db, { org, module: a, startsAt: inHours(48) })).id;
  ids.first = (await buildSession(db, { org, module: b, room: hamburg, startsAt: inHours(24) })).id;
  await buildBooking(db, { session: { id: ids.full, org_id: org.id } });
  await buildBooking(db, { session: { id: ids.oneTaken, org_id: org.id } });
  // Neither is open: one cancelled, one begun.
  const cancelled = await buildSession(db, { org, module: a, startsAt: inHours(36) });
  await db.updateTable('sessions').set({ status: 'cancelled', cancelled_at: PAST_MONDAY }).where('id', '=', cancelled.id).execute();
  // Begun half an hour ago by the product's own clock: the edge of "still to begin" follows the real time.
  await buildSession(db, { org, module: a, startsAt: new Date(Date.now() - 0.5 * HOUR) });
});

const names = (items: Array<{ id: string }>) => items.map((s) => Object.keys(ids).find((k) => ids[k] === s.id) ?? `unknown ${s.id}`);

async function list(query = '') {
  const res = await t.request('GET', `/api/sessions${query}`, { cookie });
  expect(res.status, query).toBe(200);
  return (await res.json()) as { items: Array<{ id: string; seatsLeft: number; startsAt: string }>; nextCursor: string | null };
}

describe('the open sessions', () => {
  it('are the scheduled ones still to begin, soonest first, each with its seats left', async () => {
    const page = await list();
    expect(names(page.items)).toEqual(['first', 'oneTaken', 'full', 'later']);
    expect(page.items.map((s) => s.seatsLeft)).toEqual([4, 3, 0, 4]);
    expect(page.nextCursor).toBeNull();
  });

  it('narrow to a range of start times: from inclusive, to exclusive', async () => {
    expect(names((await list(`?from=${encodeURIComponent(inHours(60).toISOString())}`)).items)).toEqual(['full', 'later']);
    expect(names((await list(`?to=${encodeURIComponent(inHours(60).toISOString())}`)).items)).toEqual(['first', 'oneTaken']);
    const page = await list(`?from=${encodeURIComponent(inHours(30).toISOString())}&to=${encodeURIComponent(inHours(100).toISOString())}`);
    expect(names(page.items)).toEqual(['oneTaken', 'full']);
    const start = (await list()).items.find((s) => s.id === ids.full)!.startsAt;
    expect(names((await list(`?from=${encodeURIComponent(start)}&to=${encodeURIComponent(start)}`)).items)).toEqual([]);
    expect(names((await list(`?from=${encodeURIComponent(start)}`)).items)).toEqual(['full', 'later']);
  });

  it('narrow to a module, a language, a format, a site, or sessions with a seat left', async () => {
    expect(names((await list(`?moduleId=${moduleA}`)).items)).toEqual(['oneTaken', 'full']);
    expect(names((await list('?language=de')).items)).toEqual(['full', 'later']);
    expect(names((await list('?format=in_person')).items)).toEqual(['first', 'full']);
    expect(names((await list('?format=virtual')).items)).toEqual(['oneTaken', 'later']);
    expect(names((await list('?site=Munich')).items)).toEqual(['full']);
    expect(names((await list('?available=true')).items)).toEqual(['first', 'oneTaken', 'later']);
    expect(names((await list('?available=false')).items)).toEqual(['first', 'oneTaken', 'full', 'later']);
  });

  it('combine filters', async () => {
    expect(names((await list(`?moduleId=${moduleA}&available=true`)).items)).toEqual(['oneTaken']);
    expect(names((await list('?language=de&format=virtual')).items)).toEqual(['later']);
    expect(names((await list('?site=Hamburg&language=de')).items)).toEqual([]);
  });

  it('come a page at a time, the cursor leading on without repeats or gaps', async () => {
    const first = await list('?limit=3');
    expect(names(first.items)).toEqual(['first', 'oneTaken', 'full']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(`?limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(names(second.items)).toEqual(['later']);
    expect(second.nextCursor).toBeNull();
    const filtered = await list(`?limit=1&available=true&cursor=${encodeURIComponent((await list('?limit=1&available=true')).nextCursor!)}`);
    expect(names(filtered.items)).toEqual(['oneTaken']);
  });

  it('refuse a filter they do not know, or a value out of its range, naming it', async () => {
    for (const [query, field] of [['?format=online', 'format'], ['?language=fr', 'language'], ['?from=tomorrow', 'from'], ['?limit=0', 'limit'], ['?colour=red', '']] as const) {
      const res = await t.request('GET', `/api/sessions${query}`, { cookie });
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { code: string; fields: Array<{ field: string }> };
      expect(body.code).toBe('VALIDATION_FAILED');
      if (field) expect(body.fields.map((f) => f.field), query).toContain(`querystring.${field}`);
    }
  });
});
