// The one way the app talks to the API: JSON in and out, the cookie sent along, and every failure
// turned into an ApiError with the API's stable code (or NETWORK when the server was not reached).
import type { RefusedField } from './field-errors.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: RefusedField[];
  /** The whole error answer: some codes carry figures (LIMIT_REACHED: limit, CANCELLATION_CUTOFF: cutoffMinutes). */
  readonly details: Record<string, unknown>;
  constructor(status: number, code: string, message: string, fields: RefusedField[] = [], details: Record<string, unknown> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}

export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    // A string body is sent as it is, with the content type the caller names (CSV for imports).
    const raw = typeof body === 'string';
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined || raw ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'No connection to Quartet.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page, or a cut-off answer.
    throw new ApiError(response.status, response.ok ? 'BAD_ANSWER' : 'SERVER_ERROR', text.slice(0, 200));
  }
  if (!response.ok) {
    const e = (parsed ?? {}) as { code?: string; message?: string; fields?: ApiError['fields'] };
    // An id in the page's address that cannot name anything (/sessions/xyz): the API refuses the
    // request's path part; for the page, there is nothing there.
    if (response.status === 400 && e.fields?.length && e.fields.every((f) => f.field.startsWith('params.'))) {
      throw new ApiError(404, 'NOT_FOUND', e.message ?? 'Not found');
    }
    throw new ApiError(response.status, e.code ?? 'SERVER_ERROR', e.message ?? response.statusText, e.fields ?? [], (parsed ?? {}) as Record<string, unknown>);
  }
  return parsed as T;
}

/** A query string from the values that are set. */
export function query(values: Record<string, string | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** Seat changes carry an Idempotency-Key, so a retry after a dropped answer books nothing twice. */
export function idempotencyKey(): Record<string, string> {
  return { 'idempotency-key': crypto.randomUUID() };
}
