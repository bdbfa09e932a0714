// What every client and operator relies on: health and readiness, metrics, the OpenAPI document
// and its docs page, JSON answers for unknown routes and other organisations' objects, and 400s
// that name the fields at fault.
import { createServer, type AddressInfo } from 'node:net';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config.ts';
import { openDatabase } from '../db/pool.ts';
import { createSmtpMailer } from '../lib/mailer.ts';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../../test/app.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow } from '../../test/factories.ts';
import { buildApp } from '../app.ts';
import { createMetrics } from './metrics.ts';

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123456789';
let t: TestApp;
let org: OrgRow;
beforeAll(async () => {
  t = await startTestApp({ env: { METRICS_TOKEN } });
  org = await buildOrganisation(t.database.db);
});

async function json(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return res.json();
}

/** The value of one series in Prometheus text, 0 if it has not appeared yet. */
function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return 0;
}
const metrics = async () => (await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();

describe('health', () => {
  it('/healthz and /readyz answer 200 while the database is reachable', async () => {
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('/readyz answers 503 while /healthz stays 200 when the database cannot be reached', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const broken = openDatabase(`postgres://postgres@127.0.0.1:${closedPort}/quartet`, 2);
    const config = loadConfig({ BASE_URL: TEST_ORIGIN, SMTP_URL: t.mailbox.url, LOG_LEVEL: 'silent' });
    const mailer = createSmtpMailer(t.mailbox.url, config.mailFrom);
    const app = await buildApp(
      { config, db: broken.db, pool: broken.pool, mailer, mailCatcher: undefined, metrics: createMetrics(broken.pool) },
      pino({ level: 'silent' }),
    );
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'database unreachable' });
      expect(ready.headers['retry-after']).toBe('5');
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      // Any request that needs the database answers 503 with a code and Retry-After, never 500.
      for (const request of [
        { method: 'POST' as const, url: '/api/auth/login-link', payload: { email: 'someone@example.com' } },
        { method: 'GET' as const, url: '/api/me', headers: { cookie: '__Host-quartet_session=abcdefabcdefabcdefabcdef' } },
      ]) {
        const answer = await app.inject({ ...request, headers: { origin: TEST_ORIGIN, ...request.headers } });
        expect(answer.statusCode, request.url).toBe(503);
        expect(answer.headers['retry-after']).toBe('5');
        expect(answer.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
      }
      expect(broken.availability.up).toBe(false);
    } finally {
      await app.close();
      mailer.close();
      await broken.close();
    }
  });
});

describe('/healthz', () => {
  it('fails once the process says it cannot get its database back by itself', async () => {
    let canRecover = true;
    const app = await buildApp({ ...t.ctx, canRecover: () => canRecover }, pino({ level: 'silent' }));
    try {
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      canRecover = false;
      const failing = await app.inject({ method: 'GET', url: '/healthz' });
      expect(failing.statusCode).toBe(503);
      expect(failing.json()).toEqual({ status: 'cannot recover' });
    } finally {
      await app.close();
    }
  });
});

