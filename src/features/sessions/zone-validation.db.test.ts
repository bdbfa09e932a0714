// One rule for time zones on every path that takes one, through HTTP and the command line: IANA
// region zones (by any of their names) and UTC are accepted; made-up names, paths, Luxon's
// "system", fixed offsets and POSIX rules are refused with 400 naming the field, changing nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { yearLike } from '../../../test/dates.ts';
import { snapshot } from '../../../test/db-snapshot.ts';
import { buildModule, buildOrganisation, buildPerson, buildRoom, buildSession } from '../../../test/factories.ts';

const BAD = ['Mars/Olympus', '../../etc/passwd', 'system', '+05:00', 'EST5EDT'];
const GOOD = ['Europe/Berlin', 'America/New_York', 'Asia/Kathmandu'];
// Dates written as in 2027, run in the first year laid out like it that is a month ahead.
const Y = yearLike(2027, '05-03');
const LINK = 'https://meet.example.test/zones';

let t: TestApp;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quartet-zones-'));
beforeAll(async () => {
  // No mail worker: it would change the queue between the snapshots compared below.
  t = await startTestApp({ worker: false });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An organisation of its own with an admin who also coaches, a module and a room. */
async function program() {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const admin = await buildPerson(db, { org, roles: ['admin', 'coach', 'employee'] });
  return { org, admin, cookie: await t.cookieFor(admin), module: await buildModule(db, { org }), room: await buildRoom(db, { org, capacity: 10 }) };
}

/** Sends a request for every bad zone: each is 400 naming `field`, and together they change nothing. */
async function refusesEveryBadZone(method: string, url: string, cookie: string, body: (zone: string) => unknown, field = 'body.timeZone') {
  const before = await snapshot(t.database.db);
  for (const zone of BAD) {
    const res = await call(t, method, url, { cookie, body: body(zone) });
    expect(res.status, `${method} ${url} ${zone}: ${res.text}`).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f: { field: string }) => f.field), zone).toContain(field);
  }
  expect(await snapshot(t.database.db)).toEqual(before);
}

const zoneOf = async (table: 'people' | 'rooms' | 'sessions', id: string) =>
  (await t.database.db.selectFrom(table).where('id', '=', id).select('time_zone').executeTakeFirstOrThrow()).time_zone;

