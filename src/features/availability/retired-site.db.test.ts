// A site a coach saved whose rooms have all been retired since: the coach still sees it saved, may
// remove it by leaving it out, and naming it again is refused on the sites field.
import { beforeAll, describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson, buildRoom } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const week = (sites: string[]) => ({
  timeZone: 'Europe/Berlin', maxSessionsPerWeek: null, coachesOnline: true, sites, moduleIds: [],
  windows: [{ weekday: 2, from: '09:00', to: '13:00' }],
});

describe('a saved site whose rooms were all retired', () => {
  it('stays shown as saved, is removed by leaving it out, and is refused when named again', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const [adminCookie, cookie] = [await t.cookieFor(admin), await t.cookieFor(coach)];
    const hamburg = await buildRoom(db, { org, site: 'Hamburg' });
    await buildRoom(db, { org, site: 'Lisbon' });
    expect((await call(t, 'PUT', '/api/me/availability', { cookie, body: week(['Hamburg', 'Lisbon']) })).status).toBe(200);
    expect((await call(t, 'PATCH', `/api/admin/rooms/${hamburg.id}`, { cookie: adminCookie, body: { retired: true } })).status).toBe(200);

    expect((await call(t, 'GET', '/api/me/availability', { cookie })).body.sites).toEqual(['Hamburg', 'Lisbon']);
    const again = await call(t, 'PUT', '/api/me/availability', { cookie, body: week(['Hamburg', 'Lisbon']) });
    expect(again.status).toBe(400);
    expect(blamedFields(again)).toEqual(['sites']);
    const removed = await call(t, 'PUT', '/api/me/availability', { cookie, body: week(['Lisbon']) });
    expect(removed.status).toBe(200);
    expect(removed.body.sites).toEqual(['Lisbon']);
  });
});
