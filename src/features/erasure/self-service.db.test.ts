// An employee erases their own account: a link by mail (single use, an hour, bound to them,
// rate-limited, audited), what will happen, the final button, signed out.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildPerson, buildSession, type PersonRow } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

/** Asks for a link as the person and reads the token from the mail that arrives. */
async function mailedToken(person: PersonRow, cookie: string): Promise<string> {
  const subject = person.locale === 'de' ? 'Bestätigen Sie, dass Ihr Quartet-Konto gelöscht werden soll' : 'Confirm that your Quartet account should be erased';
  const erasureMails = () => t.mailbox.to(person.email).filter((m) => m.subject === subject);
  const seen = erasureMails().length;
  const asked = await call(t, 'POST', '/api/me/erasure-request', { cookie });
  expect(asked.status, asked.text).toBe(202);
  await t.mailbox.waitFor(() => erasureMails().length > seen);
  const mail = erasureMails()[seen]!;
  const token = /\/erase#token=([\w-]+)/.exec(mail.text ?? '')?.[1];
  expect(token).toBeDefined();
  return token!;
}

describe('the confirmation link', () => {
  it('shows what will happen, only to the person it was mailed to (404 to anyone else)', async () => {
    const person = await buildPerson(t.database.db, { locale: 'de' });
    const other = await buildPerson(t.database.db, { org: { id: person.org_id } });
    const session = await buildSession(t.database.db, { org: { id: person.org_id } });
    const cookie = await t.cookieFor(person);
    expect((await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie })).status).toBe(201);
    const token = await mailedToken(person, cookie);

    const foreign = await call(t, 'POST', '/api/me/erasure/preview', { cookie: await t.cookieFor(other), body: { token } });
    expect(foreign.status).toBe(404);
    const confirmForeign = await call(t, 'POST', '/api/me/erasure', { cookie: await t.cookieFor(other), body: { token } });
    expect(confirmForeign.status).toBe(404);
    // Someone else's try used nothing up and erased nobody.
    const { rows: untouched } = await t.database.pool.query(`select count(*)::int as n from people where id = any($1)`, [[person.id, other.id]]);
    expect(untouched[0].n).toBe(2);

    const preview = await call(t, 'POST', '/api/me/erasure/preview', { cookie, body: { token } });
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body).toMatchObject({ futureBookings: 1, pastBookings: 0, ratings: 0, supports: 0, upcomingSessionsCoached: 0, lastAdmin: false });
    expect(preview.text).not.toContain(person.email);
    // Reading it twice is fine: only the final button uses it up.
    expect((await call(t, 'POST', '/api/me/erasure/preview', { cookie, body: { token } })).status).toBe(200);
    const { rows: requested } = await t.database.pool.query(`select count(*)::int as n from audit_log where org_id = $1 and action = 'person.erasure_requested'`, [person.org_id]);
    expect(requested[0].n).toBe(1);
  });

  it('expires after its hour, and a newer link replaces it', async () => {
    const person = await buildPerson(t.database.db);
    const cookie = await t.cookieFor(person);
    const first = await mailedToken(person, cookie);
    const second = await mailedToken(person, cookie);
    const replaced = await call(t, 'POST', '/api/me/erasure', { cookie, body: { token: first } });
    expect(replaced.status).toBe(409);
    expect(replaced.body.code).toBe('ERASURE_LINK_USED');
    await t.database.pool.query(`update erasure_requests set expires_at = now() - interval '1 second' where person_id = $1 and used_at is null`, [person.id]);
    const expired = await call(t, 'POST', '/api/me/erasure', { cookie, body: { token: second } });
    expect(expired.status).toBe(409);
    expect(expired.body.code).toBe('ERASURE_LINK_EXPIRED');
    expect((await call(t, 'GET', '/api/me', { cookie })).status).toBe(200);
  });

  it('stores only the hash of the token, and refuses what is not a token (400)', async () => {
    const person = await buildPerson(t.database.db);
    const cookie = await t.cookieFor(person);
    const token = await mailedToken(person, cookie);
    const { rows } = await t.database.pool.query(`select token_hash from erasure_requests where person_id = $1 and used_at is null`, [person.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash.toString('base64url')).not.toBe(token);
    expect((await call(t, 'POST', '/api/me/erasure/preview', { cookie, body: { token: 'x' } })).status).toBe(400);
    expect((await call(t, 'POST', '/api/me/erasure/preview', { body: { token } })).status).toBe(401);
  });

  it('is rate-limited: a fourth link within the hour is refused (429)', async () => {
    const person = await buildPerson(t.database.db);
    const cookie = await t.cookieFor(person);
    for (let i = 0; i < 3; i++) expect((await call(t, 'POST', '/api/me/erasure-request', { cookie })).status).toBe(202);
    const fourth = await call(t, 'POST', '/api/me/erasure-request', { cookie });
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the final button', () => {
  it('erases the account, signs out, and works once even when pressed twice at the same moment', async () => {
    const person = await buildPerson(t.database.db);
    const cookie = await t.cookieFor(person);
    const token = await mailedToken(person, cookie);
    const answers = await Promise.all([0, 1].map(() => call(t, 'POST', '/api/me/erasure', { cookie, body: { token } })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses[0]).toBe(200);
    expect([401, 404, 409]).toContain(statuses[1]);
    const done = answers.find((a) => a.status === 200)!;
    expect(done.body).toEqual({ erased: true, bookingsCancelled: 0 });
    expect(done.headers.get('set-cookie')).toMatch(/quartet_session=;|Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect((await call(t, 'GET', '/api/me', { cookie })).status).toBe(401);
    expect((await call(t, 'POST', '/api/me/erasure', { cookie, body: { token } })).status).toBe(401);
    const { rows } = await t.database.pool.query(`select actor_id, subject_id, detail->>'by' as by from audit_log where org_id = $1 and action = 'person.erased'`, [person.org_id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].by).toBe('self');
    expect(rows[0].actor_id).toBe(rows[0].subject_id);
    expect(rows[0].actor_id).not.toBe(person.id);
  });

  it('refuses while the person coaches a session that has not ended, keeping the link', async () => {
    const person = await buildPerson(t.database.db, { roles: ['employee', 'coach'] });
    await buildSession(t.database.db, { org: { id: person.org_id }, coach: person });
    const cookie = await t.cookieFor(person);
    const token = await mailedToken(person, cookie);
    const preview = await call(t, 'POST', '/api/me/erasure/preview', { cookie, body: { token } });
    expect(preview.body.upcomingSessionsCoached).toBe(1);
    const refused = await call(t, 'POST', '/api/me/erasure', { cookie, body: { token } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ERASURE_COACH_HAS_SESSIONS');
    expect((await call(t, 'POST', '/api/me/erasure/preview', { cookie, body: { token } })).status).toBe(200);
  });
});
