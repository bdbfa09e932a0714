// One place that turns every error into an answer: 400 naming the fields, 401, 403, 404, 409 with
// a stable code, 429 with Retry-After, 503 with Retry-After while the database is away; anything
// unexpected is logged and answered 500 without details.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../db/availability.ts';
import { pgErrorCode } from '../db/errors.ts';
import { ForbiddenError, InputError, NotFoundError, RateLimitedError, RuleError } from '../lib/errors.ts';
import { FieldReason, fieldReason } from './field-reasons.ts';

export class UnauthenticatedError extends Error {}

export const ErrorBody = z
  .object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() }).extend(FieldReason.shape)).optional(),
  })
  .catchall(z.unknown())
  .meta({ id: 'Error' });

/** Error answers every /api operation may give, for the OpenAPI document. */
export const commonErrors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, 429: ErrorBody, 503: ErrorBody };

/** Seconds a client is asked to wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  // Schema failures (zod's, and the shared rules in validation.ts) carry the fields at fault.
  if (hasZodFastifySchemaValidationErrors(error) || (error.validation?.length ?? 0) > 0) {
    const where = error.validationContext ?? 'body';
    const sent = { body: request.body, querystring: request.query, params: request.params, headers: request.headers }[where];
    const fields = (error.validation ?? []).map((v) => ({
      field: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'is invalid',
      ...fieldReason(v, sent),
    }));
    return reply.code(400).send({ code: 'VALIDATION_FAILED', message: `Invalid ${fields.map((f) => f.field).join(', ')}`, fields });
  }
  if (error instanceof InputError) {
    return reply.code(400).send({ code: 'VALIDATION_FAILED', message: error.message, fields: error.fields });
  }
  if (error instanceof RuleError) return reply.code(409).send({ ...error.details, code: error.code, message: error.message });
  if (error instanceof NotFoundError) return reply.code(404).send({ code: 'NOT_FOUND', message: error.message });
  if (error instanceof ForbiddenError) return reply.code(403).send({ code: error.code, message: error.message });
  if (error instanceof RateLimitedError) {
    return reply.code(429).header('retry-after', String(error.retryAfterSeconds)).send({ code: 'RATE_LIMITED', message: error.message });
  }
  if (error instanceof UnauthenticatedError) {
    return reply.code(401).send({ code: 'UNAUTHENTICATED', message: 'Sign in first.' });
  }
  // Nothing was changed: a transaction cut off by the outage is rolled back by PostgreSQL. The
  // client may try again; 500 would say that something is broken for good.
  if (isDatabaseUnavailable(error)) {
    return reply.code(503).header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS))
      .send({ code: 'DATABASE_UNAVAILABLE', message: 'The database cannot be reached right now; nothing was changed. Try again in a few seconds.' });
  }
  // Values PostgreSQL could not read (out-of-range dates and the like) are bad input too.
  const pgCode = pgErrorCode(error);
  if (pgCode?.startsWith('22')) return reply.code(400).send({ code: 'VALIDATION_FAILED', message: 'A value is out of range.' });
  const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
  // What Fastify itself refuses (a body that is not JSON, too large, of another media type) gets
  // one of our codes, not Fastify's internal names; a body it could not read names the body.
  if (status === 400) {
    const field = error.code === 'FST_ERR_BAD_URL' ? 'path' : 'body';
    return reply.code(400).send({ code: 'VALIDATION_FAILED', message: error.message, fields: [{ field, message: error.message, code: 'unreadable' }] });
  }
  if (status >= 400 && status < 500) return reply.code(status).send({ code: FRAMEWORK_CODES[status] ?? 'BAD_REQUEST', message: error.message });
  request.log.error({ err: loggable(error) }, 'unhandled error');
  return reply.code(500).send({ code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged.' });
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).send({ code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` });
}

/**
 * What Node's HTTP parser refuses before Fastify sees a request (a header section over 16 KiB, a
 * malformed request line, a client too slow to send its headers) is answered in the same shape as
 * every other refusal, {code, message}; Fastify's default answers {error, statusCode}.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'HEADERS_TOO_LARGE', 'The request line and headers are larger than 16 KiB.']
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive.']
    : [400, 'BAD_REQUEST', 'The request could not be read as HTTP.'];
  const body = JSON.stringify({ code, message });
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

const FRAMEWORK_CODES: Record<number, string> = {
  404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 406: 'NOT_ACCEPTABLE', 408: 'REQUEST_TIMEOUT', 411: 'LENGTH_REQUIRED',
  413: 'PAYLOAD_TOO_LARGE', 414: 'URI_TOO_LONG', 415: 'UNSUPPORTED_MEDIA_TYPE', 431: 'HEADERS_TOO_LARGE',
};

// PostgreSQL puts the values a statement failed on into an error's detail, where and hint (a
// duplicate e-mail address, a row's contents): the log keeps what locates the fault, not them.
function loggable(error: FastifyError) {
  const e = error as FastifyError & { constraint?: string; table?: string; column?: string; routine?: string };
  return { type: e.name, message: e.message, code: e.code, constraint: e.constraint, table: e.table, column: e.column, routine: e.routine, stack: e.stack };
}
