// Whether the database can be reached, seen from one connection pool, and a circuit breaker on
// that pool's connects. While the database is away every connect fails at once with
// DatabaseUnavailableError (answered 503) instead of each request waiting for its own timeout;
// one probe at a time tries again after a back-off that doubles up to a cap. The state changes
// are reported once each, so an outage is two log lines, not one per attempt.
import pg from 'pg';
import { pgErrorCode } from './errors.ts';

export class DatabaseUnavailableError extends Error {
  // cannot_connect_now: graphile-worker retries its own statements that fail with this code, with
  // a back-off, instead of giving up its runner (db/job-queue.ts).
  readonly code = '57P03';
  constructor(cause?: unknown) {
    super('The database cannot be reached right now.', { cause });
  }
}

// Socket-level failures, and the SQLSTATEs of a server shutting down, starting up or gone.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '53300']);
const CONNECTION_LOST = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i;

/** True when the error says the database could not be reached or went away, not that a statement was wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    const sqlState = pgErrorCode(e);
    if (sqlState && (SERVER_GONE.has(sqlState) || sqlState.startsWith('08'))) return true;
    if (e instanceof Error && CONNECTION_LOST.test(e.message)) return true;
  }
  return false;
}

export type AvailabilityChange = { up: false; error: unknown } | { up: true; downForMs: number };

export interface Availability {
  readonly up: boolean;
  /** When the database was last found unreachable, while it still is. */
  readonly downSince: Date | undefined;
  onChange(listener: (change: AvailabilityChange) => void): void;
  /** Stops probing (the pool is being closed). */
  close(): void;
}

export interface BreakerOptions {
  /** First wait before a probe after a failure; doubles up to maxDelayMs. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /**
   * Also a statement on a connection the server drops (57P01 when it shuts down, a reset socket)
   * fails as DatabaseUnavailableError. graphile-worker retries only that code: a job's completion
   * cut off this way would otherwise reject unhandled and leave its job locked by a live worker.
   */
  statementsToo?: boolean;
}

type ConnectCallback = (err: Error | undefined, client?: pg.PoolClient, done?: (release?: unknown) => void) => void;

/** Puts the breaker in front of `pool.connect` (which `pool.query` also goes through). */
export function guardPool(pool: pg.Pool, options: BreakerOptions = {}): Availability {
  const minDelay = options.minDelayMs ?? 250;
  const maxDelay = options.maxDelayMs ?? 5_000;
  const listeners: Array<(change: AvailabilityChange) => void> = [];
  let downSince: Date | undefined;
  let delay = minDelay;
  let nextProbeAt = 0;
  let probing = false;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;

  const emit = (change: AvailabilityChange) => {
    for (const listener of listeners) listener(change);
  };

  const markDown = (error: unknown) => {
    const wasUp = downSince === undefined;
    if (wasUp) {
      downSince = new Date();
      delay = minDelay;
    } else {
      delay = Math.min(delay * 2, maxDelay);
    }
    nextProbeAt = Date.now() + delay;
    if (wasUp) emit({ up: false, error });
    scheduleProbe();
  };

  const markUp = () => {
    if (downSince === undefined) return;
    const downForMs = Date.now() - downSince.getTime();
    downSince = undefined;
    clearTimeout(timer);
    emit({ up: true, downForMs });
  };

  // Without traffic nothing would connect, and /readyz and the worker would not learn that the
  // database is back; so while it is away, the breaker probes on its own schedule.
  const scheduleProbe = () => {
    clearTimeout(timer);
    if (closed) return;
    timer = setTimeout(() => {
      guardedConnect().then((client) => client.release(), () => {});
    }, Math.max(0, nextProbeAt - Date.now()));
    timer.unref();
  };

  const guardedConnect = async (): Promise<pg.PoolClient> => {
    // After close, only graphile-worker's background retries still come (a job completion it
    // began retrying during an outage). Answered with an error they would reject unhandled against
    // the ended pool; left unanswered they simply never finish. The job stays locked by a pool
    // that is gone, and the liveness sweep (db/job-queue.ts) releases it to a live worker.
    if (closed) return new Promise<never>(() => {});
    if (downSince !== undefined && (probing || Date.now() < nextProbeAt)) throw new DatabaseUnavailableError();
    const isProbe = downSince !== undefined;
    probing = isProbe;
    try {
      const client = await connect();
      if (isProbe) await client.query('select 1').catch((error: unknown) => {
        client.release(error as Error);
        throw error;
      });
      markUp();
      if (options.statementsToo) reportLostConnection(client, (error) => {
        markDown(error);
        return new DatabaseUnavailableError(error);
      });
      return client;
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        markDown(error);
        throw new DatabaseUnavailableError(error);
      }
      throw error;
    } finally {
      if (isProbe) probing = false;
    }
  };

  // pg.Pool#query calls connect with a callback; everyone else awaits the promise.
  (pool as unknown as { connect: (cb?: ConnectCallback) => Promise<pg.PoolClient> | undefined }).connect = (cb?: ConnectCallback) => {
    if (!cb) return guardedConnect();
    guardedConnect().then((client) => cb(undefined, client, (release) => client.release(release as Error | undefined)), (error: Error) => cb(error));
    return undefined;
  };

  return {
    get up() {
      return downSince === undefined;
    },
    get downSince() {
      return downSince;
    },
    onChange: (listener) => void listeners.push(listener),
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}

const REPORTING = Symbol('quartet.reportsLostConnection');

/** Turns the client's statement errors that say the connection is gone into `lost(error)`, once per client. */
function reportLostConnection(client: pg.PoolClient, lost: (error: unknown) => Error): void {
  const marked = client as pg.PoolClient & { [REPORTING]?: true };
  if (marked[REPORTING]) return;
  marked[REPORTING] = true;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const translate = (error: unknown) => (isDatabaseUnavailable(error) ? lost(error) : error);
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      return query(...args.slice(0, -1), (error: unknown, result: unknown) => (callback as (e: unknown, r: unknown) => void)(error ? translate(error) : error, result));
    }
    const result = query(...args);
    // A submittable (a cursor) reports its own errors; only promises are translated.
    return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(translate(error))) : result;
  };
}
