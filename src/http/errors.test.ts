// The error handler on its own: what Fastify refuses gets our codes, and an unexpected database
// error is logged without the values PostgreSQL put into it.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorHandler } from './errors.ts';

const lines: string[] = [];
const app = Fastify({
  loggerInstance: pino(new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done(); } })),
  bodyLimit: 1024,
});

beforeAll(async () => {
  app.setErrorHandler(errorHandler);
  app.post('/echo', async (request) => request.body);
  app.get('/broken', async () => {
    // As pg reports a unique violation: the address is in the detail.
    throw Object.assign(new Error('duplicate key value violates unique constraint "people_org_email_key"'), {
      name: 'error', code: '23505', constraint: 'people_org_email_key', table: 'people',
      detail: 'Key (org_id, email)=(5d0c…, ada.lovelace@example.com) already exists.', where: 'SQL statement "insert … ada.lovelace@example.com"',
    });
  });
  await app.ready();
});
afterAll(() => app.close());

describe('errors Fastify raises before a handler runs', () => {
  it('answers a body that is not JSON with 400 VALIDATION_FAILED naming the body', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'body', message: expect.any(String) }] });
  });

  it('answers an empty JSON body with 400 VALIDATION_FAILED naming the body', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'body' }] });
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ a: 'x'.repeat(2048) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
  });

  it('answers a media type it cannot read with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/x-unknown' }, payload: 'a=1' });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });
});

describe('an unexpected error', () => {
  it('answers 500 without details and logs where it happened, not the values in it', async () => {
    lines.length = 0;
    const res = await app.inject({ method: 'GET', url: '/broken' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'INTERNAL', message: expect.any(String) });
    expect(res.body).not.toContain('people_org_email_key');
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; err?: Record<string, unknown> }).find((l) => l.msg === 'unhandled error');
    expect(logged?.err).toMatchObject({ code: '23505', constraint: 'people_org_email_key', table: 'people' });
    expect(lines.join('\n')).not.toContain('ada.lovelace');
  });
});
