// Signing in with a log-in link, end to end: the request, the mail through a real SMTP listener,
// the exchange for a session cookie, and the lives of links and sessions.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ParsedMail } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../../../test/app.ts';
import { PAST_MONDAY } from '../../../test/dates.ts';
import { buildOrganisation, buildPerson, type OrgRow } from '../../../test/factories.ts';
import { SESSION_COOKIE } from '../../http/auth.ts';
import { authenticate, signInWithLink } from './service.ts';
import { newSecret } from '../../lib/secrets.ts';

let t: TestApp;
let org: OrgRow;
beforeAll(async () => {
  t = await startTestApp();
  org = await buildOrganisation(t.database.db);
});

const MINUTE = 60_000;
const after = (start: Date, minutes: number) => new Date(start.getTime() + minutes * MINUTE);

async function askForLink(email: string) {
  const res = await t.request('POST', '/api/auth/login-link', { body: { email } });
  return { status: res.status, text: await res.text() };
}

/** The n-th log-in mail to this address, and the token in its link. */
async function linkMail(email: string, n = 1): Promise<{ mail: ParsedMail; token: string; url: URL }> {
  await t.mailbox.waitFor(() => t.mailbox.to(email).length >= n);
  const mail = t.mailbox.to(email)[n - 1]!;
  const anchor = /<a\b[^>]*\bid="login-link"[^>]*>/.exec(String(mail.html))?.[0];
  expect(anchor, 'an element with id login-link').toBeDefined();
  const url = new URL(/\bhref="([^"]+)"/.exec(anchor!)![1]!.replaceAll('&amp;', '&'));
  const token = new URLSearchParams(url.hash.slice(1)).get('token');
  expect(token).toMatch(/^[\w-]{20,100}$/);
  return { mail, token: token!, url };
}

async function tokenFor(email: string) {
  const already = t.mailbox.to(email).length;
  expect((await askForLink(email)).status).toBe(202);
  return (await linkMail(email, already + 1)).token;
}

async function signIn(token: string, cookie?: string) {
  const res = await t.request('POST', '/api/auth/session', { body: { token }, cookie });
  const setCookie = res.headers.getSetCookie();
  return { res, setCookie, cookie: setCookie[0]?.split(';')[0] };
}

const me = (cookie: string | undefined) => t.request('GET', '/api/me', { cookie });
const cookieToken = (cookie: string) => cookie.slice(SESSION_COOKIE.length + 1);

describe('asking for a log-in link', () => {
  it('answers known and unknown addresses alike, and mails only the known one', async () => {
    const person = await buildPerson(t.database.db, { org });
    const unknown = `nobody-${crypto.randomUUID()}@example.test`;
    const forUnknown = await askForLink(unknown);
    const forKnown = await askForLink(person.email);
    expect(forKnown.status).toBe(202);
    expect(forUnknown).toEqual(forKnown);
    await linkMail(person.email);
    expect(t.mailbox.to(unknown)).toHaveLength(0);
    expect(await t.database.db.selectFrom('login_links').where('person_id', '=', person.id).selectAll().execute()).toHaveLength(1);
  });

  it.each([
    ['en', 'Your Quartet sign-in link', 'Sign in to Quartet'],
    ['de', 'Ihr Anmeldelink für Quartet', 'Bei Quartet anmelden'],
  ] as const)('mails a %s link to the sign-in page, the token in the fragment', async (locale, subject, button) => {
    const person = await buildPerson(t.database.db, { org, locale, email: `Mixed.${crypto.randomUUID()}@Example.test` });
    expect((await askForLink(person.email.toUpperCase())).status).toBe(202);
    const { mail, token, url } = await linkMail(person.email);
    expect(mail.subject).toBe(subject);
    expect(String(mail.html)).toContain(button);
    expect(url.origin).toBe(TEST_ORIGIN);
    expect(url.pathname).toBe('/sign-in');
    expect(url.search).toBe('');
    expect(url.hash).toBe(`#token=${token}`);
    expect(mail.text).toContain(url.href);
  });

  it('mails one link per organisation to an address known in two, each signing in to its own', async () => {
    const email = `shared-${crypto.randomUUID()}@example.test`;
    const other = await buildOrganisation(t.database.db);
    const here = await buildPerson(t.database.db, { org, email });
    const there = await buildPerson(t.database.db, { org: other, email });
    expect((await askForLink(email)).status).toBe(202);
    const first = await linkMail(email, 1);
    const second = await linkMail(email, 2);
    expect(t.mailbox.to(email)).toHaveLength(2);
    expect([first.mail.text, second.mail.text].map((text) => text?.includes(org.name)).sort()).toEqual([false, true]);
    const signedIn = await Promise.all([first, second].map(async ({ token }) => (await (await signIn(token)).res.json()).personId));
    expect(signedIn.sort()).toEqual([here.id, there.id].sort());
  });

  it('sends nothing to a deactivated person', async () => {
    const person = await buildPerson(t.database.db, { org, active: false });
    expect((await askForLink(person.email)).status).toBe(202);
    const control = await buildPerson(t.database.db, { org });
    await tokenFor(control.email);
    expect(t.mailbox.to(person.email)).toHaveLength(0);
  });
});

