// DATA_DIR holds the embedded cluster's passwords, the lock file and caught mail with working
// log-in links: nobody but Quartet's OS user may read any of it. Checked at every start, so a
// folder made by hand, unpacked from a backup or left by an older Quartet is tightened too.
import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.ts';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;
// As root the embedded PostgreSQL runs as the OS user "postgres" (db/embedded.ts), which must
// pass through DATA_DIR to reach DATA_DIR/pg: search (x) for others, never read.
const TRAVERSABLE_DIR = 0o711;
// PostgreSQL's own folder: it keeps it 0700 itself and refuses to start otherwise; as root it
// belongs to "postgres", whose files are not Quartet's to change.
const LEFT_TO_POSTGRES = 'pg';

export interface DataDirUse {
  dataDir: string;
  /** The embedded cluster lives here (no DATABASE_URL). */
  embedded: boolean;
  /** The mail catcher writes here (no SMTP_URL). */
  catcher: boolean;
}

export interface Tightened {
  path: string;
  /** Modes as octal strings, e.g. '755' -> '700'. */
  from: string;
  to: string;
  /** For a folder's files counted together: how many were tightened. */
  files?: number;
}

/** At start: DATA_DIR as the settings use it made private, one warning line per path that was not. */
export function keepDataDirPrivate(config: Pick<Config, 'dataDir' | 'databaseUrl' | 'smtpUrl'>, logger: Pick<Logger, 'warn'>): void {
  const use = { dataDir: config.dataDir, embedded: !config.databaseUrl, catcher: !config.smtpUrl };
  for (const t of makeDataDirPrivate(use)) {
    logger.warn(t, t.files
      ? `${t.files} files in ${path.dirname(t.path)} could be read by other users; made ${t.to}`
      : `${t.path} had mode ${t.from}, open to other users; made ${t.to}`);
  }
}

/**
 * Makes DATA_DIR 0700 (0711 when the embedded cluster runs as root) and everything Quartet keeps
 * in it 0600 / 0700, creating DATA_DIR if needed; reports what was looser. With both a database
 * server and an SMTP server nothing is kept there, and the folder is neither made nor checked.
 */
export function makeDataDirPrivate(use: DataDirUse, isRoot = process.getuid?.() === 0): Tightened[] {
  if (!use.embedded && !use.catcher) return [];
  const dirMode = use.embedded && isRoot ? TRAVERSABLE_DIR : PRIVATE_DIR;
  mkdirSync(use.dataDir, { recursive: true, mode: dirMode });
  const tightened: Tightened[] = [];
  const top = setMode(use.dataDir, dirMode);
  if (top) tightened.push(top);
  for (const entry of readdirSync(use.dataDir, { withFileTypes: true })) {
    if (entry.name === LEFT_TO_POSTGRES) continue;
    const entryPath = path.join(use.dataDir, entry.name);
    if (entry.isFile()) {
      const file = tighten(entryPath, PRIVATE_FILE);
      if (file) tightened.push(file);
    } else if (entry.isDirectory()) {
      tightened.push(...tightenFolder(entryPath));
    }
  }
  return tightened;
}

// A folder of Quartet's (mail/): the folder itself, and its files counted as one line, since the
// catcher may hold thousands.
function tightenFolder(dir: string): Tightened[] {
  const found: Tightened[] = [];
  const folder = tighten(dir, PRIVATE_DIR);
  if (folder) found.push(folder);
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && tighten(path.join(dir, entry.name), PRIVATE_FILE)) files++;
  }
  if (files > 0) found.push({ path: path.join(dir, '*'), from: 'readable by others', to: PRIVATE_FILE.toString(8), files });
  return found;
}

/** Takes away every permission beyond `allowed`; symbolic links are left alone (never followed). */
function tighten(target: string, allowed: number): Tightened | undefined {
  const mode = modeOf(target);
  if (mode === undefined || (mode & ~allowed) === 0) return undefined;
  return change(target, mode, mode & allowed);
}

/** DATA_DIR itself (followed if it is a link): exactly `wanted`, which as root may add search for
 * others; reported only when something was taken away. */
function setMode(target: string, wanted: number): Tightened | undefined {
  const mode = statSync(target).mode & 0o777;
  if (mode === wanted) return undefined;
  const report = change(target, mode, wanted);
  return (mode & ~wanted) !== 0 ? report : undefined;
}

function modeOf(target: string): number | undefined {
  try {
    const stat = lstatSync(target);
    return stat.isSymbolicLink() ? undefined : stat.mode & 0o777;
  } catch (error) {
    // Gone between listing and looking (a message being renamed into place by the catcher).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function change(target: string, from: number, to: number): Tightened | undefined {
  try {
    chmodSync(target, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Could not make ${target} private (mode ${from.toString(8)} -> ${to.toString(8)}): ${(error as Error).message}`, { cause: error });
  }
  return { path: target, from: from.toString(8), to: to.toString(8) };
}
