// Rate limits on real HTTP: log-in links per address and per client, sign-ins per client, seat
// changes per person; 429 with Retry-After, nothing changed, and counters that two app
// processes over one database share.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../../test/app.ts';
import { buildOrganisation, buildPerson, buildSession, type OrgRow } from '../../test/factories.ts';
import { startSecondApp } from '../../test/second-app.ts';
import { countHit, deleteEndedWindows } from '../features/rate-limits/queries.ts';

let t: TestApp;
let org: OrgRow;
let second: { url: string };
beforeAll(async () => {
  t = await startTestApp({
    env: {
      // Clients are told apart by X-Forwarded-For here, as behind a reverse proxy.
      TRUST_PROXY: 'true',
      // Day-long windows: a test never straddles a window's end (windows end at UTC midnight).
      RATE_LIMIT_LOGIN_LINKS_PER_ADDRESS: '3/24h',
      RATE_LIMIT_LOGIN_LINKS_PER_IP: '5/24h',
      RATE_LIMIT_SIGN_INS_PER_IP: '4/24h',
      RATE_LIMIT_SEAT_CHANGES_PER_PERSON: '3/24h',
    },
  });
  second = await startSecondApp(t);
  org = await buildOrganisation(t.database.db);
});

let lastClient = 0;
/** A client address no other test uses. */
const newClient = () => `203.0.113.${++lastClient}`;
const unknownAddress = () => `nobody-${crypto.randomUUID()}@example.test`;

async function askForLink(email: string, client: string, base = t.url) {
  const res = await fetch(`${base}/api/auth/login-link`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: TEST_ORIGIN, 'x-forwarded-for': client },
    body: JSON.stringify({ email }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.json() };
}

const DAY = 86_400;

/** 429 RATE_LIMITED, and Retry-After counts the seconds until the day's window ends. */
function expectRateLimited(answer: { status: number; retryAfter: string | null; body: unknown }) {
  expect(answer.status).toBe(429);
  expect(answer.body).toEqual({ code: 'RATE_LIMITED', message: expect.any(String) });
  const untilMidnight = DAY - ((Date.now() / 1000) % DAY);
  expect(Math.abs(Number(answer.retryAfter) - untilMidnight)).toBeLessThanOrEqual(2);
}

type Answer = Awaited<ReturnType<typeof askForLink>>;

/** Two refusals alike but for the seconds left, which fall while the two are answered: both count
 * down to the same midnight, so the first is at most one second boundary ahead of the second. */
function expectAlikeButForSeconds(first: Answer, second: Answer) {
  const message = (a: Answer) => (a.body as { message: string }).message;
  const seconds = (a: Answer) => Number(/in (\d+) seconds?\./.exec(message(a))![1]);
  expect(message(first).replace(/\d+/, 'N')).toBe(message(second).replace(/\d+/, 'N'));
  expect(seconds(first) - seconds(second)).toBeGreaterThanOrEqual(0);
  expect(seconds(first) - seconds(second)).toBeLessThanOrEqual(1);
  expect(first.retryAfter).toBe(String(seconds(first)));
}

describe('log-in links', () => {
  it('per address: 202 up to the limit, then 429 with Retry-After, the same for a known and an unknown address', async () => {
    const known = (await buildPerson(t.database.db, { org })).email;
    const unknown = unknownAddress();
    for (const email of [known, unknown]) {
      for (let i = 0; i < 3; i++) {
        // A new client each time, so only the address's limit is in play.
        expect(await askForLink(email, newClient())).toMatchObject({ status: 202, body: { status: 'sent-if-known' } });
      }
    }
    const overKnown = await askForLink(known, newClient());
    const overUnknown = await askForLink(unknown, newClient());
    expectRateLimited(overKnown);
    expectRateLimited(overUnknown);
    expectAlikeButForSeconds(overKnown, overUnknown);
    // The address is counted however it is written.
    expectRateLimited(await askForLink(` ${known.toUpperCase()}`, newClient()));
  });

  it('sends no mail for a refused request and stores no address in the counters', async () => {
    const person = await buildPerson(t.database.db, { org });
    for (let i = 0; i < 3; i++) expect((await askForLink(person.email, newClient())).status).toBe(202);
    await t.mailbox.waitFor(() => t.mailbox.to(person.email).length >= 3);
    expect((await askForLink(person.email, newClient())).status).toBe(429);
    const links = await t.database.db.selectFrom('login_links').where('person_id', '=', person.id).select('id').execute();
    expect(links).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.mailbox.to(person.email)).toHaveLength(3);
    const { rows } = await sql<{ bucket: string }>`select bucket from rate_limit_hits`.execute(t.database.db);
    expect(rows.length).toBeGreaterThan(0);
    for (const { bucket } of rows) {
      expect(bucket).toMatch(/^[a-z-]+:[\w-]{43}$/);
      expect(bucket).not.toContain('@');
      expect(bucket).not.toContain('203.0.113');
    }
  });

  it('per client: 429 for any address once one client asked too often; other clients are not affected', async () => {
    const client = newClient();
    const known = (await buildPerson(t.database.db, { org })).email;
    for (let i = 0; i < 5; i++) expect((await askForLink(unknownAddress(), client)).status).toBe(202);
    const overKnown = await askForLink(known, client);
    const overUnknown = await askForLink(unknownAddress(), client);
    expectRateLimited(overKnown);
    expectRateLimited(overUnknown);
    expectAlikeButForSeconds(overKnown, overUnknown);
    expect((await askForLink(known, newClient())).status).toBe(202);
  });

  it('counts an IPv6 client by its /64, so fresh addresses from the same network do not help', async () => {
    for (let i = 1; i <= 5; i++) expect((await askForLink(unknownAddress(), `2001:db8:7:1::${i}`)).status).toBe(202);
    expect((await askForLink(unknownAddress(), '2001:0db8:0007:0001:ffff::9')).status).toBe(429);
    expect((await askForLink(unknownAddress(), '2001:db8:7:2::1')).status).toBe(202);
  });
});