describe('people', () => {
  it('the admin directory edit refuses bad zones and stores good ones', async () => {
    const p = await program();
    const person = await buildPerson(t.database.db, { org: p.org });
    await refusesEveryBadZone('PATCH', `/api/admin/people/${person.id}`, p.cookie, (timeZone) => ({ timeZone }));
    for (const timeZone of GOOD) {
      expect((await call(t, 'PATCH', `/api/admin/people/${person.id}`, { cookie: p.cookie, body: { timeZone } })).status).toBe(200);
      expect(await zoneOf('people', person.id)).toBe(timeZone);
    }
  });

  it('the profile refuses bad zones and stores good ones', async () => {
    const p = await program();
    await refusesEveryBadZone('PATCH', '/api/me', p.cookie, (timeZone) => ({ timeZone }));
    for (const timeZone of GOOD) {
      const res = await call(t, 'PATCH', '/api/me', { cookie: p.cookie, body: { timeZone } });
      expect([res.status, res.body.timeZone]).toEqual([200, timeZone]);
    }
  });

  it('a CSV import dry run reports each bad zone on its row and column, and passes the good ones', async () => {
    const p = await program();
    const rows = [...BAD, ...GOOD].map((zone, i) => `Person ${i},p${i}@zones.test,,,"${zone}",,`);
    const before = await snapshot(t.database.db);
    const res = await call(t, 'POST', '/api/admin/people/import?dryRun=true', {
      cookie: p.cookie, body: ['name,email,department,site,time_zone,locale,roles', ...rows].join('\n'), headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.rows).toEqual(BAD.map((zone, i) => ({
      line: i + 2, email: `p${i}@zones.test`, errors: [expect.stringContaining(`time_zone "${zone}" is not an IANA time zone`)],
      reasons: [{ code: 'TIME_ZONE_UNKNOWN', value: zone }],
    })));
    const good = await call(t, 'POST', '/api/admin/people/import?dryRun=true&deactivateMissing=false', {
      cookie: p.cookie, body: ['name,email,time_zone', ...GOOD.map((zone, i) => `Good ${i},g${i}@zones.test,${zone}`)].join('\n'), headers: { 'content-type': 'text/csv' },
    });
    expect([good.status, good.body.created]).toEqual([200, 3]);
    expect(await snapshot(t.database.db)).toEqual(before);
  });
});

describe('sessions and series', () => {
  const publishBody = (p: { module: { id: string } }, day: number, timeZone: string) =>
    ({ moduleId: p.module.id, startsAt: `${Y}-05-${String(day).padStart(2, '0')}T10:00`, timeZone, format: 'virtual', onlineUrl: LINK });

  it('publishing refuses bad zones and keeps good ones', async () => {
    const p = await program();
    await refusesEveryBadZone('POST', '/api/sessions', p.cookie, (zone) => publishBody(p, 3, zone));
    // Ten in the morning where each session is: Berlin is 2 hours ahead of UTC then, New York 4
    // hours behind, Kathmandu 5:45 ahead.
    const utc = [`${Y}-05-03T08:00:00.000Z`, `${Y}-05-04T14:00:00.000Z`, `${Y}-05-05T04:15:00.000Z`];
    for (const [i, timeZone] of GOOD.entries()) {
      const res = await call(t, 'POST', '/api/sessions', { cookie: p.cookie, body: publishBody(p, 3 + i, timeZone) });
      expect([res.status, res.body.timeZone, res.body.startsAt], res.text).toEqual([201, timeZone, utc[i]]);
    }
  });

  it('a change of the zone alone is checked too: a bad one is 400 and the session is as it was', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.admin, module: p.module, startsAt: new Date(`${Y}-05-10T08:00:00Z`), timeZone: 'Europe/Berlin' });
    const before = await call(t, 'GET', `/api/sessions/${session.id}`, { cookie: p.cookie });
    await refusesEveryBadZone('PATCH', `/api/sessions/${session.id}`, p.cookie, (timeZone) => ({ timeZone }));
    expect((await call(t, 'GET', `/api/sessions/${session.id}`, { cookie: p.cookie })).body).toEqual(before.body);
    for (const timeZone of GOOD) {
      const res = await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: p.cookie, body: { timeZone } });
      expect([res.status, res.body.timeZone, res.body.startsAt], res.text).toEqual([200, timeZone, `${Y}-05-10T08:00:00.000Z`]);
    }
  });

  it('a series is checked and published only in a good zone', async () => {
    const p = await program();
    const series = (day: number, timeZone: string) => ({ ...publishBody(p, day, timeZone), everyWeeks: 1, occurrences: 2 });
    await refusesEveryBadZone('POST', '/api/sessions/series/check', p.cookie, (zone) => series(3, zone));
    await refusesEveryBadZone('POST', '/api/sessions/series', p.cookie, (zone) => series(3, zone));
    for (const [i, timeZone] of GOOD.entries()) {
      expect((await call(t, 'POST', '/api/sessions/series/check', { cookie: p.cookie, body: series(3 + i, timeZone) })).status).toBe(200);
      const res = await call(t, 'POST', '/api/sessions/series', { cookie: p.cookie, body: series(3 + i, timeZone) });
      expect([res.status, ...res.body.sessions.map((s: { timeZone: string }) => s.timeZone)], res.text).toEqual([201, timeZone, timeZone]);
    }
  });

  it('showing times in a zone (?tz=) refuses bad zones and accepts good ones', async () => {
    const p = await program();
    for (const list of ['/api/sessions', '/api/me/coached-sessions', '/api/me/bookings', '/api/admin/sessions-needing-coach']) {
      for (const zone of BAD) {
        const res = await call(t, 'GET', `${list}?tz=${encodeURIComponent(zone)}`, { cookie: p.cookie });
        expect([res.status, blamedFields(res)], `${list} ${zone}`).toEqual([400, ['tz']]);
      }
      for (const zone of GOOD) expect((await call(t, 'GET', `${list}?tz=${zone}`, { cookie: p.cookie })).status, `${list} ${zone}`).toBe(200);
    }
  });
});