describe('/metrics', () => {
  it('answers only with the metrics token, and not at all without one configured', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN.slice(0, -1)}x` } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('quartet_');
    const right = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('quartet_http_requests_total');

    const config = loadConfig({ BASE_URL: TEST_ORIGIN, SMTP_URL: t.mailbox.url, LOG_LEVEL: 'silent' });
    const mailer = createSmtpMailer(t.mailbox.url, config.mailFrom);
    const unset = await buildApp({ ...t.ctx, config, mailer }, pino({ level: 'silent' }));
    try {
      const off = await unset.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(off.statusCode).toBe(404);
      expect(off.body).not.toContain('quartet_');
    } finally {
      await unset.close();
      mailer.close();
    }
  });

  it('counts requests by route and status and measures their duration', async () => {
    const series = { method: 'GET', route: '/healthz', status: '200' };
    const before = metric(await metrics(), 'quartet_http_requests_total', series);
    await fetch(`${t.url}/healthz`);
    await fetch(`${t.url}/healthz`);
    // The counter moves once the answer has gone out, which may be a moment after fetch returns.
    await expect.poll(async () => metric(await metrics(), 'quartet_http_requests_total', series)).toBe(before + 2);
    const text = await metrics();
    expect(metric(text, 'quartet_http_request_duration_seconds_count', { method: 'GET', route: '/healthz' })).toBeGreaterThanOrEqual(before + 2);
    expect(metric(text, 'quartet_http_request_duration_seconds_bucket', { le: '+Inf', method: 'GET', route: '/healthz' })).toBeGreaterThanOrEqual(before + 2);
  });

  it('counts bookings by outcome and shows the connections of the database pool', async () => {
    const session = await buildSession(t.database.db, { org });
    const cookie = await t.cookieFor(await buildPerson(t.database.db, { org }));
    const before = await metrics();
    const booked = { operation: 'book', outcome: 'book' };
    const refused = { operation: 'book', outcome: 'ALREADY_BOOKED' };
    expect((await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie })).status).toBe(201);
    expect((await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie })).status).toBe(409);
    const after = await metrics();
    expect(metric(after, 'quartet_bookings_total', booked)).toBe(metric(before, 'quartet_bookings_total', booked) + 1);
    expect(metric(after, 'quartet_bookings_total', refused)).toBe(metric(before, 'quartet_bookings_total', refused) + 1);
    expect(after).toMatch(/^quartet_db_pool_connections \d+$/m);
    expect(metric(after, 'quartet_db_pool_connections')).toBeGreaterThanOrEqual(1);
  });

  it('does not count an idempotent replay again', async () => {
    const session = await buildSession(t.database.db, { org });
    const cookie = await t.cookieFor(await buildPerson(t.database.db, { org }));
    const booked = { operation: 'book', outcome: 'book' };
    const headers = { 'idempotency-key': `metrics-${session.id}` };
    const before = metric(await metrics(), 'quartet_bookings_total', booked);
    expect((await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie, headers })).status).toBe(201);
    const replay = await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie, headers });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(metric(await metrics(), 'quartet_bookings_total', booked)).toBe(before + 1);
  });
});

describe('the OpenAPI document', () => {
  const STABLE = [
    'POST /api/auth/login-link', 'POST /api/auth/session', 'GET /api/me', 'GET /api/sessions', 'POST /api/sessions',
    'GET /api/sessions/{id}', 'PATCH /api/sessions/{id}', 'POST /api/sessions/{id}/cancel', 'POST /api/sessions/{id}/bookings',
    'POST /api/bookings/{id}/cancel', 'POST /api/bookings/{id}/move', 'GET /api/me/bookings',
  ];

  it('is OpenAPI 3 with every stable path, each operation answering and declaring its path parameters', async () => {
    const res = await fetch(`${t.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    const operations: string[] = [];
    for (const [path, methods] of Object.entries<Record<string, { responses?: object; parameters?: Array<{ in: string; name: string; required?: boolean }> }>>(doc.paths)) {
      expect(path).toMatch(/^\/api\//);
      for (const [method, op] of Object.entries(methods)) {
        operations.push(`${method.toUpperCase()} ${path}`);
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path} responses`).toBeGreaterThan(0);
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path' && p.required).map((p) => p.name).sort();
        expect(declared, `${method} ${path} parameters`).toEqual([...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
      }
    }
    expect(operations).toEqual(expect.arrayContaining(STABLE));
    // Every reference points into the document itself.
    for (const [, ref] of JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)) {
      const target = ref!.replace(/^#\//, '').split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it('has a docs page at /api/docs', async () => {
    const res = await fetch(`${t.url}/api/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/swagger-ui/i);
  });
});

