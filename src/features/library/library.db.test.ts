// The admin keeps the module library and the rooms.
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildRoom, buildSession } from '../../../test/factories.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;

describe('the module library', () => {
  it('takes a new module, refuses a taken code, and a retired module leaves the list and cannot be published', async () => {
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'coach', 'employee'] });
    const cookie = await t.cookieFor(admin);
    const added = await t.request('POST', '/api/admin/modules', { cookie, body: { code: 'neg-1', title: 'Negotiating', summary: 'Getting to yes.', language: 'en' } });
    expect(added.status).toBe(201);
    const module = (await added.json()) as { id: string; code: string; durationMinutes: number };
    expect(module).toMatchObject({ code: 'NEG-1', durationMinutes: 90 });
    const again = await t.request('POST', '/api/admin/modules', { cookie, body: { code: 'NEG-1', title: 'Twice', language: 'de' } });
    expect(((await again.json()) as { code: string }).code).toBe('MODULE_CODE_TAKEN');

    expect((await t.request('PATCH', `/api/admin/modules/${module.id}`, { cookie, body: { retired: true } })).status).toBe(200);
    const listed = (await (await t.request('GET', '/api/modules', { cookie })).json()) as { items: Array<{ id: string }> };
    expect(listed.items.some((m) => m.id === module.id)).toBe(false);
    const publish = await t.request('POST', '/api/sessions', {
      cookie, body: { moduleId: module.id, startsAt: hoursAfterReference(48).toISOString(), timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/n' },
    });
    expect(((await publish.json()) as { code: string }).code).toBe('MODULE_RETIRED');
    const back = await t.request('PATCH', `/api/admin/modules/${module.id}`, { cookie, body: { retired: false, title: 'Negotiating well' } });
    expect(await back.json()).toMatchObject({ title: 'Negotiating well', retired: false });
  });
});

describe('a module’s reflection question', () => {
  it('is set by the admin in both languages when adding and changing a module, within 300 characters, and listed with the module', async () => {
    const org = await buildOrganisation(db);
    const cookie = await t.cookieFor(await buildPerson(db, { org, roles: ['admin', 'employee'] }));
    const en = 'What could our company change so that meetings end with decisions?';
    const de = 'Was könnte unser Unternehmen ändern, damit Besprechungen mit Entscheidungen enden?';
    const added = await t.request('POST', '/api/admin/modules', { cookie, body: { code: 'MTG-9', title: 'Meetings', language: 'en', reflectionQuestionEn: `  ${en} `, reflectionQuestionDe: de } });
    expect(added.status).toBe(201);
    const module = (await added.json()) as { id: string };
    expect(module).toMatchObject({ reflectionQuestionEn: en, reflectionQuestionDe: de });
    // Without one, a module asks nothing (the group is then asked no question).
    const plain = (await (await t.request('POST', '/api/admin/modules', { cookie, body: { code: 'PLAIN-1', title: 'Plain', language: 'de' } })).json()) as { id: string };
    expect(plain).toMatchObject({ reflectionQuestionEn: '', reflectionQuestionDe: '' });

    const tooLong = 'x'.repeat(301);
    for (const [method, path, body] of [
      ['POST', '/api/admin/modules', { code: 'LONG-1', title: 'Long', language: 'en', reflectionQuestionEn: tooLong }],
      ['PATCH', `/api/admin/modules/${module.id}`, { reflectionQuestionDe: tooLong }],
    ] as const) {
      const res = await t.request(method, path, { cookie, body });
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(method === 'POST' ? 'reflectionQuestionEn' : 'reflectionQuestionDe');
    }
    expect(await db.selectFrom('modules').where('org_id', '=', org.id).where('code', '=', 'LONG-1').select('id').execute()).toEqual([]);

    const changed = await t.request('PATCH', `/api/admin/modules/${module.id}`, { cookie, body: { reflectionQuestionDe: 'x'.repeat(300) } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ reflectionQuestionEn: en, reflectionQuestionDe: 'x'.repeat(300) });
    expect((await t.request('PATCH', `/api/admin/modules/${module.id}`, { cookie, body: { reflectionQuestionEn: '' } })).status).toBe(200);

    const employee = await t.cookieFor(await buildPerson(db, { org }));
    const listed = (await (await t.request('GET', '/api/modules', { cookie: employee })).json()) as { items: Array<{ id: string; reflectionQuestionEn: string; reflectionQuestionDe: string }> };
    expect(listed.items.find((m) => m.id === module.id)).toMatchObject({ reflectionQuestionEn: '', reflectionQuestionDe: 'x'.repeat(300) });
    expect(listed.items.find((m) => m.id === plain.id)).toMatchObject({ reflectionQuestionEn: '', reflectionQuestionDe: '' });
  });
});

describe('rooms', () => {
  it('are added and changed, but not shrunk below planned groups nor retired while sessions are planned in them', async () => {
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const cookie = await t.cookieFor(admin);
    const added = await t.request('POST', '/api/admin/rooms', { cookie, body: { name: 'Tejo', site: 'Lisbon', capacity: 8, timeZone: 'Europe/Lisbon' } });
    expect(added.status).toBe(201);
    expect(((await (await t.request('POST', '/api/admin/rooms', { cookie, body: { name: 'Tejo', site: 'Lisbon', capacity: 6, timeZone: 'Europe/Lisbon' } })).json()) as { code: string }).code).toBe('ROOM_NAME_TAKEN');

    const room = await buildRoom(db, { org, capacity: 8 });
    await buildSession(db, { org, room, module: await buildModule(db, { org }), capacity: 4, startsAt: hoursAfterReference(30) });
    const shrink = await t.request('PATCH', `/api/admin/rooms/${room.id}`, { cookie, body: { capacity: 4 } });
    expect(((await shrink.json()) as { code: string }).code).toBe('ROOM_TOO_SMALL');
    expect((await t.request('PATCH', `/api/admin/rooms/${room.id}`, { cookie, body: { capacity: 5 } })).status).toBe(200);
    const retire = await t.request('PATCH', `/api/admin/rooms/${room.id}`, { cookie, body: { retired: true } });
    expect(await retire.json()).toMatchObject({ code: 'ROOM_IN_USE', message: '1 upcoming session is planned in this room; move it first.', sessions: 1 });
    expect((await t.request('PATCH', `/api/admin/rooms/${room.id}`, { cookie, body: { timeZone: 'Nowhere/Else' } })).status).toBe(400);
  });

  it('a retired room leaves the list of rooms in use, is listed with includeRetired, and can be brought back', async () => {
    const org = await buildOrganisation(db);
    const cookie = await t.cookieFor(await buildPerson(db, { org, roles: ['admin', 'employee'] }));
    const room = await buildRoom(db, { org });
    expect((await t.request('PATCH', `/api/admin/rooms/${room.id}`, { cookie, body: { retired: true } })).status).toBe(200);
    const rooms = async (query = '') => ((await (await t.request('GET', `/api/rooms${query}`, { cookie })).json()) as { items: Array<{ id: string; retired: boolean }> }).items;
    expect(await rooms()).toEqual([]);
    expect((await rooms('?includeRetired=true')).map((r) => [r.id, r.retired])).toEqual([[room.id, true]]);
    expect((await t.request('PATCH', `/api/admin/rooms/${room.id}`, { cookie, body: { retired: false } })).status).toBe(200);
    expect((await rooms()).map((r) => [r.id, r.retired])).toEqual([[room.id, false]]);
  });
});
