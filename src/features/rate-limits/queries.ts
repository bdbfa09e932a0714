// Rate-limit counters in PostgreSQL, so that every app process counts against the same limit.
import { sql } from 'kysely';
import type { Db } from '../../db/pool.ts';

export interface Hit {
  /** Requests in this window so far, this one included. */
  count: number;
  /** Seconds until the window ends. */
  secondsLeft: number;
}

/** Counts one request in the bucket's current window, in one atomic statement. */
export async function countHit(db: Db, bucket: string, windowSeconds: number): Promise<Hit> {
  // Windows are aligned to the database's clock, not each process's, so processes whose clocks
  // differ still share one window. Concurrent first hits meet at the primary key: one inserts,
  // the others add one to its row.
  const { rows } = await sql<{ count: number; seconds_left: number }>`
    with w as (select to_timestamp(floor(extract(epoch from now()) / ${windowSeconds}::int) * ${windowSeconds}::int) as start)
    insert into rate_limit_hits as h (bucket, window_start, count)
    select ${bucket}, w.start, 1 from w
    on conflict (bucket, window_start) do update set count = h.count + 1
    returning h.count, extract(epoch from h.window_start + make_interval(secs => ${windowSeconds}::int) - now())::float8 as seconds_left`.execute(db);
  const row = rows[0]!;
  return { count: row.count, secondsLeft: row.seconds_left };
}

/** Deletes windows that ended long ago (no window is longer than a day). */
export async function deleteEndedWindows(db: Db): Promise<void> {
  await sql`delete from rate_limit_hits where window_start < now() - interval '1 day'`.execute(db);
}