describe('exchanging a log-in link for a session', () => {
  it('is limited per client, whether the tokens are good or not', async () => {
    const client = newClient();
    const signIn = (token: string) =>
      fetch(`${t.url}/api/auth/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: TEST_ORIGIN, 'x-forwarded-for': client },
        body: JSON.stringify({ token }),
      });
    for (let i = 0; i < 4; i++) expect((await signIn(`guessed-token-${i}-${'x'.repeat(30)}`)).status).toBe(401);
    const refused = await signIn(`guessed-token-4-${'x'.repeat(30)}`);
    expectRateLimited({ status: refused.status, retryAfter: refused.headers.get('retry-after'), body: await refused.json() });
  });
});

describe('seat changes', () => {
  it('are limited per person across sign-ups, cancellations and moves; the refused sign-up books nothing', async () => {
    const person = await buildPerson(t.database.db, { org });
    const cookie = await t.cookieFor(person);
    const [first, second, third] = await Promise.all([1, 2, 3].map(() => buildSession(t.database.db, { org })));
    const booked = await t.request('POST', `/api/sessions/${first!.id}/bookings`, { cookie });
    expect(booked.status).toBe(201);
    const { id } = await booked.json();
    expect((await t.request('POST', `/api/bookings/${id}/cancel`, { cookie })).status).toBe(200);
    expect((await t.request('POST', `/api/sessions/${second!.id}/bookings`, { cookie })).status).toBe(201);

    const refused = await t.request('POST', `/api/sessions/${third!.id}/bookings`, { cookie });
    expectRateLimited({ status: refused.status, retryAfter: refused.headers.get('retry-after'), body: await refused.json() });
    const bookings = await t.database.db.selectFrom('bookings').where('session_id', '=', third!.id).select('id').execute();
    expect(bookings).toEqual([]);
    const session = await t.database.db.selectFrom('sessions').where('id', '=', third!.id).select('seats_taken').executeTakeFirstOrThrow();
    expect(session.seats_taken).toBe(0);

    // Someone else is not held back by this person's limit.
    const other = await t.cookieFor(await buildPerson(t.database.db, { org }));
    expect((await t.request('POST', `/api/sessions/${third!.id}/bookings`, { cookie: other })).status).toBe(201);
  });
});

describe('two app processes over one database', () => {
  it('share the counters: a limit reached through both is refused by both', async () => {
    const email = (await buildPerson(t.database.db, { org })).email;
    expect((await askForLink(email, newClient(), t.url)).status).toBe(202);
    expect((await askForLink(email, newClient(), second.url)).status).toBe(202);
    expect((await askForLink(email, newClient(), t.url)).status).toBe(202);
    expectRateLimited(await askForLink(email, newClient(), second.url));
    expectRateLimited(await askForLink(email, newClient(), t.url));
  });

  it('count exactly under concurrency: of 40 requests at once through both, exactly the limit get through', async () => {
    const client = newClient();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => askForLink(unknownAddress(), client, i % 2 ? second.url : t.url)),
    );
    expect(answers.filter((a) => a.status === 202)).toHaveLength(5);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(35);
  });
});

describe('the counters table', () => {
  it('drops windows that ended over a day ago and keeps the current ones', async () => {
    const db = t.database.db;
    const bucket = `test:${randomBytes(32).toString('base64url')}`;
    await sql`insert into rate_limit_hits (bucket, window_start, count) values (${bucket}, now() - interval '25 hours', 9)`.execute(db);
    expect(await countHit(db, bucket, 60)).toMatchObject({ count: 1 });
    expect(await countHit(db, bucket, 60)).toMatchObject({ count: 2 });
    await deleteEndedWindows(db);
    const left = await sql<{ count: number }>`select count from rate_limit_hits where bucket = ${bucket}`.execute(db);
    expect(left.rows).toEqual([{ count: 2 }]);
  });
});
