// Integration tokens: made by admins and shown once, stored as a hash, limited to their scopes,
// revocable, with the time of last use; usable without a browser Origin; blind to other organisations.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';
import { hashSecret } from '../../lib/secrets.ts';

let t: TestApp;
let org: OrgRow;
let admin: PersonRow;
let cookie: string;
beforeAll(async () => {
  t = await startTestApp();
  org = await buildOrganisation(t.database.db);
  admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
  cookie = await t.cookieFor(admin);
});

async function makeToken(scopes: string[], as = cookie) {
  const res = await call(t, 'POST', '/api/tokens', { cookie: as, body: { name: `sync ${scopes.join('+')}`, scopes } });
  expect(res.status, res.text).toBe(201);
  return res.body as { id: string; name: string; token: string; scopes: string[] };
}

/** A request as a script sends it: the token, no cookie, no Origin. */
function withToken(token: string, method: string, p: string, body?: unknown, contentType = 'application/json') {
  return fetch(`${t.url}${p}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': contentType }) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const rowOf = (id: string) => t.database.db.selectFrom('api_tokens').where('id', '=', id).selectAll().executeTakeFirstOrThrow();

describe('making and listing tokens', () => {
  it('shows the token once, keeps only its hash, and lists tokens without secrets', async () => {
    const made = await makeToken(['sessions', 'read', 'read']);
    expect(made).toMatchObject({ name: 'sync sessions+read+read', scopes: ['read', 'sessions'], revoked: false, lastUsedAt: null });
    expect(made.token).toMatch(/^qt_[\w-]{43}$/);
    const row = await rowOf(made.id);
    expect(row.token_hash.equals(hashSecret(made.token))).toBe(true);
    expect(JSON.stringify(row)).not.toContain(made.token.slice(3));

    const list = await call(t, 'GET', '/api/tokens', { cookie });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(made.token.slice(3));
    expect(list.body.tokens.find((x: { id: string }) => x.id === made.id)).toEqual({
      id: made.id, name: made.name, scopes: ['read', 'sessions'], createdAt: expect.any(String), lastUsedAt: null, revoked: false, revokedAt: null,
    });
  });

  it('is for admins signed in themselves: not employees, not tokens', async () => {
    const employee = await buildPerson(t.database.db, { org });
    const theirCookie = await t.cookieFor(employee);
    expect((await call(t, 'POST', '/api/tokens', { cookie: theirCookie, body: { name: 'x', scopes: ['read'] } })).status).toBe(403);
    expect((await call(t, 'GET', '/api/tokens', { cookie: theirCookie })).status).toBe(403);
    const token = (await makeToken(['read', 'sessions', 'people:import'])).token;
    expect((await withToken(token, 'GET', '/api/tokens')).status).toBe(403);
    expect((await withToken(token, 'POST', '/api/tokens', { name: 'y', scopes: ['read'] })).status).toBe(403);
    expect((await call(t, 'POST', '/api/tokens', { cookie, body: { name: 'z', scopes: ['write'] } })).status).toBe(400);
    expect((await call(t, 'POST', '/api/tokens', { cookie, body: { name: 'z', scopes: [] } })).status).toBe(400);
  });
});

describe('using a token', () => {
  it('lets a read token read, records its use, and refuses its writes', async () => {
    const { id, token } = await makeToken(['read']);
    const session = await buildSession(t.database.db, { org });
    const res = await withToken(token, 'GET', `/api/sessions/${session.id}`);
    expect(res.status).toBe(200);
    expect((await rowOf(id)).last_used_at).toBeInstanceOf(Date);
    expect((await withToken(token, 'GET', '/api/settings')).status).toBe(200);
    const before = await rowOf(id);
    await withToken(token, 'GET', '/api/settings');
    expect((await rowOf(id)).last_used_at, 'touched at most once a minute').toEqual(before.last_used_at);

    const publish = await withToken(token, 'POST', '/api/sessions', { moduleId: session.module_id, coachId: session.coach_id, startsAt: hoursAfterReference(9 * 24).toISOString(), timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/t' });
    expect(publish.status).toBe(403);
    expect((await withToken(token, 'POST', `/api/sessions/${session.id}/cancel`, { reason: 'no' })).status).toBe(403);
    expect((await withToken(token, 'POST', `/api/sessions/${session.id}/bookings`)).status).toBe(403);
    expect((await withToken(token, 'PATCH', '/api/settings', { maxFutureBookings: 9 })).status).toBe(403);
    expect((await withToken(token, 'POST', '/api/auth/logout-everywhere')).status).toBe(403);
    expect((await withToken(token, 'POST', '/api/admin/people/import?dryRun=true', 'name,email\nA,a@x.test', 'text/csv')).status).toBe(403);
  });

  it('does not let a read token read the webhook endpoints, whose secrets sign the deliveries', async () => {
    const { token } = await makeToken(['read', 'sessions', 'people:import']);
    const res = await withToken(token, 'GET', '/api/admin/webhooks');
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('secret');
    expect((await call(t, 'GET', '/api/admin/webhooks', { cookie })).status).toBe(200);
  });

  it('lets a sessions token publish and cancel sessions without an Origin, but not read', async () => {
    const { token } = await makeToken(['sessions']);
    const coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] });
    const module = await buildModule(t.database.db, { org });
    const res = await withToken(token, 'POST', '/api/sessions', { moduleId: module.id, coachId: coach.id, startsAt: hoursAfterReference(10 * 24).toISOString(), timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/s' });
    expect(res.status, await res.clone().text()).toBe(201);
    const { id } = await res.json();
    expect((await withToken(token, 'POST', `/api/sessions/${id}/cancel`, { reason: 'Planned by the HR system' })).status).toBe(200);
    expect((await withToken(token, 'GET', `/api/sessions/${id}`)).status).toBe(403);
  });

  it('lets a people:import token import people', async () => {
    const { token } = await makeToken(['people:import']);
    const res = await withToken(token, 'POST', '/api/admin/people/import?dryRun=true', `name,email\nImported One,imported-${org.slug}@example.test`, 'text/csv');
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it('still needs a same-origin Origin when a cookie comes along', async () => {
    const { token } = await makeToken(['sessions']);
    const session = await buildSession(t.database.db, { org });
    const res = await fetch(`${t.url}/api/sessions/${session.id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'forged' }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'FOREIGN_ORIGIN' });
  });

  it('stops working when revoked, when its admin is no admin any more, or when the organisation is suspended', async () => {
    const revoked = await makeToken(['read']);
    const answer = await call(t, 'POST', `/api/tokens/${revoked.id}/revoke`, { cookie });
    expect(answer.body).toMatchObject({ id: revoked.id, revoked: true, revokedAt: expect.any(String) });
    expect((await withToken(revoked.token, 'GET', '/api/me')).status).toBe(401);
    expect((await withToken(`${revoked.token}x`, 'GET', '/api/me')).status).toBe(401);

    const other = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const demoted = await makeToken(['read'], await t.cookieFor(other));
    expect((await withToken(demoted.token, 'GET', '/api/me')).status).toBe(200);
    await t.database.db.updateTable('people').set({ roles: ['employee'] }).where('id', '=', other.id).execute();
    expect((await withToken(demoted.token, 'GET', '/api/me')).status).toBe(401);

    const suspendedOrg = await buildOrganisation(t.database.db);
    const theirAdmin = await buildPerson(t.database.db, { org: suspendedOrg, roles: ['admin', 'employee'] });
    const theirs = await makeToken(['read'], await t.cookieFor(theirAdmin));
    expect((await withToken(theirs.token, 'GET', '/api/me')).status).toBe(200);
    await t.database.db.updateTable('organisations').set({ status: 'suspended' }).where('id', '=', suspendedOrg.id).execute();
    expect((await withToken(theirs.token, 'GET', '/api/me')).status).toBe(401);
  });
});

describe('another organisation’s token', () => {
  it('sees nothing of this organisation and cannot revoke its tokens', async () => {
    const mine = await makeToken(['read']);
    const session = await buildSession(t.database.db, { org });
    const otherOrg = await buildOrganisation(t.database.db);
    const otherAdmin = await buildPerson(t.database.db, { org: otherOrg, roles: ['admin', 'employee'] });
    const otherCookie = await t.cookieFor(otherAdmin);
    const theirs = await makeToken(['read', 'sessions'], otherCookie);

    expect((await withToken(theirs.token, 'GET', `/api/sessions/${session.id}`)).status).toBe(404);
    const list = await withToken(theirs.token, 'GET', '/api/sessions');
    expect(list.status).toBe(200);
    expect(await list.text()).not.toContain(session.id);
    expect((await withToken(theirs.token, 'POST', `/api/sessions/${session.id}/cancel`, { reason: 'x' })).status).toBe(404);
    expect((await call(t, 'POST', `/api/tokens/${mine.id}/revoke`, { cookie: otherCookie })).status).toBe(404);
    expect((await call(t, 'GET', '/api/tokens', { cookie: otherCookie })).text).not.toContain(mine.id);
    expect((await rowOf(mine.id)).revoked_at).toBeNull();
  });
});
