// The rush's ceiling: the seats the rush took (same people, same sessions, in the order they were
// taken) taken again through raw pg, with the statements the service sends (ceiling-sql.ts: its
// messages queued too) and as many clients at once as the rush had virtual users, over as many
// connections as the app's pool. No sign-in, no listing, no HTTP: what the database alone does with
// the same bookings. The app's worker sends their confirmations meanwhile, as during the rush.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { bookRaw, captureCeilingStatements } from './ceiling-sql.ts';

export interface CeilingPlan {
  orgId: string;
  databaseUrl: string;
  poolSize: number;
  clients: number;
  bookings: Array<{ personId: string; sessionId: string }>;
}

export interface CeilingResult {
  seconds: number;
  booked: number;
  refusals: Record<string, number>;
  errors: number;
  errorSamples: string[];
  latency: Float64Array<ArrayBuffer>;
}

/** `onStart` is called when the connections are open and the clock starts. */
export async function runCeiling(plan: CeilingPlan, onStart: () => void): Promise<CeilingResult> {
  const statements = await captureCeilingStatements();
  const pool = new pg.Pool({ connectionString: plan.databaseUrl, max: plan.poolSize, application_name: 'quartet-bench-ceiling' });
  pool.on('error', () => {}); // an idle connection lost (the cluster stopping)
  // The app's connections were opened long before the rush; these are opened before the clock starts.
  const opened = await Promise.all(Array.from({ length: plan.poolSize }, () => pool.connect()));
  for (const c of opened) c.release();
  const latency: number[] = [];
  const refusals: Record<string, number> = {};
  const errorSamples: string[] = [];
  let booked = 0;
  let errors = 0;
  let next = 0;
  onStart();
  const started = performance.now();
  const client = async () => {
    while (next < plan.bookings.length) {
      const { personId, sessionId } = plan.bookings[next++]!;
      const t = performance.now();
      const c = await pool.connect();
      try {
        const outcome = await bookRaw(c, statements, { orgId: plan.orgId, personId, sessionId, bookingId: '', now: new Date() });
        c.release();
        if (outcome.ok) booked++;
        else refusals[outcome.code] = (refusals[outcome.code] ?? 0) + 1;
      } catch (error) {
        c.release(true); // its transaction state is unknown: do not reuse it
        errors++;
        if (errorSamples.length < 5) errorSamples.push(String(error));
      }
      latency.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: plan.clients }, client));
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  return { seconds, booked, refusals, errors, errorSamples, latency: Float64Array.from(latency) };
}