describe('rooms and program settings', () => {
  it('adding and editing a room refuse bad zones and store good ones', async () => {
    const p = await program();
    await refusesEveryBadZone('POST', '/api/admin/rooms', p.cookie, (timeZone) => ({ name: 'Atrium', site: 'Zones', capacity: 8, timeZone }));
    await refusesEveryBadZone('PATCH', `/api/admin/rooms/${p.room.id}`, p.cookie, (timeZone) => ({ timeZone }));
    for (const [i, timeZone] of GOOD.entries()) {
      const added = await call(t, 'POST', '/api/admin/rooms', { cookie: p.cookie, body: { name: `Room ${i}`, site: 'Zones', capacity: 8, timeZone } });
      expect([added.status, added.body.timeZone]).toEqual([201, timeZone]);
      expect((await call(t, 'PATCH', `/api/admin/rooms/${p.room.id}`, { cookie: p.cookie, body: { timeZone } })).status).toBe(200);
      expect(await zoneOf('rooms', p.room.id)).toBe(timeZone);
    }
  });

  it('the default zone of the program refuses bad zones and takes good ones', async () => {
    const p = await program();
    await refusesEveryBadZone('PATCH', '/api/settings', p.cookie, (defaultTimeZone) => ({ defaultTimeZone }), 'body.defaultTimeZone');
    for (const defaultTimeZone of GOOD) {
      const res = await call(t, 'PATCH', '/api/settings', { cookie: p.cookie, body: { defaultTimeZone } });
      expect([res.status, res.body.defaultTimeZone]).toEqual([200, defaultTimeZone]);
    }
  });
});

describe('the command line', () => {
  function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['src/cli.ts', ...args], {
      // Not the test process's environment: Vitest puts Vite's BASE_URL=/ there. The planning window is the
      // test app's, so that the fixed dates of year Y, up to a dozen years ahead, are in reach.
      env: { PATH: process.env.PATH, TZ: process.env.TZ, DATABASE_URL: t.database.url, DATA_DIR: tmp, LOG_LEVEL: 'silent', PLANNING_HORIZON_MONTHS: '180' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  it('sessions publish --zone refuses bad zones, naming the flag, and publishes in good ones', async () => {
    const p = await program();
    const start = (i: number) => `${Y}-05-${10 + i}T10:00`;
    const publish = (zone: string, i: number) =>
      cli('sessions', 'publish', '--as', p.admin.email, '--module-id', p.module.id, '--start', start(i), '--zone', zone, '--link', LINK);
    const before = await snapshot(t.database.db);
    for (const run of await Promise.all(BAD.map((zone, i) => publish(zone, i)))) {
      expect(run.code, run.stdout).toBe(1);
      expect(run.stderr).toMatch(/--zone: is not an IANA time zone/);
    }
    expect(await snapshot(t.database.db)).toEqual(before);
    for (const [i, zone] of GOOD.entries()) {
      const run = await publish(zone, i);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).timeZone).toBe(zone);
    }
  });

  it('org create --time-zone refuses bad zones and makes organisations in good ones', async () => {
    const create = (zone: string, slug: string) =>
      cli('org', 'create', '--name', `Zoned ${slug}`, '--slug', slug, '--admin-email', `admin@${slug}.test`, '--admin-name', 'Zed', '--time-zone', zone);
    const before = await snapshot(t.database.db);
    for (const run of await Promise.all(BAD.map((zone, i) => create(zone, `zone-bad-${i}`)))) {
      expect(run.code, run.stdout).toBe(1);
      expect(run.stderr).toMatch(/--time-zone: is not an IANA time zone/);
    }
    expect(await snapshot(t.database.db)).toEqual(before);
    for (const [i, zone] of GOOD.entries()) {
      const run = await create(zone, `zone-good-${i}`);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout).organisation.defaultTimeZone).toBe(zone);
    }
  });
});