describe('exchanging a link for a session', () => {
  it('sets a __Host- cookie that is HttpOnly, Secure, SameSite=Strict, for / and no domain', async () => {
    const person = await buildPerson(t.database.db, { org });
    const { res, setCookie, cookie } = await signIn(await tokenFor(person.email));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ personId: person.id, orgId: org.id });
    expect(setCookie).toHaveLength(1);
    const [nameValue, ...attributes] = setCookie[0]!.split(/;\s*/);
    expect(nameValue).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{20,100}$`));
    const attrs = attributes.map((a) => a.toLowerCase());
    expect(attrs).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/', `max-age=${org.session_absolute_hours * 3600}`]));
    expect(attrs.some((a) => a.startsWith('domain'))).toBe(false);
    const who = await me(cookie);
    expect(who.status).toBe(200);
    expect((await who.json()).id).toBe(person.id);
  });

  it('works once: a second use answers 401 LINK_INVALID and sets no cookie', async () => {
    const person = await buildPerson(t.database.db, { org });
    const token = await tokenFor(person.email);
    expect((await signIn(token)).res.status).toBe(200);
    const again = await signIn(token);
    expect(again.res.status).toBe(401);
    expect(await again.res.json()).toMatchObject({ code: 'LINK_INVALID', message: expect.any(String) });
    expect(again.setCookie).toEqual([]);
  });

  it('expires after 15 minutes', async () => {
    const person = await buildPerson(t.database.db, { org });
    const asked = new Date();
    const token = await tokenFor(person.email);
    expect(await signInWithLink(t.database.db, token, undefined, after(asked, 16))).toBeUndefined();
    expect(await signInWithLink(t.database.db, token, undefined, after(asked, 14))).toMatchObject({ personId: person.id });

    const late = await tokenFor(person.email);
    await t.database.db.updateTable('login_links').set({ expires_at: PAST_MONDAY }).where('person_id', '=', person.id).where('used_at', 'is', null).execute();
    const res = await signIn(late);
    expect(res.res.status).toBe(401);
    expect(await res.res.json()).toMatchObject({ code: 'LINK_INVALID' });
    expect(res.setCookie).toEqual([]);
  });

  it('answers a token never issued exactly as a used or an expired one', async () => {
    const person = await buildPerson(t.database.db, { org });
    const used = await tokenFor(person.email);
    expect((await signIn(used)).res.status).toBe(200);
    const expired = await tokenFor(person.email);
    await t.database.db.updateTable('login_links').set({ expires_at: PAST_MONDAY }).where('person_id', '=', person.id).where('used_at', 'is', null).execute();
    const answers = [];
    for (const token of [used, expired, newSecret()]) {
      const { res, setCookie } = await signIn(token);
      answers.push({ status: res.status, body: await res.json(), setCookie });
    }
    expect(answers[0]).toMatchObject({ status: 401, body: { code: 'LINK_INVALID' }, setCookie: [] });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('stores only a hash of the token', async () => {
    const person = await buildPerson(t.database.db, { org });
    const token = await tokenFor(person.email);
    // Every column of every row, as PostgreSQL prints it (bytea as \x…hex).
    const { rows } = await sql<{ row: string }>`select l::text as row from login_links l`.execute(t.database.db);
    const stored = rows.map((r) => r.row).join('\n');
    expect(stored).toContain(createHash('sha256').update(token).digest('hex'));
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
  });

  it('signs nobody in whom an admin deactivated after the link was mailed, and leaves no session to wake on reactivation', async () => {
    const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const person = await buildPerson(t.database.db, { org });
    const token = await tokenFor(person.email);
    const adminCookie = await t.cookieFor(admin);
    const deactivate = await t.request('PATCH', `/api/admin/people/${person.id}`, { cookie: adminCookie, body: { active: false } });
    expect(deactivate.status).toBe(200);

    const { res, setCookie } = await signIn(token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'LINK_INVALID' });
    expect(setCookie).toEqual([]);
    const sessions = await t.database.db.selectFrom('auth_sessions').where('person_id', '=', person.id).select('id').execute();
    expect(sessions).toEqual([]);
    const signIns = await t.database.db.selectFrom('audit_log').where('action', '=', 'auth.signed_in').where('actor_id', '=', person.id).select('id').execute();
    expect(signIns).toEqual([]);
  });
});

describe('a session', () => {
  it('is rotated at sign-in: the cookie held before stops working', async () => {
    const person = await buildPerson(t.database.db, { org });
    const first = await signIn(await tokenFor(person.email));
    const second = await signIn(await tokenFor(person.email), first.cookie);
    expect(second.res.status).toBe(200);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await me(first.cookie)).status).toBe(401);
    expect((await me(second.cookie)).status).toBe(200);
  });

  it('ends at logout', async () => {
    const person = await buildPerson(t.database.db, { org });
    const { cookie } = await signIn(await tokenFor(person.email));
    const out = await t.request('POST', '/api/auth/logout', { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(new RegExp(`^${SESSION_COOKIE}=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)`, 'i'));
    const after = await me(cookie);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("ends after the organisation's idle time without use, and lasts while used", async () => {
    const idleOrg = await buildOrganisation(t.database.db);
    await t.database.db.updateTable('organisations').set({ session_idle_minutes: 30 }).where('id', '=', idleOrg.id).execute();
    const person = await buildPerson(t.database.db, { org: idleOrg });
    const start = new Date();
    const idle = cookieToken((await signIn(await tokenFor(person.email))).cookie!);
    expect(await authenticate(t.database.db, idle, after(start, 31))).toBeUndefined();

    const used = cookieToken((await signIn(await tokenFor(person.email))).cookie!);
    expect(await authenticate(t.database.db, used, after(start, 20))).toMatchObject({ personId: person.id });
    expect(await authenticate(t.database.db, used, after(start, 45))).toMatchObject({ personId: person.id });
    expect(await authenticate(t.database.db, used, after(start, 80))).toBeUndefined();
  });

  it("ends after the organisation's absolute lifetime, however much it is used", async () => {
    const shortOrg = await buildOrganisation(t.database.db);
    await t.database.db.updateTable('organisations').set({ session_idle_minutes: 90, session_absolute_hours: 2 }).where('id', '=', shortOrg.id).execute();
    const person = await buildPerson(t.database.db, { org: shortOrg });
    const start = new Date();
    const { cookie, setCookie } = await signIn(await tokenFor(person.email));
    expect(setCookie[0]).toMatch(/Max-Age=7200/i);
    for (const minutes of [60, 110]) {
      expect(await authenticate(t.database.db, cookieToken(cookie!), after(start, minutes))).toMatchObject({ personId: person.id });
    }
    expect(await authenticate(t.database.db, cookieToken(cookie!), after(start, 121))).toBeUndefined();
  });

  it('follows an idle time or lifetime the admin shortens, for sessions signed in before the change', async () => {
    const changing = await buildOrganisation(t.database.db);
    const admin = await buildPerson(t.database.db, { org: changing, roles: ['admin', 'employee'] });
    const person = await buildPerson(t.database.db, { org: changing });
    const start = new Date();
    const idle = cookieToken((await signIn(await tokenFor(person.email))).cookie!);
    const used = cookieToken((await signIn(await tokenFor(person.email))).cookie!);
    const shorten = await t.request('PATCH', '/api/settings', {
      cookie: await t.cookieFor(admin), body: { sessionIdleMinutes: 30, sessionAbsoluteHours: 2 },
    });
    expect(shorten.status).toBe(200);

    expect(await authenticate(t.database.db, idle, after(start, 31))).toBeUndefined();
    for (const minutes of [25, 50, 75, 100]) {
      expect(await authenticate(t.database.db, used, after(start, minutes))).toMatchObject({ personId: person.id });
    }
    expect(await authenticate(t.database.db, used, after(start, 121))).toBeUndefined();
  });

  it('stops working when the person is deactivated', async () => {
    const person = await buildPerson(t.database.db, { org });
    const { cookie } = await signIn(await tokenFor(person.email));
    expect((await me(cookie)).status).toBe(200);
    await t.database.db.updateTable('people').set({ active: false }).where('id', '=', person.id).execute();
    expect((await me(cookie)).status).toBe(401);
  });
});
