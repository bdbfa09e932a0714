// GET /api/session: the web app's first question on every page, answered 200 whether or not
// someone is signed in, so a visit before signing in logs no failed request in the browser.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

describe('GET /api/session', () => {
  it('answers the signed-in person as /api/me does, and null for nobody, a stale cookie or one signed out', async () => {
    const org = await buildOrganisation(t.database.db);
    const person = await buildPerson(t.database.db, { org, name: 'Ana Session' });
    const cookie = await t.cookieFor(person);
    const me = await t.request('GET', '/api/me', { cookie });
    const session = await t.request('GET', '/api/session', { cookie });
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({ me: await me.json() });

    for (const answer of [
      await t.request('GET', '/api/session'),
      await t.request('GET', '/api/session', { cookie: cookie.replace(/=([\w-]+)/, '=stale-stale-stale-stale-stale') }),
    ]) {
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ me: null });
    }
    expect((await t.request('POST', '/api/auth/logout', { cookie })).status).toBe(204);
    expect(await (await t.request('GET', '/api/session', { cookie })).json()).toEqual({ me: null });
    // /api/me keeps its contract for API clients: 401 without a session.
    expect((await t.request('GET', '/api/me', { cookie })).status).toBe(401);
  });

  it('answers null for an unknown bearer token, which names nobody', async () => {
    const nobody = await t.request('GET', '/api/session', { headers: { authorization: 'Bearer not-a-real-token-but-long-enough' } });
    expect(nobody.status).toBe(200);
    expect(await nobody.json()).toEqual({ me: null });
  });
});
