// An employee's own calendar against real calendar servers on 127.0.0.1: saved encrypted, fetched
// and read as busy times (the weekly meeting across the clock change, its exceptions, an all-day
// event), kept for an hour, removed; and every refusal of the fetch — a private address in
// production mode, too large, too slow, not a calendar, redirects to where it may not go.
import { statSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildPerson } from '../../../test/factories.ts';
import { calendar, icsTime, springBusy, springCalendar, startIcsServer, vevent, type IcsServer } from '../../../test/ics-server.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { fetchIcs, FETCH_LIMITS, type FetchLimits } from './fetch-ics.ts';
import { connectCalendar, type CalendarDeps } from './service.ts';
import { calendarBusy } from './views.ts';

const HOUR = 3_600_000;
let t: TestApp;
let ics: IcsServer;
beforeAll(async () => {
  t = await startTestApp();
  ics = await startIcsServer();
});

async function employee(timeZone = 'Europe/Berlin') {
  const person = await buildPerson(t.database.db, { roles: ['employee'], timeZone });
  return { person, cookie: await t.cookieFor(person) };
}

/** A weekly hour from tomorrow on, in UTC: what the real clock's next weeks look like. */
function weeklyFromTomorrow(uid: string, hourOffset = 0) {
  const start = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 24 * HOUR + hourOffset * HOUR);
  const ics = calendar(vevent(`UID:${uid}`, `DTSTART:${icsTime(start)}`, `DTEND:${icsTime(new Date(start.getTime() + HOUR))}`, 'RRULE:FREQ=WEEKLY;COUNT=3'));
  const busy = [0, 1, 2].map((w) => ({
    startsAt: new Date(start.getTime() + w * 7 * 24 * HOUR).toISOString(),
    endsAt: new Date(start.getTime() + w * 7 * 24 * HOUR + HOUR).toISOString(),
  }));
  return { ics, busy };
}

