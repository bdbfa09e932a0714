// Recognising PostgreSQL errors by their SQLSTATE and constraint name.

interface PgError {
  code?: unknown;
  constraint?: unknown;
}

export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as PgError).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The name of the constraint a unique, check, exclusion or foreign-key violation broke. */
export function violatedConstraint(error: unknown): string | undefined {
  const code = pgErrorCode(error);
  if (!code || !code.startsWith('23')) return undefined;
  const constraint = (error as PgError).constraint;
  return typeof constraint === 'string' ? constraint : undefined;
}
