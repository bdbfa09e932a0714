// What the command line says when a command fails: one line on stderr, never a stack trace (the
// stack follows only with LOG_LEVEL=debug, for a bug report). An operator reads the line; a
// script reads the exit code, 1.
import { ConfigError } from './lib/config.ts';
import { isDatabaseUnavailable } from './db/availability.ts';
import { pgErrorCode } from './db/errors.ts';
import { ForbiddenError, InputError, NotFoundError, RuleError } from './lib/errors.ts';

/** A failure whose message is already the sentence to print (usage, or opening the database). */
export class CliError extends Error {}

/**
 * An error from opening the database, as the line to print: the embedded cluster's own errors are
 * sentences written for the operator (port taken, folder not writable, the running Quartet's
 * cluster not ready) and are printed as they are; connection and log-in failures keep theirs.
 */
export function openingFailed(error: unknown): unknown {
  if (isDatabaseUnavailable(error) || pgErrorCode(error) !== undefined || error instanceof CliError) return error;
  return new CliError(oneLine(messageOf(error)), { cause: error });
}

/** The one line to print for an error; `databaseUrl` names where the database was looked for. */
export function describeCliError(error: unknown, databaseUrl: string | undefined): string {
  if (error instanceof RuleError) return `Refused (${error.code}): ${error.message}`;
  if (error instanceof CliError || error instanceof InputError || error instanceof NotFoundError || error instanceof ForbiddenError || error instanceof ConfigError) {
    return oneLine(error.message);
  }
  const parseArgsCode = (error as { code?: unknown } | null)?.code;
  if (error instanceof TypeError && typeof parseArgsCode === 'string' && parseArgsCode.startsWith('ERR_PARSE_ARGS')) {
    // node:util's first sentence names the option; the rest is advice about positionals.
    return `${error.message.split(/(?<=\.) /)[0]!.replace(/\.?$/, '.')} See quartet --help.`;
  }
  if (isDatabaseUnavailable(error)) return `Cannot reach the database at ${where(databaseUrl, error)}: ${innermostMessage(error)}`;
  const sqlState = pgErrorCode(error);
  const message = oneLine(messageOf(error));
  if (sqlState === '28P01' || sqlState === '28000') return `The database at ${where(databaseUrl, error)} refused the log-in: ${message}`;
  if (sqlState === '3D000') return `Cannot use the database at ${where(databaseUrl, error)}: ${message}`;
  // A value PostgreSQL could not read (an id that is no UUID) or a rule its constraints hold.
  if (sqlState?.startsWith('22')) return `Invalid value: ${message}`;
  if (sqlState?.startsWith('23')) return `Refused by the database: ${message}`;
  return `Unexpected error: ${message}`;
}

/** Several lines ("Invalid settings:\n  A: …\n  B: …") as one: "Invalid settings: A: …; B: …". */
export function oneLine(message: string): string {
  const [first = '', ...rest] = message.split('\n').map((line) => line.trim()).filter(Boolean);
  if (rest.length === 0) return first;
  return `${first}${first.endsWith(':') ? ' ' : '; '}${rest.join('; ')}`;
}

// An AggregateError (a host name with an IPv4 and an IPv6 address, each refused) has no message
// of its own.
function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message : String(error);
}

// The socket's own error ("connect ECONNREFUSED 127.0.0.1:5432"), not a wrapper around it.
function innermost(error: unknown): unknown {
  let e = error;
  for (let depth = 0; depth < 5 && e instanceof Error && e.cause !== undefined; depth++) e = e.cause;
  return e instanceof AggregateError && e.errors.length > 0 ? e.errors[0] : e;
}

function innermostMessage(error: unknown): string {
  return oneLine(messageOf(innermost(error)));
}

function where(databaseUrl: string | undefined, error: unknown): string {
  if (databaseUrl && URL.canParse(databaseUrl)) {
    const url = new URL(databaseUrl);
    return `${url.hostname}:${url.port || '5432'}`;
  }
  const socket = innermost(error) as { address?: unknown; port?: unknown; hostname?: unknown };
  if (typeof socket.address === 'string') return `${socket.address}:${String(socket.port)}`;
  return typeof socket.hostname === 'string' ? socket.hostname : 'the configured address';
}
