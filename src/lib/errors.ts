// The errors a service may throw on purpose. The HTTP layer turns them into status codes; the CLI
// prints their message. Anything else that escapes is a bug and becomes a 500.

/** A product rule said no (409), with a stable code clients can rely on. */
export class RuleError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/** The object does not exist, or the actor may not know that it does (404). */
export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
  }
}

/** The actor is known but lacks the role for this operation (403); a code where clients tell cases apart. */
export class ForbiddenError extends Error {
  readonly code: string;
  constructor(message = 'You do not have permission to do this.', code = 'FORBIDDEN') {
    super(message);
    this.code = code;
  }
}

/**
 * A field at fault: an English sentence, and where a client should word it itself (a sentence with
 * figures in it), the reason as a schema would give it (code too_small, limit, origin).
 */
export interface FieldFault { field: string; message: string; code?: string; limit?: number; origin?: string }

/** Input that passed the schema but is wrong in context, naming the fields at fault (400). */
export class InputError extends Error {
  readonly fields: FieldFault[];
  constructor(fields: FieldFault[]) {
    super(fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.fields = fields;
  }
}

/** Too many requests of one kind from one address, client or person (429 with Retry-After). */
export class RateLimitedError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(`Too many requests. Try again in ${retryAfterSeconds} ${retryAfterSeconds === 1 ? 'second' : 'seconds'}.`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