describe('a calendar fetched from a real server', () => {
  it('reads the weekly meeting across the switch to summer time, its moved, deleted and cancelled occurrences and an all-day event as busy times', async () => {
    const { person } = await employee('America/New_York');
    const secret = `/spring-${randomBytes(8).toString('hex')}.ics`;
    ics.serve(secret, { ics: springCalendar(REFERENCE_MONDAY.getUTCFullYear()) });
    const actor: Actor = { orgId: person.org_id, personId: person.id, roles: ['employee'], timeZone: 'America/New_York', locale: 'en' };
    const now = new Date(REFERENCE_MONDAY.getTime() - HOUR);
    const deps: CalendarDeps = { key: randomBytes(32), limits: { ...FETCH_LIMITS, policy: { allowLoopback: true } }, now: () => now };
    await connectCalendar(t.ctx.db, actor, deps, `${ics.origin}${secret}`);
    const read = await inOrg(t.ctx.db, person.org_id, (tx) => calendarBusy(tx, actor, now));
    expect(read.calendar).toEqual({ connected: true, host: '127.0.0.1', fetchedAt: now.toISOString(), error: null });
    expect(read.intervals).toEqual(springBusy(REFERENCE_MONDAY.getUTCFullYear()));
    // Nothing of the calendar but busy times is stored; an hour on, the cache reads as empty.
    const later = new Date(now.getTime() + 61 * 60_000);
    expect((await inOrg(t.ctx.db, person.org_id, (tx) => calendarBusy(tx, actor, later))).intervals).toEqual([]);
  });

  it('is connected, read, kept for an hour, fetched again when stale, and removed, through the API', async () => {
    const { person, cookie } = await employee();
    const secret = `/cal-${randomBytes(8).toString('hex')}.ics`;
    const first = weeklyFromTomorrow('first@test');
    ics.serve(secret, { ics: first.ics });
    const saved = await call(t, 'PUT', '/api/me/calendar-overlay', { cookie, body: { url: `${ics.origin}${secret}` } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ connected: true, host: '127.0.0.1', error: null });
    expect(saved.text).not.toContain(secret);
    expect(Date.parse(saved.body.fetchedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(ics.requests(secret)).toBe(1);

    const busy = await call(t, 'GET', '/api/me/calendar-overlay/busy', { cookie });
    expect(busy.status, busy.text).toBe(200);
    expect(busy.body.intervals).toEqual(first.busy);
    expect(ics.requests(secret)).toBe(1);

    // The calendar changes; within the hour the cache answers, after it the server again.
    const second = weeklyFromTomorrow('second@test', 3);
    ics.serve(secret, { ics: second.ics });
    expect((await call(t, 'GET', '/api/me/calendar-overlay/busy', { cookie })).body.intervals).toEqual(first.busy);
    await t.database.db.updateTable('calendar_connections').set({ busy_expires_at: new Date(Date.now() - 1000) }).where('person_id', '=', person.id).execute();
    expect((await call(t, 'GET', '/api/me/calendar-overlay/busy', { cookie })).body.intervals).toEqual(second.busy);
    expect(ics.requests(secret)).toBe(2);

    const removed = await call(t, 'DELETE', '/api/me/calendar-overlay', { cookie });
    expect(removed.status).toBe(204);
    expect(await call(t, 'GET', '/api/me/calendar-overlay', { cookie }).then((r) => r.body)).toEqual({ connected: false, host: null, fetchedAt: null, error: null });
    const left = await t.database.db.selectFrom('calendar_busy_intervals').where('person_id', '=', person.id).select('starts_at').execute();
    expect(left).toEqual([]);
    expect((await call(t, 'DELETE', '/api/me/calendar-overlay', { cookie })).status).toBe(404);
  });

  it('keeps the address only encrypted, under a key outside the database', async () => {
    const { person, cookie } = await employee();
    const token = randomBytes(12).toString('hex');
    const secret = `/private/${token}/basic.ics`;
    ics.serve(secret, { ics: weeklyFromTomorrow('enc@test').ics });
    expect((await call(t, 'PUT', '/api/me/calendar-overlay', { cookie, body: { url: `${ics.origin}${secret}` } })).status).toBe(200);
    const row = await sql<{ row: string; sealed: Buffer }>`select row_to_json(c)::text as row, address_sealed as sealed from calendar_connections c where person_id = ${person.id}`.execute(t.database.db);
    expect(row.rows).toHaveLength(1);
    const { row: text, sealed } = row.rows[0]!;
    expect(text).not.toContain(token);
    expect(sealed.includes(Buffer.from(token))).toBe(false);
    expect(sealed.includes(Buffer.from(secret))).toBe(false);
    // Saving the same address again seals it anew (a fresh IV): equal addresses do not show as equal.
    expect((await call(t, 'PUT', '/api/me/calendar-overlay', { cookie, body: { url: `${ics.origin}${secret}` } })).status).toBe(200);
    const again = await t.database.db.selectFrom('calendar_connections').where('person_id', '=', person.id).select('address_sealed').executeTakeFirstOrThrow();
    expect(again.address_sealed.equals(sealed)).toBe(false);
    const keyFile = statSync(path.join(t.ctx.config.dataDir, 'calendar-address.key'));
    expect(keyFile.mode & 0o777).toBe(0o600);
  });

  it('shows a failed fetch, keeps nothing from it, and does not try again at once', async () => {
    const { cookie } = await employee();
    const page = `/login-${randomBytes(6).toString('hex')}`;
    ics.serve(page, { body: '<html><body>Please sign in</body></html>' });
    const saved = await call(t, 'PUT', '/api/me/calendar-overlay', { cookie, body: { url: `${ics.origin}${page}` } });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ connected: true, error: 'not_calendar' });
    const busy = await call(t, 'GET', '/api/me/calendar-overlay/busy', { cookie });
    expect(busy.body).toMatchObject({ calendar: { error: 'not_calendar' }, intervals: [] });
    expect(ics.requests(page)).toBe(1);
  });

  it('says a calendar whose rule never comes round is too complex, and keeps answering other requests meanwhile', async () => {
    const { cookie } = await employee();
    const other = await employee();
    const page = `/never-${randomBytes(6).toString('hex')}.ics`;
    // 31 February: ical.js looks for it without end.
    ics.serve(page, { ics: calendar(vevent('UID:never@test', 'DTSTART:20270101T090000Z', 'DTEND:20270101T100000Z', 'RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31')) });
    const saving = call(t, 'PUT', '/api/me/calendar-overlay', { cookie, body: { url: `${ics.origin}${page}` } });
    expect((await call(t, 'GET', '/api/me/calendar-overlay', { cookie: other.cookie })).status).toBe(200);
    const saved = await saving;
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({ connected: true, error: 'too_complex' });
    expect((await call(t, 'GET', '/api/me/calendar-overlay/busy', { cookie })).body).toMatchObject({ calendar: { error: 'too_complex' }, intervals: [] });
  });

  it('fetches at most 20 addresses an hour for one person: each save is a request to whatever address they type', async () => {
    const { cookie } = await employee();
    const other = await employee();
    const page = `/often-${randomBytes(6).toString('hex')}.ics`;
    // Not a calendar, so each save is a fetch and no reading.
    ics.serve(page, { body: 'Not found, try another address' });
    for (let i = 0; i < 20; i++) {
      const saved = await call(t, 'PUT', '/api/me/calendar-overlay', { cookie, body: { url: `${ics.origin}${page}?try=${i}` } });
      expect(saved.status, saved.text).toBe(200);
    }
    const refused = await call(t, 'PUT', '/api/me/calendar-overlay', { cookie, body: { url: `${ics.origin}${page}?try=20` } });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(ics.requests(page)).toBe(20);
    // Another person's limit is their own.
    expect((await call(t, 'PUT', '/api/me/calendar-overlay', { cookie: other.cookie, body: { url: `${ics.origin}${page}` } })).status).toBe(200);
  });

  it('refuses an address that is no https address, and changes nothing', async () => {
    const { person, cookie } = await employee();
    for (const url of ['ftp://calendar.example.com/a.ics', 'not an address', 'https://user:pw@calendar.example.com/a.ics']) {
      const refused = await call(t, 'PUT', '/api/me/calendar-overlay', { cookie, body: { url } });
      expect(refused.status, url).toBe(400);
      expect(blamedFields(refused)).toEqual(['url']);
    }
    expect(await t.database.db.selectFrom('calendar_connections').where('person_id', '=', person.id).select('person_id').execute()).toEqual([]);
  });
});

