// The admin's people directory: search, roles, deactivation with its consequences, and the rules
// that keep an organisation administrable.
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;

type Page = { items: Array<{ id: string; name: string; roles: string[]; active: boolean; upcomingBookings: number }>; nextCursor: string | null };

describe('the people directory', () => {
  it('finds people by name, address or department, filters by role and status, and pages through', async () => {
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Zoe Admin' });
    const cookie = await t.cookieFor(admin);
    await buildPerson(db, { org, name: 'Anna Sales', department: 'Sales' });
    await buildPerson(db, { org, name: 'Bernd Coach', roles: ['coach', 'employee'], department: 'Learning' });
    await buildPerson(db, { org, name: 'Carla Gone', department: 'Sales', active: false });
    await buildPerson(db, { name: 'Other Org Sales', department: 'Sales' });
    const get = async (query: string) => (await (await t.request('GET', `/api/admin/people?${query}`, { cookie })).json()) as Page;

    expect((await get('q=sales')).items.map((p) => p.name)).toEqual(['Anna Sales', 'Carla Gone']);
    expect((await get('q=sales&active=true')).items.map((p) => p.name)).toEqual(['Anna Sales']);
    expect((await get('role=coach')).items.map((p) => p.name)).toEqual(['Bernd Coach']);
    expect((await get('q=100%25')).items).toEqual([]); // a % in the search is a character, not a wildcard
    const first = await get('limit=2');
    expect(first.items.map((p) => p.name)).toEqual(['Anna Sales', 'Bernd Coach']);
    const second = await get(`limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((p) => p.name)).toEqual(['Carla Gone', 'Zoe Admin']);
    expect((await t.request('GET', '/api/admin/people?cursor=nonsense', { cookie })).status).toBe(400);
  });

  it('refuses a change that names nothing with 400 before looking for the person, here and for modules and rooms', async () => {
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const cookie = await t.cookieFor(admin);
    for (const path of [`/api/admin/people/${admin.id}`, '/api/admin/people/00000000-0000-4000-8000-000000000000', '/api/admin/modules/00000000-0000-4000-8000-000000000000', '/api/admin/rooms/00000000-0000-4000-8000-000000000000']) {
      const res = await t.request('PATCH', path, { cookie, body: {} });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
    }
  });

  it('deactivating gives up future seats, tells the coach, ends sign-ins; reactivating brings the person back', async () => {
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const cookie = await t.cookieFor(admin);
    const leaving = await buildPerson(db, { org });
    const leavingCookie = await t.cookieFor(leaving);
    const session = await buildSession(db, { org, startsAt: hoursAfterReference(48) });
    expect((await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie: leavingCookie })).status).toBe(201);

    const res = await t.request('PATCH', `/api/admin/people/${leaving.id}`, { cookie, body: { active: false } });
    expect(await res.json()).toEqual({ bookingsCancelled: 1 });
    expect((await db.selectFrom('sessions').where('id', '=', session.id).select('seats_taken').executeTakeFirstOrThrow()).seats_taken).toBe(0);
    expect((await t.request('GET', '/api/me', { cookie: leavingCookie })).status).toBe(401);
    const roster = await db.selectFrom('outgoing_messages').where('session_id', '=', session.id).where('kind', '=', 'roster_changed').select('detail').executeTakeFirstOrThrow();
    expect(roster.detail).toEqual({ changes: [{ change: 'joined', personId: leaving.id }, { change: 'left', personId: leaving.id }] });

    expect((await t.request('PATCH', `/api/admin/people/${leaving.id}`, { cookie, body: { active: true } })).status).toBe(200);
    expect((await db.selectFrom('people').where('id', '=', leaving.id).select('active').executeTakeFirstOrThrow()).active).toBe(true);
  });

  it('keeps an active admin, keeps admins from demoting themselves, and a coach with sessions a coach', async () => {
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const cookie = await t.cookieFor(admin);
    const own = await t.request('PATCH', `/api/admin/people/${admin.id}`, { cookie, body: { roles: ['employee'] } });
    expect(((await own.json()) as { code: string }).code).toBe('OWN_ADMIN_ROLE');
    const other = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    expect((await t.request('PATCH', `/api/admin/people/${other.id}`, { cookie, body: { roles: ['employee'] } })).status).toBe(200);
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    await buildSession(db, { org, coach, startsAt: hoursAfterReference(72) });
    const demoted = await t.request('PATCH', `/api/admin/people/${coach.id}`, { cookie, body: { roles: ['employee'] } });
    expect(demoted.status).toBe(409);
    expect(await demoted.json()).toMatchObject({ code: 'COACH_HAS_SESSIONS', message: 'This coach runs 1 upcoming session; reassign or cancel it first.', sessions: 1 });
    expect((await db.selectFrom('people').where('id', '=', coach.id).select('roles').executeTakeFirstOrThrow()).roles).toEqual(['coach', 'employee']);
    const zone = await t.request('PATCH', `/api/admin/people/${coach.id}`, { cookie, body: { timeZone: 'Mars/Olympus' } });
    expect(zone.status).toBe(400);
  });

  it('keeps an admin when two admins take admin away from each other at the same moment', async () => {
    for (let round = 0; round < 5; round++) {
      const org = await buildOrganisation(db);
      const [a, b] = [await buildPerson(db, { org, roles: ['admin', 'employee'] }), await buildPerson(db, { org, roles: ['admin', 'employee'] })];
      const [cookieA, cookieB] = [await t.cookieFor(a), await t.cookieFor(b)];
      const answers = await Promise.all([
        t.request('PATCH', `/api/admin/people/${b.id}`, { cookie: cookieA, body: { roles: ['employee'] } }),
        t.request('PATCH', `/api/admin/people/${a.id}`, { cookie: cookieB, body: { active: false } }),
      ]);
      // The one that comes second is refused: as taking the last one away (409), as no admin any more
      // (403), or — when it is A's, read after B's deactivation ended A's sign-ins — as signed out (401).
      expect(answers.map((r) => r.status).sort()).toEqual([200, expect.toSatisfy((s: number) => s === 401 || s === 403 || s === 409)]);
      const admins = await db.selectFrom('people').where('org_id', '=', org.id).where('active', '=', true)
        .where(({ eb, val }) => eb(val('admin'), '=', eb.fn.any('roles'))).select('id').execute();
      expect(admins).toHaveLength(1);
    }
  });
});
