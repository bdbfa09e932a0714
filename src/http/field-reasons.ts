// Why a schema refused a field, in a form a client can translate: zod's issue code and the bound
// or format it names. The English `message` stays for people reading the API by hand; the web app
// words the reason in the reader's language from these, never from zod's developer sentence.
import type { FastifySchemaValidationError } from 'fastify';
import { z } from 'zod';

export const FieldReason = z.object({
  code: z.string().optional().describe('Why: required, too_small, too_big, invalid_type, invalid_format, invalid_value, custom, deactivated (limit: how many), …'),
  limit: z.number().optional().describe('too_small / too_big: the bound'),
  inclusive: z.boolean().optional().describe('too_small / too_big: false when the bound itself is not allowed'),
  origin: z.string().optional().describe('too_small / too_big: what was measured (number, string, array, date)'),
  format: z.string().optional().describe('invalid_format: the expected form (email, uuid, url, datetime, regex, …)'),
  expected: z.string().optional().describe('invalid_type: the expected type'),
});
export type FieldReason = z.infer<typeof FieldReason>;

/** The reason of one refused field; `sent` is the request part the field is in (body, querystring, …). */
export function fieldReason(v: FastifySchemaValidationError, sent: unknown): FieldReason {
  // A refinement's sentence is our own (the web app has it in German); its code adds nothing.
  if (v.keyword === 'custom' || v.keyword === 'nul') return {};
  const p = v.params as Record<string, unknown>;
  const path = v.instancePath.split('/').filter(Boolean);
  // zod says "expected number, received undefined" for a field left out: to a reader, it is missing.
  if (v.keyword === 'invalid_type' && valueAt(sent, path) === undefined) return { code: 'required' };
  const reason: FieldReason = { code: v.keyword };
  const bound = p.minimum ?? p.maximum;
  if (typeof bound === 'number' && Number.isFinite(bound)) reason.limit = bound;
  if (p.inclusive === false) reason.inclusive = false;
  if (typeof p.origin === 'string') reason.origin = p.origin;
  if (typeof p.format === 'string') reason.format = p.format;
  if (typeof p.expected === 'string') reason.expected = p.expected;
  return reason;
}

function valueAt(value: unknown, path: string[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
