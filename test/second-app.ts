// A second Quartet app over the database of a running test app, with its own connection pool:
// what a second process of a scaled-out deployment looks like from the database's side.
import { pino } from 'pino';
import { openDatabase } from '../src/db/pool.ts';
import { buildApp } from '../src/app.ts';
import type { AppContext } from '../src/http/context.ts';
import { createMetrics } from '../src/http/metrics.ts';
import type { TestApp } from './app.ts';
import { onCleanup } from './cleanup.ts';

export async function startSecondApp(first: TestApp): Promise<{ url: string }> {
  // The same connection string as the first app's pool: same database, same role.
  const database = openDatabase(first.ctx.pool.options.connectionString!, 5);
  const ctx: AppContext = { ...first.ctx, db: database.db, pool: database.pool, metrics: createMetrics(database.pool) };
  const app = await buildApp(ctx, pino({ level: 'silent' }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  onCleanup(async () => {
    await app.close();
    await database.close();
  });
  return { url };
}
