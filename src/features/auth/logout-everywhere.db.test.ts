// Signing out everywhere ends every session of the person (every device), and no one else's.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson } from '../../../test/factories.ts';
import { SESSION_COOKIE } from '../../http/auth.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const me = async (cookie: string) => (await t.request('GET', '/api/me', { cookie })).status;

describe('POST /api/auth/logout-everywhere', () => {
  it('revokes all of the person’s sessions and clears the cookie, leaving other people signed in', async () => {
    const org = await buildOrganisation(t.database.db);
    const person = await buildPerson(t.database.db, { org });
    const colleague = await buildPerson(t.database.db, { org });
    const devices = [await t.cookieFor(person), await t.cookieFor(person), await t.cookieFor(person)];
    const theirs = await t.cookieFor(colleague);
    for (const cookie of devices) expect(await me(cookie)).toBe(200);

    const res = await t.request('POST', '/api/auth/logout-everywhere', { cookie: devices[1] });
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().join()).toMatch(new RegExp(`${SESSION_COOKIE}=;`));
    for (const cookie of devices) expect(await me(cookie)).toBe(401);
    expect(await me(theirs)).toBe(200);
    const live = await t.database.db.selectFrom('auth_sessions').where('person_id', '=', person.id).where('revoked_at', 'is', null).select('id').execute();
    expect(live).toEqual([]);
  });

  it('answers 401 when not signed in', async () => {
    expect((await t.request('POST', '/api/auth/logout-everywhere')).status).toBe(401);
  });
});