describe('who may use it', () => {
  it('is the person signed in themselves: an integration token with every scope is refused', async () => {
    const admin = await buildPerson(t.database.db, { roles: ['admin', 'employee'] });
    const token = `qt_${newSecret()}`;
    await t.database.db.insertInto('api_tokens').values({ org_id: admin.org_id, name: 'all scopes', scopes: ['read', 'sessions', 'people:import'], token_hash: hashSecret(token), created_by: admin.id }).execute();
    const headers = { authorization: `Bearer ${token}` };
    for (const [method, route] of [['GET', '/api/me/calendar-overlay'], ['GET', '/api/me/calendar-overlay/busy'], ['DELETE', '/api/me/calendar-overlay']] as const) {
      expect((await call(t, method, route, { headers })).status, `${method} ${route}`).toBe(403);
    }
    expect((await call(t, 'PUT', '/api/me/calendar-overlay', { headers, body: { url: `${ics.origin}/never.ics` } })).status).toBe(403);
    expect(ics.requests('/never.ics')).toBe(0);
    expect((await call(t, 'GET', '/api/me/calendar-overlay/busy')).status).toBe(401);
  });
});

describe('in production mode (no loopback)', () => {
  it('refuses private, loopback and link-local addresses at saving, before any request is made', async () => {
    const production = await startTestApp({ env: { CALENDARS_ALLOW_LOOPBACK: 'false' }, worker: false });
    const person = await buildPerson(production.database.db, { roles: ['employee'] });
    const cookie = await production.cookieFor(person);
    const port = new URL(ics.origin).port;
    ics.serve('/production.ics', { ics: weeklyFromTomorrow('prod@test').ics });
    for (const url of [
      `${ics.origin}/production.ics`, `https://127.0.0.1:${port}/production.ics`, `https://localhost:${port}/production.ics`,
      `https://[::ffff:127.0.0.1]:${port}/production.ics`, `https://[::127.0.0.1]:${port}/production.ics`, 'https://10.1.2.3/calendar.ics', 'https://169.254.169.254/latest/meta-data',
      'webcal://192.168.0.10/calendar.ics',
    ]) {
      const refused = await call(production, 'PUT', '/api/me/calendar-overlay', { cookie, body: { url } });
      expect(refused.status, `${url}: ${refused.text}`).toBe(400);
      expect(blamedFields(refused)).toEqual(['url']);
    }
    expect(ics.requests('/production.ics')).toBe(0);
    expect(await production.database.db.selectFrom('calendar_connections').select('person_id').execute()).toEqual([]);
  });

  it('refuses a public name that resolves to loopback when it is fetched (DNS rebinding)', async () => {
    ics.serve('/rebound.ics', { ics: weeklyFromTomorrow('rebound@test').ics });
    const port = new URL(ics.origin).port;
    const limits: FetchLimits = { ...FETCH_LIMITS, policy: { allowLoopback: false }, resolve: async () => [{ address: '127.0.0.1', family: 4 }] };
    const result = await fetchIcs(`https://calendar.example.com:${port}/rebound.ics`, limits);
    expect(result).toMatchObject({ ok: false, failure: 'refused_address' });
    expect(ics.requests('/rebound.ics')).toBe(0);
  });
});

