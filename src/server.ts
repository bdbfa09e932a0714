// Starting and stopping Quartet: database (embedded or server), migrations, demo data, mail,
// HTTP. main.ts, the tests and the benchmarks all start it through here.
import type { Logger } from 'pino';
import type { Config } from './lib/config.ts';
import { ensureDatabase, startEmbeddedCluster, type EmbeddedCluster } from './db/embedded.ts';
import { attachToRunningCluster } from './db/embedded-attach.ts';
import type { SupervisorEvent } from './db/embedded-supervisor.ts';
import { migrate } from './db/migrate.ts';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_ROLE, appRoleUrl } from './db/app-role.ts';
import { openDatabase, type DbHandle } from './db/pool.ts';
import { seedDemoOrganisation } from './features/demo/seed.ts';
import { hasAnyOrganisation } from './features/organisations/queries.ts';
import { buildApp } from './app.ts';
import type { App, AppContext } from './http/context.ts';
import { createMetrics } from './http/metrics.ts';
import { startMailCatcher, type MailCatcher } from './lib/mail-catcher.ts';
import { keepDataDirPrivate } from './lib/private-files.ts';
import { createSmtpMailer, parseSender } from './lib/mailer.ts';
import { startQuartetWorker, type MessageWorker } from './worker.ts';

export interface RunningQuartet {
  app: App;
  ctx: AppContext;
  url: string;
  /** The database as its owner (ctx.db runs as the app role, bound by row-level security). */
  ownerUrl: string;
  stop(): Promise<void>;
}

export interface Database {
  /** The owner: migrations, the demo loader, the command line. */
  url: string;
  embedded: EmbeddedCluster | undefined;
}

export interface OpenOptions {
  /** The command line and `quartet worker`: use the cluster of the Quartet process already
   * running on DATA_DIR, and leave it running, instead of refusing. The app never attaches. */
  attach?: boolean;
}

/** The database Quartet uses: DATABASE_URL, or the embedded cluster under DATA_DIR. */
export async function openConfiguredDatabase(config: Config, logger: Logger, options: OpenOptions = {}): Promise<Database> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: undefined };
  const running = options.attach ? attachToRunningCluster(config.dataDir) : undefined;
  if (running) return { url: running.url('quartet'), embedded: running };
  const pgLog = logger.child({ component: 'postgres' });
  const embedded = await startEmbeddedCluster({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    log: (line) => pgLog.debug(line),
    onSupervisorEvent: (event) => logSupervisorEvent(pgLog, event),
  });
  await ensureDatabase(embedded.url('postgres'), 'quartet');
  return { url: embedded.url('quartet'), embedded };
}

function logSupervisorEvent(log: Logger, event: SupervisorEvent) {
  switch (event.kind) {
    case 'exited':
      return log.error({ code: event.code, signal: event.signal }, `the embedded PostgreSQL stopped unexpectedly; starting it again in ${event.restartInMs} ms`);
    case 'restart-failed':
      return log.warn({ attempt: event.attempt }, `the embedded PostgreSQL did not start again; next try in ${event.restartInMs} ms`);
    case 'restarted':
      return log.info({ attempt: event.attempt, downForMs: event.downForMs }, 'the embedded PostgreSQL is running again');
    case 'gave-up':
      return log.fatal({ attempts: event.attempts }, 'the embedded PostgreSQL could not be started again; /healthz now fails so that Quartet is restarted');
  }
}

// auto: an embedded cluster with no organisation yet is a newcomer's first start (or one that was
// interrupted before the demo was in). Loaded as the owner: it creates an organisation.
async function loadDemoIfWanted(config: Config, database: Database, logger: Logger) {
  if (config.seedDemo === 'never' || (config.seedDemo === 'auto' && !database.embedded)) return;
  const owner = openDatabase(database.url, 2);
  try {
    if (config.seedDemo === 'auto' && (await hasAnyOrganisation(owner.db))) return;
    const seeded = await seedDemoOrganisation(owner.db);
    if (seeded.created) logger.info({ orgId: seeded.orgId }, 'demo organisation loaded (see README for sign-in addresses)');
  } finally {
    await owner.close();
  }
}

/** The pool requests use, as the app role. */
async function openAppDatabase(config: Config, database: Database): Promise<DbHandle> {
  if (database.embedded) {
    const password = readOrCreateSecret(path.join(config.dataDir, '.app-password'));
    return openDatabase(await appRoleUrl(database.url, password), config.dbPoolSize);
  }
  if (config.appDatabaseUrl) return openDatabase(config.appDatabaseUrl, config.dbPoolSize);
  return openDatabase(database.url, config.dbPoolSize, APP_ROLE);
}