describe('error answers', () => {
  it.each([['GET', '/api/no-such-thing'], ['POST', '/api/no-such-thing'], ['DELETE', '/api/sessions'], ['GET', '/api/sessions/x/y/z']])(
    '%s %s -> 404 JSON', async (method, path) => {
      const res = await t.request(method, path);
      expect(res.status).toBe(404);
      expect(await json(res)).toMatchObject({ code: 'NOT_FOUND', message: expect.any(String) });
    },
  );

  it('answers a header section over 16 KiB (a long address, long headers) 431 in the same JSON shape', async () => {
    for (const [path, headers] of [[`/api/sessions?q=${'x'.repeat(17_000)}`, {}], ['/api/sessions', { 'x-note': 'y'.repeat(17_000) }]] as const) {
      const res = await t.request('GET', path, { headers });
      expect(res.status).toBe(431);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await json(res)).toEqual({ code: 'HEADERS_TOO_LARGE', message: expect.stringContaining('16 KiB') });
    }
  });

  it("answers 404 for another organisation's session or booking, even to an admin, and leaves it alone", async () => {
    const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'coach', 'employee'] });
    const cookie = await t.cookieFor(admin);
    const theirSession = await buildSession(t.database.db);
    const theirBooking = await buildBooking(t.database.db, { session: theirSession });
    const ourSession = await buildSession(t.database.db, { org });
    const attempts: Array<[string, string, unknown?]> = [
      ['GET', `/api/sessions/${theirSession.id}`],
      ['PATCH', `/api/sessions/${theirSession.id}`, { locationNote: 'Moved' }],
      ['POST', `/api/sessions/${theirSession.id}/cancel`, { reason: 'Taken over' }],
      ['POST', `/api/sessions/${theirSession.id}/bookings`],
      ['GET', `/api/sessions/${theirSession.id}/roster`],
      ['GET', `/api/bookings/${theirBooking.id}`],
      ['POST', `/api/bookings/${theirBooking.id}/cancel`],
      ['POST', `/api/bookings/${theirBooking.id}/move`, { sessionId: ourSession.id }],
      ['PUT', `/api/bookings/${theirBooking.id}/attendance`, { status: 'no_show' }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await t.request(method, path, { cookie, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await json(res)).toMatchObject({ code: 'NOT_FOUND' });
    }
    const session = await t.database.db.selectFrom('sessions').where('id', '=', theirSession.id).selectAll().executeTakeFirstOrThrow();
    expect(session).toMatchObject({ status: 'scheduled', location_note: null, seats_taken: 1 });
    const booking = await t.database.db.selectFrom('bookings').where('id', '=', theirBooking.id).selectAll().executeTakeFirstOrThrow();
    expect(booking.status).toBe('active');
  });

  const fieldsOf = async (res: Response) => {
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.code).toBe('VALIDATION_FAILED');
    return (body.fields as Array<{ field: string; message: string }>).map((f) => f.field);
  };

  it('a 400 names every field at fault: a bad moduleId and a missing timeZone', async () => {
    const cookie = await t.cookieFor(await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] }));
    const res = await t.request('POST', '/api/sessions', {
      cookie, body: { moduleId: 'not-a-uuid', startsAt: '2031-05-04T10:00:00Z', format: 'virtual', onlineUrl: 'https://meet.example.test/a' },
    });
    expect(await fieldsOf(res)).toEqual(expect.arrayContaining(['body.moduleId', 'body.timeZone']));
  });

  it('names the field for values the database could not hold: NUL characters, six-digit years, broken cursors', async () => {
    const coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] });
    const cookie = await t.cookieFor(coach);
    const module = await buildModule(t.database.db, { org });
    const publish = { moduleId: module.id, timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/b' };
    const cursor = (text: string) => Buffer.from(text).toString('base64url');
    const cases: Array<[string, string, unknown, string]> = [
      ['PATCH', '/api/me', { name: 'Ann\u0000e' }, 'body.name'],
      ['GET', '/api/sessions?site=Ham%00burg', undefined, 'querystring.site'],
      ['POST', '/api/sessions', { ...publish, startsAt: '2031-05-04T10:00:00Z', locationNote: '\u0000' }, 'body.locationNote'],
      ['POST', '/api/sessions', { ...publish, startsAt: '+275760-09-13T00:00:00Z' }, 'body.startsAt'],
      ['GET', `/api/sessions?cursor=${cursor(`-271821-04-20T00:00:00.000Z|${crypto.randomUUID()}`)}`, undefined, 'cursor'],
      ['GET', `/api/sessions?cursor=${cursor(`2031-01-01T00:00:00.000Z|${'-'.repeat(36)}`)}`, undefined, 'cursor'],
    ];
    for (const [method, path, body, field] of cases) {
      expect(await fieldsOf(await t.request(method, path, { cookie, body })), `${method} ${path}`).toContain(field);
    }
    expect((await t.database.db.selectFrom('people').where('id', '=', coach.id).select('name').executeTakeFirstOrThrow()).name).toBe(coach.name);
  });
});
