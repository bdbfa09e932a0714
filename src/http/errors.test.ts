// The error handler on its own: what Fastify refuses gets our codes, and an unexpected database
// error is logged without the values PostgreSQL put into it.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorHandler } from './errors.ts';
import { validatorCompiler } from './validation.ts';

const lines: string[] = [];
const app = Fastify({
  loggerInstance: pino(new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString()); done(); } })),
  bodyLimit: 1024,
});

beforeAll(async () => {
  app.setErrorHandler(errorHandler);
  app.setValidatorCompiler(validatorCompiler);
  app.post('/echo', async (request) => request.body);
  app.post('/settings/:id', {
    schema: {
      params: z.object({ id: z.uuid() }),
      body: z.strictObject({ capacity: z.number().int().min(1).max(50), name: z.string().min(1), slug: z.string().regex(/^[a-z]+$/).optional() }),
    },
  }, async () => ({}));
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

describe('a field a schema refused', () => {
  it('carries the reason in a form a client can translate: code, bound, what was measured', async () => {
    const res = await app.inject({ method: 'POST', url: `/settings/${crypto.randomUUID()}`, payload: { capacity: 0, name: '', slug: 'A-1' } });
    expect(res.statusCode).toBe(400);
    const fields = (res.json() as { fields: Array<Record<string, unknown>> }).fields;
    expect(fields).toContainEqual(expect.objectContaining({ field: 'body.capacity', code: 'too_small', limit: 1, origin: 'number' }));
    expect(fields).toContainEqual(expect.objectContaining({ field: 'body.name', code: 'too_small', limit: 1, origin: 'string' }));
    expect(fields).toContainEqual(expect.objectContaining({ field: 'body.slug', code: 'invalid_format', format: 'regex' }));
  });

  it('says a field left out is required, and a value of the wrong type is not', async () => {
    const res = await app.inject({ method: 'POST', url: `/settings/${crypto.randomUUID()}`, payload: { name: 'x', capacity: 'four' } });
    const fields = (res.json() as { fields: Array<Record<string, unknown>> }).fields;
    expect(fields).toEqual([expect.objectContaining({ field: 'body.capacity', code: 'invalid_type', expected: 'number' })]);
    const missing = await app.inject({ method: 'POST', url: `/settings/${crypto.randomUUID()}`, payload: { name: 'x' } });
    expect((missing.json() as { fields: unknown[] }).fields).toEqual([expect.objectContaining({ field: 'body.capacity', code: 'required' })]);
  });

  it('names a malformed id in the address as a params field', async () => {
    const res = await app.inject({ method: 'POST', url: '/settings/xyz', payload: { name: 'x', capacity: 4 } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ fields: [{ field: 'params.id', code: 'invalid_format', format: 'uuid' }] });
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
