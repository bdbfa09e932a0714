// Quartet's real HTTP stack on loopback, over a test database and a real SMTP listener.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { onCleanup } from './cleanup.ts';
import { loadConfig } from '../src/lib/config.ts';
import { authenticateAs } from './factories.ts';
import { buildApp } from '../src/app.ts';
import type { App, AppContext } from '../src/http/context.ts';
import { createMetrics } from '../src/http/metrics.ts';
import { openDatabase } from '../src/db/pool.ts';
import { createSmtpMailer, parseSender } from '../src/lib/mailer.ts';
import { startQuartetWorker, type MessageWorker } from '../src/worker.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { startMailbox, type Mailbox } from './smtp.ts';

export const TEST_ORIGIN = 'http://quartet.test';

export interface TestApp {
  /** The mail worker, unless started with worker: false. */
  worker: MessageWorker | undefined;
  app: App;
  ctx: AppContext;
  /** Where the server listens, e.g. http://127.0.0.1:43121 */
  url: string;
  database: TestDatabase;
  mailbox: Mailbox;
  /** fetch against the app; JSON bodies are encoded, the Origin is ours unless given. */
  request(method: string, path: string, options?: { body?: unknown; cookie?: string; headers?: Record<string, string> }): Promise<Response>;
  /** A session cookie for the person, made without the mail round trip. */
  cookieFor(person: { org_id: string; id: string }): Promise<string>;
}

export async function startTestApp(options: { poolSize?: number; env?: Record<string, string>; worker?: boolean; logger?: Logger } = {}): Promise<TestApp> {
  // The owner's pool serves the test's own setup and checks; the app's pool serves requests.
  const database = await createTestDatabase(10);
  const appDb = openDatabase(database.appUrl, options.poolSize ?? 20);
  const mailbox = await startMailbox();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-app-'));
  const config = loadConfig({
    BASE_URL: TEST_ORIGIN,
    SMTP_URL: mailbox.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    // Tests written for a reference year run in the first year laid out like it (test/dates.ts),
    // which may be twelve years ahead; the horizon's own tests set it back.
    PLANNING_HORIZON_MONTHS: '180',
    // Webhook tests' receivers listen on 127.0.0.1; the SSRF tests turn this off.
    WEBHOOKS_ALLOW_LOOPBACK: 'true',
    // Calendar tests' ICS servers listen on 127.0.0.1 too; their SSRF tests turn this off.
    CALENDARS_ALLOW_LOOPBACK: 'true',
    ...options.env,
  });
  const mailer = createSmtpMailer(mailbox.url, config.mailFrom);
  const ctx: AppContext = { config, db: appDb.db, pool: appDb.pool, mailer, mailCatcher: undefined, metrics: createMetrics(appDb.pool) };
  const app = await buildApp(ctx, options.logger ?? pino({ level: 'silent' }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  // The mail worker runs as in Quartet, so mail arrives through the job queue and real SMTP.
  const worker: MessageWorker | undefined = options.worker === false ? undefined : await startQuartetWorker({
    ownerUrl: database.url,
    deps: { db: appDb.db, mailer, baseUrl: config.baseUrl, organiser: parseSender(config.mailFrom) },
    concurrency: 4,
    logger: pino({ level: 'silent' }),
    webhooks: { allowLoopback: config.webhooksAllowLoopback },
  });
  onCleanup(async () => {
    await app.close();
    await worker?.stop();
    await appDb.close();
    mailer.close();
    await mailbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    app, ctx, url, database, mailbox, worker,
    request(method, p, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.cookie) headers.cookie = o.cookie;
      if (o.body !== undefined) headers['content-type'] ??= 'application/json';
      if (method !== 'GET' && method !== 'HEAD' && !('origin' in headers)) headers.origin = TEST_ORIGIN;
      const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      return fetch(`${url}${p}`, { method, headers, body });
    },
    cookieFor: (person) => authenticateAs(database.db, person),
  };
}