describe('the fetch', () => {
  const loopback: FetchLimits = { ...FETCH_LIMITS, timeoutMs: 1_000, policy: { allowLoopback: true } };

  it('reads a calendar behind a redirect', async () => {
    ics.serve('/moved.ics', { redirect: '/target.ics' });
    ics.serve('/target.ics', { ics: weeklyFromTomorrow('target@test').ics });
    expect(await fetchIcs(`${ics.origin}/moved.ics`, loopback)).toMatchObject({ ok: true });
  });

  it('refuses a redirect to a link-local, private or unspecified address (0.0.0.0 reaches this machine), checking every hop', async () => {
    const targets = [
      'http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/calendar.ics', 'http://0.0.0.0:80/calendar.ics', 'http://[::]/calendar.ics',
      'http://[::ffff:169.254.169.254]/latest/meta-data/', 'http://[fe80::1]/x.ics',
    ];
    for (const target of targets) {
      ics.serve('/to-private', { redirect: target });
      expect(await fetchIcs(`${ics.origin}/to-private`, loopback), target).toMatchObject({ ok: false, failure: 'refused_address' });
    }
  });

  it('follows at most 3 redirects', async () => {
    ics.serve('/loop', { redirect: '/loop' });
    expect(await fetchIcs(`${ics.origin}/loop`, loopback)).toMatchObject({ ok: false, failure: 'too_many_redirects' });
    expect(ics.requests('/loop')).toBe(4);
  });

  it('stops reading an answer larger than the limit', async () => {
    ics.serve('/huge.ics', { bytes: 1_200_000 });
    expect(await fetchIcs(`${ics.origin}/huge.ics`, loopback)).toMatchObject({ ok: false, failure: 'too_large' });
  });

  it('gives up on a server that never ends its answer', async () => {
    ics.serve('/slow.ics', 'trickle');
    expect(await fetchIcs(`${ics.origin}/slow.ics`, { ...loopback, timeoutMs: 300 })).toMatchObject({ ok: false, failure: 'timeout' });
  });

  it('refuses what is not a calendar, and an error status', async () => {
    ics.serve('/page', { body: '<!doctype html><title>Outlook</title>' });
    expect(await fetchIcs(`${ics.origin}/page`, loopback)).toMatchObject({ ok: false, failure: 'not_calendar' });
    expect(await fetchIcs(`${ics.origin}/missing.ics`, loopback)).toMatchObject({ ok: false, failure: 'http_status' });
  });
});
