// Coaches' availability through the API: a coach's own, an admin's for a coach, what is refused
// (and that a refusal changes nothing), who may see whose, and the coaches suggested for a session
// that needs one — each check that rules a coach out, named.
import { beforeAll, describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const week = (o: Partial<Record<string, unknown>> = {}) => ({
  timeZone: 'Europe/Berlin', maxSessionsPerWeek: null, coachesOnline: true, sites: [], moduleIds: [],
  windows: [{ weekday: 2, from: '09:00', to: '13:00' }, { weekday: 4, from: '14:00', to: '18:00' }], ...o,
});

async function program() {
  const db = t.database.db;
  const org = await buildOrganisation(db);
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Alma Coach' });
  return { org, admin, coach, adminCookie: await t.cookieFor(admin), coachCookie: await t.cookieFor(coach) };
}

describe('a coach’s availability', () => {
  it('is saved whole by the coach, read back as saved, audited, and starts from sensible defaults', async () => {
    const p = await program();
    const before = await call(t, 'GET', '/api/me/availability', { cookie: p.coachCookie });
    expect(before.body).toMatchObject({ saved: false, timeZone: 'Europe/Berlin', coachesOnline: true, windows: [], maxSessionsPerWeek: null, hoursPerWeek: 0 });
    const room = await buildRoom(t.database.db, { org: p.org, site: 'Hamburg' });
    const module = await buildModule(t.database.db, { org: p.org });
    const saved = await call(t, 'PUT', '/api/me/availability', { cookie: p.coachCookie, body: week({ maxSessionsPerWeek: 3, sites: [room.site], moduleIds: [module.id] }) });
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body).toMatchObject({
      saved: true, maxSessionsPerWeek: 3, sites: ['Hamburg'], moduleIds: [module.id], hoursPerWeek: 8,
      windows: [{ weekday: 2, from: '09:00', to: '13:00' }, { weekday: 4, from: '14:00', to: '18:00' }],
    });
    // Saved again with fewer windows: the old ones are gone.
    const again = await call(t, 'PUT', '/api/me/availability', { cookie: p.coachCookie, body: week({ windows: [{ weekday: 5, from: '08:00', to: '10:00' }] }) });
    expect(again.body.windows).toEqual([{ weekday: 5, from: '08:00', to: '10:00' }]);
    const audited = await t.database.db.selectFrom('audit_log').where('org_id', '=', p.org.id).where('action', '=', 'availability.changed').select(['subject_id', 'detail']).execute();
    expect(audited.map((a) => a.detail)).toEqual([
      { by: 'self', windows: 2, hours: 8, maxSessionsPerWeek: 3 }, { by: 'self', windows: 1, hours: 2, maxSessionsPerWeek: null },
    ]);
  });

  it('refuses windows that end first or overlap, unknown modules and sites — naming each — and changes nothing', async () => {
    const p = await program();
    expect((await call(t, 'PUT', '/api/me/availability', { cookie: p.coachCookie, body: week() })).status).toBe(200);
    const bad = await call(t, 'PUT', '/api/me/availability', {
      cookie: p.coachCookie,
      body: week({
        windows: [{ weekday: 1, from: '09:00', to: '12:00' }, { weekday: 1, from: '11:30', to: '13:00' }, { weekday: 3, from: '15:00', to: '14:00' }],
        moduleIds: [crypto.randomUUID()], sites: ['Atlantis'],
      }),
    });
    expect(bad.status).toBe(400);
    expect(blamedFields(bad).sort()).toEqual(['moduleIds', 'sites', 'windows.1', 'windows.2']);
    for (const body of [week({ timeZone: 'Mars/Olympus' }), week({ windows: [{ weekday: 8, from: '09:00', to: '10:00' }] }), week({ windows: [{ weekday: 1, from: '9:00', to: '25:00' }] }), week({ maxSessionsPerWeek: 0 })]) {
      expect((await call(t, 'PUT', '/api/me/availability', { cookie: p.coachCookie, body })).status).toBe(400);
    }
    const now = await call(t, 'GET', '/api/me/availability', { cookie: p.coachCookie });
    expect(now.body.windows).toEqual(week().windows);
  });

  it('is the coach’s own and the admins’: another coach and an employee are refused, another organisation’s coach does not exist', async () => {
    const p = await program();
    const other = await buildPerson(t.database.db, { org: p.org, roles: ['coach', 'employee'] });
    const employee = await buildPerson(t.database.db, { org: p.org });
    const path = `/api/admin/coaches/${p.coach.id}/availability`;
    expect((await call(t, 'PUT', path, { cookie: await t.cookieFor(other), body: week() })).status).toBe(403);
    expect((await call(t, 'GET', path, { cookie: await t.cookieFor(employee) })).status).toBe(403);
    expect((await call(t, 'GET', '/api/me/availability', { cookie: await t.cookieFor(employee) })).status).toBe(403);
    const byAdmin = await call(t, 'PUT', path, { cookie: p.adminCookie, body: week({ maxSessionsPerWeek: 2 }) });
    expect(byAdmin.status, byAdmin.text).toBe(200);
    expect((await call(t, 'GET', '/api/me/availability', { cookie: p.coachCookie })).body.maxSessionsPerWeek).toBe(2);
    // Not a coach: nothing to set.
    expect((await call(t, 'PUT', `/api/admin/coaches/${employee.id}/availability`, { cookie: p.adminCookie, body: week() })).status).toBe(400);
    const elsewhere = await program();
    expect((await call(t, 'GET', `/api/admin/coaches/${elsewhere.coach.id}/availability`, { cookie: p.adminCookie })).status).toBe(404);
    expect((await call(t, 'PUT', `/api/admin/coaches/${elsewhere.coach.id}/availability`, { cookie: p.adminCookie, body: week() })).status).toBe(404);
    const list = await call(t, 'GET', '/api/admin/coaches/availability', { cookie: p.adminCookie });
    expect(list.body.items.map((i: { personId: string; saved: boolean }) => [i.personId, i.saved]).sort()).toEqual([[p.coach.id, true], [other.id, false]].sort());
  });
});

