// The job queue's connections (graphile-worker, as the database owner: the queue's schema is not
// the app role's) and the recovery of jobs held by worker processes that died.
import pg from 'pg';

const LIVENESS_PREFIX = 'quartet-worker ';
// A job locked this long by a pool with no live process behind it is released. The liveness
// connection opens within milliseconds of the pool, so a young lock is never mistaken for a dead one.
const DEAD_LOCK_AGE = '30 seconds';

export function openJobQueuePool(url: string, size: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: size, application_name: 'quartet-jobs' });
  // An idle client losing its connection must not take the process down; the pool replaces it.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/**
 * Holds one connection named after the worker pool for as long as the process lives: when the
 * process dies, even by SIGKILL, the connection goes with it, and that is how other processes
 * know its locked jobs are orphans (graphile-worker itself waits four hours). When the database
 * drops the connection (a restart, an outage), it is opened again, so that the jobs this live
 * process holds are not mistaken for orphans once the database is back.
 */
export async function announceWorkerPool(url: string, poolId: string): Promise<{ close(): Promise<void> }> {
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const open = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url, application_name: `${LIVENESS_PREFIX}${poolId}` });
    next.on('error', () => {});
    next.on('end', () => {
      if (!closed && client === next) reopen(1_000);
    });
    await next.connect();
    client = next;
    if (closed) await next.end().catch(() => {});
  };
  const reopen = (delayMs: number) => {
    retry = setTimeout(() => {
      open().catch(() => reopen(Math.min(delayMs * 2, 10_000)));
    }, delayMs);
  };
  await open();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}

/** Releases jobs locked by worker pools whose process is gone; returns the pools released. */
export async function releaseOrphanedJobs(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ locked_by: string }>(`
    select distinct j.locked_by from graphile_worker._private_jobs j
    where j.locked_by is not null and j.locked_at < now() - interval '${DEAD_LOCK_AGE}'
      and not exists (select 1 from pg_stat_activity a where a.application_name = '${LIVENESS_PREFIX}' || j.locked_by)`);
  const dead = rows.map((r) => r.locked_by);
  if (dead.length > 0) await pool.query('select graphile_worker.force_unlock_workers($1::text[])', [dead]);
  return dead;
}

/** Releases the jobs a worker pool of this process held when it was replaced (after an outage). */
export async function releaseJobsOf(pool: pg.Pool, poolId: string): Promise<void> {
  await pool.query('select graphile_worker.force_unlock_workers($1::text[])', [[poolId]]);
}

/**
 * The safety net under "a committed message cannot be lost": a message still pending two minutes
 * after it was due, with no live job (say its job exhausted its attempts on a database outage), is
 * queued again. Returns how many.
 */
export async function requeueStrandedMessages(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query(`
    update outgoing_messages m set send_after = now(), updated_at = now()
    where m.status = 'pending' and m.send_after < now() - interval '2 minutes'
      and not exists (
        select 1 from graphile_worker._private_jobs j
        where j.key = 'message:' || m.id and j.attempts < j.max_attempts)`);
  return rowCount ?? 0;
}
