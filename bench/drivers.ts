// Three ways to take and give up a seat, behind one interface, so the same workload runs over
// each: HTTP (the whole app), the service through Kysely (no HTTP), and raw pg (the ceiling).
import http from 'node:http';
import pg from 'pg';
import { openDatabase } from '../src/db/pool.ts';
import { inOrg } from '../src/db/transaction.ts';
import { bookSeat, cancelBooking } from '../src/features/bookings/service.ts';
import type { Actor } from '../src/lib/actor.ts';
import { NotFoundError, RuleError } from '../src/lib/errors.ts';
import { bookRaw, cancelRaw, captureCeilingStatements, type RawOutcome } from './ceiling-sql.ts';

export type Mode = 'http' | 'service' | 'pg';

export interface BenchPerson {
  id: string;
  cookie: string;
}

export type Outcome =
  | { kind: 'ok'; bookingId: string }
  | { kind: 'refused'; code: string }
  | { kind: 'error'; message: string; status?: number };

export interface Driver {
  book(person: BenchPerson, sessionId: string): Promise<Outcome>;
  cancel(person: BenchPerson, bookingId: string, sessionId: string): Promise<Outcome>;
  close(): Promise<void>;
}

export interface DriverOptions {
  mode: Mode;
  orgId: string;
  baseUrl: string;
  databaseUrl: string;
  /** Connections for the service and pg drivers: the app's DB_POOL_SIZE, so all three get the same budget. */
  poolSize: number;
  clients: number;
}

export async function openDriver(o: DriverOptions): Promise<Driver> {
  if (o.mode === 'http') return httpDriver(o.baseUrl, o.clients);
  if (o.mode === 'service') return serviceDriver(o.databaseUrl, o.poolSize, o.orgId);
  return pgDriver(o.databaseUrl, o.poolSize, o.orgId);
}

function httpDriver(baseUrl: string, clients: number): Driver {
  const { hostname, port } = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients, maxFreeSockets: clients });
  const post = (path: string, cookie: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: hostname, port, path, method: 'POST', agent, headers: { cookie, 'content-length': '0' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  const answer = async (path: string, cookie: string, okStatus: number): Promise<Outcome> => {
    try {
      const { status, body } = await post(path, cookie);
      if (status === okStatus) return { kind: 'ok', bookingId: (JSON.parse(body) as { id: string }).id };
      if (status >= 400 && status < 500) return { kind: 'refused', code: (JSON.parse(body) as { code?: string }).code ?? String(status) };
      return { kind: 'error', status, message: `${status} ${body.slice(0, 200)}` };
    } catch (error) {
      return { kind: 'error', message: String(error) };
    }
  };
  return {
    book: (p, sessionId) => answer(`/api/sessions/${sessionId}/bookings`, p.cookie, 201),
    cancel: (p, bookingId) => answer(`/api/bookings/${bookingId}/cancel`, p.cookie, 200),
    async close() {
      agent.destroy();
    },
  };
}

function serviceDriver(databaseUrl: string, poolSize: number, orgId: string): Driver {
  const handle = openDatabase(databaseUrl, poolSize);
  const actor = (p: BenchPerson): Actor => ({ orgId, personId: p.id, roles: ['employee'], timeZone: 'Europe/Berlin', locale: 'en' });
  const run = async (work: () => Promise<string>): Promise<Outcome> => {
    try {
      return { kind: 'ok', bookingId: await work() };
    } catch (error) {
      if (error instanceof RuleError) return { kind: 'refused', code: error.code };
      if (error instanceof NotFoundError) return { kind: 'refused', code: 'NOT_FOUND' };
      return { kind: 'error', message: String(error) };
    }
  };
  return {
    book: (p, sessionId) => run(() => inOrg(handle.db, orgId, (tx) => bookSeat(tx, actor(p), sessionId))),
    cancel: (p, bookingId) =>
      run(async () => {
        await inOrg(handle.db, orgId, (tx) => cancelBooking(tx, actor(p), bookingId));
        return bookingId;
      }),
    close: () => handle.close(),
  };
}

async function pgDriver(databaseUrl: string, poolSize: number, orgId: string): Promise<Driver> {
  const statements = await captureCeilingStatements();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, application_name: 'quartet-bench-ceiling' });
  pool.on('error', () => {}); // an idle connection lost (the cluster stopping): the pool replaces it
  const run = async (work: (client: pg.PoolClient) => Promise<RawOutcome>): Promise<Outcome> => {
    let client: pg.PoolClient | undefined;
    try {
      client = await pool.connect();
      const out = await work(client);
      client.release();
      return out.ok ? { kind: 'ok', bookingId: out.bookingId } : { kind: 'refused', code: out.code };
    } catch (error) {
      client?.release(true); // its transaction state is unknown: do not reuse it
      return { kind: 'error', message: String(error) };
    }
  };
  return {
    book: (p, sessionId) => run((c) => bookRaw(c, statements, { orgId, personId: p.id, sessionId, bookingId: '', now: new Date() })),
    cancel: (p, bookingId, sessionId) => run((c) => cancelRaw(c, statements, { orgId, personId: p.id, sessionId, bookingId, now: new Date() })),
    close: () => pool.end(),
  };
}
