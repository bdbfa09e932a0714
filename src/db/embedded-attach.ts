// The command line and `quartet worker` beside a running Quartet: DATA_DIR's embedded cluster
// belongs to the process named in DATA_DIR/quartet.pid, which started it, supervises it and stops
// it. Instead of refusing (two postmasters cannot share a data folder), they connect to that
// cluster and leave it running when they end. The app itself never attaches: a second app on one
// DATA_DIR is refused by startEmbeddedCluster.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { processAlive, SUPERUSER, type EmbeddedCluster } from './embedded.ts';

/** The live process that holds DATA_DIR (its quartet.pid), if another one does. */
export function dataDirHolder(dataDir: string): number | undefined {
  const pid = Number(readIfPresent(path.join(dataDir, 'quartet.pid'))?.trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid) ? pid : undefined;
}

interface Postmaster { pid: number; port: number; status: string }

// PostgreSQL's postmaster.pid: line 1 the pid, line 4 the port, line 8 the status ("starting",
// "ready", "stopping"; padded with spaces). It is written before the cluster accepts connections
// and updated as its state changes, so "ready" means a connection will be accepted.
function readPostmaster(pgDir: string): Postmaster | undefined {
  const lines = readIfPresent(path.join(pgDir, 'postmaster.pid'))?.split('\n');
  if (!lines) return undefined;
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  return { pid, port, status: (lines[7] ?? '').trim() };
}

/**
 * The cluster of the Quartet process that holds DATA_DIR, or undefined when none does (the caller
 * then starts the cluster itself). Its stop() stops nothing: the cluster is its owner's.
 */
export function attachToRunningCluster(dataDir: string): EmbeddedCluster | undefined {
  const holder = dataDirHolder(dataDir);
  if (holder === undefined) return undefined;
  const postmaster = readPostmaster(path.join(dataDir, 'pg'));
  if (!postmaster || !processAlive(postmaster.pid) || postmaster.status !== 'ready') {
    // Its owner is starting it, stopping it or restarting it after a crash: not ours to touch.
    throw new Error(`Quartet (pid ${holder}) is using ${dataDir}, but its PostgreSQL is not ready (starting, stopping or restarting); try again in a moment.`);
  }
  const passwordFile = path.join(dataDir, '.pg-password');
  let password: string;
  try {
    password = readFileSync(passwordFile, 'utf8').trim();
  } catch (error) {
    throw new Error(`${passwordFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); run the command as the user Quartet runs as.`, { cause: error });
  }
  // Quartet's clusters listen on 127.0.0.1 only (startEmbeddedCluster).
  const url = (database: string) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${postmaster.port}/${database}`;
  return {
    url,
    created: false,
    // Supervised by its owner; a connection lost meanwhile is reported as unreachable.
    state: () => 'running',
    stop: async () => {},
  };
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