function readOrCreateSecret(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

export async function startQuartet(config: Config, logger: Logger): Promise<RunningQuartet> {
  keepDataDirPrivate(config, logger);
  const database = await openConfiguredDatabase(config, logger);
  let mailCatcher: MailCatcher | undefined;
  let handle: DbHandle | undefined;
  let worker: MessageWorker | undefined;
  try {
    const applied = await migrate(database.url, (msg) => logger.info(msg));
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
    await loadDemoIfWanted(config, database, logger);
    handle = await openAppDatabase(config, database);
    if (!config.smtpUrl) mailCatcher = await startMailCatcher(`${config.dataDir}/mail`);
    const mailer = createSmtpMailer(config.smtpUrl ?? mailCatcher!.smtpUrl, config.mailFrom);
    const ctx: AppContext = {
      config, db: handle.db, pool: handle.pool, mailer, mailCatcher, metrics: createMetrics(handle.pool),
      canRecover: () => database.embedded?.state() !== 'failed',
    };
    const dbLog = logger.child({ component: 'database' });
    handle.availability.onChange((change) => {
      if (change.up) dbLog.info({ downForMs: change.downForMs }, 'the database is reachable again; requests are served');
      else dbLog.error({ err: { message: (change.error as Error).message } }, 'the database cannot be reached; requests answer 503 until it is back');
    });
    if (config.workerConcurrency > 0) {
      worker = await startQuartetWorker({
        ownerUrl: database.url,
        deps: { db: handle.db, mailer, baseUrl: config.baseUrl, organiser: parseSender(config.mailFrom) },
        concurrency: config.workerConcurrency,
        logger,
        sweepReminders: true,
        webhooks: { allowLoopback: config.webhooksAllowLoopback },
        caughtMailDir: mailCatcher?.dir,
        depsAvailability: handle.availability,
        onOutcome: (outcome) => ctx.metrics.messages.inc({ outcome }),
      });
    }
    const app = await buildApp(ctx, logger);
    const address = await app.listen({ port: config.port, host: config.host });
    logger.info({ address, baseUrl: config.baseUrl, mail: mailCatcher ? `caught, see ${config.baseUrl}/dev/mail` : 'SMTP' }, 'Quartet is ready');
    return {
      app,
      ctx,
      url: address,
      ownerUrl: database.url,
      async stop() {
        await app.close(); // stops accepting, lets requests in flight finish
        await worker?.stop(); // lets messages being sent finish
        mailer.close();
        await mailCatcher?.close();
        await handle?.close();
        await database.embedded?.stop();
      },
    };
  } catch (error) {
    await worker?.stop().catch(() => {});
    await mailCatcher?.close();
    await handle?.close().catch(() => {});
    await database.embedded?.stop().catch(() => {});
    throw error;
  }
}

export interface RunningWorker {
  stop(): Promise<void>;
}

/** A process that only sends mail (`quartet worker`): beside the app, or several of them. */
export async function startWorkerProcess(config: Config, logger: Logger): Promise<RunningWorker> {
  keepDataDirPrivate(config, logger);
  const database = await openConfiguredDatabase(config, logger, { attach: true });
  let mailCatcher: MailCatcher | undefined;
  let handle: DbHandle | undefined;
  try {
    await migrate(database.url, (msg) => logger.info(msg));
    handle = await openAppDatabase(config, database);
    if (!config.smtpUrl) mailCatcher = await startMailCatcher(`${config.dataDir}/mail`);
    const mailer = createSmtpMailer(config.smtpUrl ?? mailCatcher!.smtpUrl, config.mailFrom);
    const worker = await startQuartetWorker({
      ownerUrl: database.url,
      deps: { db: handle.db, mailer, baseUrl: config.baseUrl, organiser: parseSender(config.mailFrom) },
      concurrency: config.workerConcurrency || 10,
      logger,
      sweepReminders: true,
      webhooks: { allowLoopback: config.webhooksAllowLoopback },
      caughtMailDir: mailCatcher?.dir,
    });
    logger.info({ poolId: worker.poolId }, 'mail worker running');
    const opened = handle;
    return {
      async stop() {
        await worker.stop();
        mailer.close();
        await mailCatcher?.close();
        await opened.close();
        await database.embedded?.stop();
      },
    };
  } catch (error) {
    await mailCatcher?.close();
    await handle?.close().catch(() => {});
    await database.embedded?.stop().catch(() => {});
    throw error;
  }
}
