// A session meets in a room or online. Given both a room and a link, every path that publishes or
// changes one refuses, naming the field, and changes nothing: it once kept one and dropped the
// other unseen (`sessions publish --room-id … --link …` published an online session).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterReference, yearLike } from '../../../test/dates.ts';
import { snapshot } from '../../../test/db-snapshot.ts';
import { buildModule, buildOrganisation, buildPerson, buildRoom, buildSession } from '../../../test/factories.ts';
import { runCli } from '../../../test/run-cli.ts';

const Y = yearLike(2027, '05-03');
const LINK = 'https://meet.example.test/room-or-link';

let t: TestApp;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quartet-room-or-link-'));
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function program() {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
  return { org, coach, cookie: await t.cookieFor(coach), module: await buildModule(db, { org }), room: await buildRoom(db, { org, capacity: 10 }) };
}
type Program = Awaited<ReturnType<typeof program>>;

const publishBody = (p: Program, format: 'virtual' | 'in_person') =>
  ({ moduleId: p.module.id, startsAt: `${Y}-05-10T10:00`, timeZone: 'Europe/Berlin', format, roomId: p.room.id, onlineUrl: LINK });

/** The request is 400 blaming `field`, and nothing in the database changed. */
async function refused(method: string, url: string, cookie: string, body: unknown, field: string) {
  const before = await snapshot(t.database.db);
  const res = await call(t, method, url, { cookie, body });
  expect(res.status, res.text).toBe(400);
  expect(blamedFields(res)).toEqual([field]);
  expect(await snapshot(t.database.db)).toEqual(before);
}

describe('the API', () => {
  it('refuses to publish a virtual session with a room, or one in a room with a link', async () => {
    const p = await program();
    await refused('POST', '/api/sessions', p.cookie, publishBody(p, 'virtual'), 'roomId');
    await refused('POST', '/api/sessions', p.cookie, publishBody(p, 'in_person'), 'onlineUrl');
  });

  it('refuses to check or publish such a series', async () => {
    const p = await program();
    for (const url of ['/api/sessions/series/check', '/api/sessions/series']) {
      await refused('POST', url, p.cookie, { ...publishBody(p, 'virtual'), everyWeeks: 1, occurrences: 2 }, 'roomId');
      await refused('POST', url, p.cookie, { ...publishBody(p, 'in_person'), everyWeeks: 1, occurrences: 2 }, 'onlineUrl');
    }
  });

  it('refuses to give an online session a room, or one in a room a link, without changing its format', async () => {
    const p = await program();
    const online = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module });
    await refused('PATCH', `/api/sessions/${online.id}`, p.cookie, { roomId: p.room.id }, 'roomId');
    await refused('PATCH', `/api/sessions/${online.id}`, p.cookie, { format: 'in_person', roomId: p.room.id, onlineUrl: LINK }, 'onlineUrl');
    const inRoom = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: hoursAfterReference(48) });
    await refused('PATCH', `/api/sessions/${inRoom.id}`, p.cookie, { onlineUrl: LINK }, 'onlineUrl');
    // Moving online names the link alone; the room it had is let go.
    const moved = await call(t, 'PATCH', `/api/sessions/${inRoom.id}`, { cookie: p.cookie, body: { format: 'virtual', onlineUrl: LINK } });
    expect(moved.status, moved.text).toBe(200);
    expect([moved.body.format, moved.body.room, moved.body.onlineUrl]).toEqual(['virtual', null, LINK]);
  });
});

describe('the command line', () => {
  // The planning window of the test app, so that the fixed dates of year Y are in reach.
  const cli = (...args: string[]) => runCli(t.database.url, tmp, args, { PLANNING_HORIZON_MONTHS: '180' });

  it('sessions publish refuses --room-id with --link and publishes nothing', async () => {
    const p = await program();
    const publish = (...place: string[]) =>
      cli('sessions', 'publish', '--as', p.coach.email, '--module-id', p.module.id, '--start', `${Y}-05-10T10:00`, '--zone', 'Europe/Berlin', ...place);
    const before = await snapshot(t.database.db);
    const both = await publish('--room-id', p.room.id, '--link', LINK);
    expect(both.code, both.stdout).toBe(1);
    expect(both.stderr.trim()).toBe('"sessions publish" takes --room-id or --link, not both (a session meets in a room or online); nothing was done.');
    expect(both.stdout).toBe('');
    expect(await snapshot(t.database.db)).toEqual(before);
    const inRoom = await publish('--room-id', p.room.id);
    expect(inRoom.code, inRoom.stderr).toBe(0);
    expect(JSON.parse(inRoom.stdout)).toMatchObject({ format: 'in_person', room: { id: p.room.id }, onlineUrl: null });
  });
});