describe('the coaches suggested for a session', () => {
  it('are those available then, qualified, able to be there, free and under their limit; the others say why not', async () => {
    const db = t.database.db;
    const p = await program();
    await buildRoom(db, { org: p.org });
    const module = await buildModule(db, { org: p.org });
    const otherModule = await buildModule(db, { org: p.org });
    // Tuesday 10:00–11:30 in Berlin (CET), online; its coach is away.
    const tuesday = new Date(REFERENCE_MONDAY.getTime() + DAY);
    const session = await buildSession(db, { org: p.org, coach: p.coach, module, startsAt: tuesday, format: 'virtual' });
    const coachNamed = async (name: string) => buildPerson(db, { org: p.org as OrgRow, roles: ['coach', 'employee'], name });
    const set = async (c: PersonRow, body: ReturnType<typeof week>) =>
      expect((await call(t, 'PUT', `/api/admin/coaches/${c.id}/availability`, { cookie: p.adminCookie, body })).status).toBe(200);
    const alma = await coachNamed('Alma Able'); await set(alma, week());
    const bert = await coachNamed('Bert Late'); await set(bert, week({ windows: [{ weekday: 2, from: '13:00', to: '17:00' }] }));
    const cora = await coachNamed('Cora Other'); await set(cora, week({ moduleIds: [otherModule.id] }));
    const dirk = await coachNamed('Dirk Busy'); await set(dirk, week());
    await buildSession(db, { org: p.org, coach: dirk, module, startsAt: new Date(tuesday.getTime() + HOUR), format: 'virtual' });
    const emil = await coachNamed('Emil Full'); await set(emil, week({ maxSessionsPerWeek: 1 }));
    await buildSession(db, { org: p.org, coach: emil, module, startsAt: new Date(tuesday.getTime() + 2 * DAY + 5 * HOUR), format: 'virtual' });
    const fay = await coachNamed('Fay Unset');
    const gus = await coachNamed('Gus Away'); await set(gus, week());
    await db.insertInto('coach_absences').values({
      org_id: p.org.id, coach_id: gus.id, first_day: '2000-01-01', last_day: '2000-01-01',
      starts_at: new Date(tuesday.getTime() - 10 * HOUR), ends_at: new Date(tuesday.getTime() + 14 * HOUR),
    }).execute();
    const hana = await coachNamed('Hana Room'); await set(hana, week({ coachesOnline: false }));
    const ida = await coachNamed('Ida Seated'); await set(ida, week());
    await buildBooking(db, { session, person: ida });
    const zed = await coachNamed('Zed Able'); await set(zed, week({ timeZone: 'Europe/Lisbon', windows: [{ weekday: 2, from: '08:30', to: '10:30' }] }));

    const res = await call(t, 'GET', `/api/sessions/${session.id}/coach-candidates`, { cookie: p.adminCookie });
    expect(res.status, res.text).toBe(200);
    const got = Object.fromEntries((res.body.items as Array<{ id: string; suggested: boolean; reasons: string[] }>).map((c) => [c.id, c.reasons]));
    expect(got).toEqual({
      [alma.id]: [], [zed.id]: [], [bert.id]: ['OUTSIDE_WINDOWS'], [cora.id]: ['NOT_QUALIFIED'], [dirk.id]: ['BUSY'],
      [emil.id]: ['WEEK_FULL'], [fay.id]: ['NO_AVAILABILITY'], [gus.id]: ['AWAY'], [hana.id]: ['NOT_ONLINE'], [ida.id]: ['PARTICIPANT'],
    });
    // The suggested first (here by name, both with no session that week); the session's own coach is not offered.
    expect(res.body.items.slice(0, 2).map((c: { id: string }) => c.id)).toEqual([alma.id, zed.id]);
    expect(res.body.items.some((c: { id: string }) => c.id === p.coach.id)).toBe(false);
    expect(res.body.items.find((c: { id: string }) => c.id === emil.id).sessionsThatWeek).toBe(1);
    expect((await call(t, 'GET', `/api/sessions/${session.id}/coach-candidates`, { cookie: p.coachCookie })).status).toBe(403);
  });
});
