// Request validation: each route's zod schema, plus one rule every text field shares. PostgreSQL
// text cannot hold the NUL character; refused here, the answer names the field, where the
// database would only fail with a 400 that names nothing.
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import type { $ZodType } from 'zod/v4/core';

export const validatorCompiler: FastifySchemaCompiler<$ZodType> = (route) => {
  const validate = zodValidatorCompiler(route);
  return (data: unknown) => {
    const result = validate(data);
    if (typeof result !== 'object' || result === null || !('value' in result)) return result;
    const at = pathOfNul(result.value);
    if (at === undefined) return result;
    const error: FastifySchemaValidationError = { keyword: 'nul', instancePath: at, schemaPath: '', params: {}, message: 'must not contain the NUL character' };
    return { error: [error] };
  };
};

/** Where a NUL sits in validated input (only fields a schema let through, so the walk is bounded). */
function pathOfNul(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\0') ? path : undefined;
  if (typeof value !== 'object' || value === null || value instanceof Date) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = key.includes('\0') ? `${path}/${key}` : pathOfNul(child, `${path}/${key}`);
    if (found !== undefined) return found;
  }
  return undefined;
}
