// The operator's command line as the README shows it, run while `npm start` serves on the embedded
// cluster: every command uses the running Quartet's PostgreSQL (two postmasters cannot share a
// data folder) and leaves it running; without a running Quartet it starts the cluster and stops
// it after. Whatever goes wrong, the command exits 1 with one line on stderr, never a stack.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port.ts';
import { ROOT, signInThroughCatcher, startQuartetProcess, type QuartetProcess } from './quartet-process.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-cli-'));
const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'info', SMTP_URL: '', SEED_DEMO: 'never' };
delete env.DATABASE_URL;
delete env.APP_DATABASE_URL;
const children: Array<{ kill(signal: NodeJS.Signals): unknown }> = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

let app: QuartetProcess;
let base: string;
// The command line is given another cluster port than the app's: beside the app it must find the
// running cluster's port itself (postmaster.pid), not start a cluster of its own.
let cliEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  const [port, pgPort, otherPgPort] = [await freePort(), await freePort(), await freePort()];
  base = `http://127.0.0.1:${port}`;
  // No mail worker in the app: log-in mail is then sent only by a `quartet worker` beside it.
  app = await startQuartetProcess({ ...env, PORT: String(port), BASE_URL: base, EMBEDDED_PG_PORT: String(pgPort), WORKER_CONCURRENCY: '0' });
  children.push(app.child);
  cliEnv = { ...env, BASE_URL: base, EMBEDDED_PG_PORT: String(otherPgPort) };
});

interface CliRun { status: number | null; stdout: string; stderr: string }

function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['src/cli.ts', ...args], { cwd: ROOT, env: { ...cliEnv, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function json(run: CliRun) {
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

function expectOneLineError(run: CliRun, sentence: RegExp) {
  expect(run.status, run.stderr).toBe(1);
  const lines = run.stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(sentence);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout).toBe('');
}

const readyz = async () => (await fetch(`${base}/readyz`)).status;
let demoModuleId: string;
const acme = ['org', 'create', '--name', 'Acme', '--slug', 'acme', '--admin-email', 'Admin@Acme.example', '--admin-name', 'Ann Admin'];

describe('the command line beside a running Quartet on the embedded cluster', () => {
  it('leaves the app alone: a second app on the same DATA_DIR is still refused', async () => {
    const second = spawn(process.execPath, ['src/main.ts'], { cwd: ROOT, env: { ...cliEnv, PORT: String(await freePort()) }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(second);
    let output = '';
    second.stdout.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => second.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('Another Quartet process');
    expect(await readyz()).toBe(200);
  });

  it('runs org create, org list, operator token create, sessions list, demo seed and db migrate on the app’s database', async () => {
    const created = json(await cli(acme));
    expect(created.organisation).toMatchObject({ slug: 'acme', status: 'active', activePeople: 1, admins: 1 });
    expect(created.admin).toMatchObject({ email: 'admin@acme.example', created: true, reactivated: false });

    const [list, tokenRun, sessions, migrated, seeded] = await Promise.all([
      cli(['org', 'list']), cli(['operator', 'token', 'create', '--name', 'ops on call']), cli(['sessions', 'list', '--as', 'admin@acme.example']),
      cli(['db', 'migrate']), cli(['demo', 'seed']),
    ]);
    expect(json(list).map((o: { slug: string }) => o.slug)).toContain('acme');
    expect(json(sessions).items).toEqual([]);
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(migrated.stdout.trim()).toBe('the database is up to date');
    expect(json(seeded)).toMatchObject({ created: true });

    // The token is in the app's database: the running app accepts it.
    const { token } = json(tokenRun);
    const listed = await fetch(`${base}/api/operator/organisations`, { headers: { authorization: `Bearer ${token}` } });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(await listed.json())).toContain('"slug":"acme"');
    const open = json(await cli(['sessions', 'list', '--as', 'employee@northwind.example', '--limit', '3'])).items;
    expect(open).toHaveLength(3);
    demoModuleId = open[0].module.id;

    // Nothing above stopped or took over the app's cluster.
    expect(readFileSync(path.join(dataDir, 'quartet.pid'), 'utf8').trim()).toBe(String(app.child.pid));
    expect(await readyz()).toBe(200);
  }, 120_000);

  it('runs `quartet worker` on the app’s database: it sends the new admin’s log-in link', async () => {
    const worker = spawn(process.execPath, ['src/cli.ts', 'worker'], { cwd: ROOT, env: cliEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(worker);
    let output = '';
    worker.stdout.on('data', (chunk) => (output += chunk));
    worker.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => worker.on('exit', resolve));
    const deadline = Date.now() + 30_000;
    while (!output.includes('mail worker running')) {
      if (Date.now() > deadline || worker.exitCode !== null) throw new Error(`the worker did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    const cookie = await signInThroughCatcher(base, dataDir, 'admin@acme.example');
    const me = await fetch(`${base}/api/me`, { headers: { cookie } });
    expect((await me.json()).email).toBe('admin@acme.example');

    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await readyz()).toBe(200);
  }, 60_000);

  it('says what went wrong in one line, exits 1 and changes nothing', async () => {
    const missing = path.join(dataDir, 'no-such-file.csv');
    const closedPort = await freePort();
    const unreachable = { DATABASE_URL: `postgres://quartet:secret@127.0.0.1:${closedPort}/quartet` };
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [['org', 'list', '--bogus'], {}, /^Unknown option '--bogus'\. See quartet --help\.$/],
      [['frob', 'nicate'], {}, /^Unknown command "frob nicate"\. See quartet --help\.$/],
      [['org', 'create', '--name', 'Acme'], {}, /^--slug: is required; --admin-email: is required; --admin-name: is required$/],
      [['org', 'create', '--name', 'Acme', '--slug', 'Acme Inc', '--admin-email', 'a@b.example', '--admin-name', 'A'], {}, /^--slug: must be/],
      [acme, {}, /^Refused \(SLUG_TAKEN\): An organisation with the slug "acme" exists already\.$/],
      [['sessions', 'list', '--as', 'nobody@acme.example'], {}, /^Active person nobody@acme\.example not found$/],
      [['sessions', 'list', '--as', 'admin@acme.example', '--limit', 'ten'], {}, /^--limit: must be a whole number$/],
      [['sessions', 'publish', '--as', 'coach@northwind.example', '--module-id', demoModuleId, '--start', '2027-01-12T10:00', '--zone', 'Europe/Berlin', '--link', 'javascript:alert(1)'], {}, /^--link: Invalid URL$/],
      [['bookings', 'book', '--as', 'employee@northwind.example', '--session-id', 'first'], {}, /^--session-id: is not an id \(a UUID\)$/],
      [['people', 'import', missing, '--as', 'admin@acme.example'], {}, new RegExp(`^FILE: ${missing} cannot be read \\(ENOENT\\)$`)],
      [['org', 'list'], { PORT: 'eighty' }, /^Invalid settings in the environment: PORT: /],
      [['org', 'list'], unreachable, new RegExp(`^Cannot reach the database at 127\\.0\\.0\\.1:${closedPort}: connect ECONNREFUSED`)],
    ];
    // Independent of each other: run together, each process waits mostly on its start-up.
    const runs = await Promise.all(cases.map(([args, extraEnv]) => cli(args, extraEnv)));
    runs.forEach((run, i) => expectOneLineError(run, cases[i]![2]));

    // The stack is there for whoever asks for it.
    const debug = await cli(['org', 'list'], { ...unreachable, LOG_LEVEL: 'debug' });
    expect(debug.status).toBe(1);
    expect(debug.stderr).toMatch(/^\s+at /m);

    expect(json(await cli(['org', 'list'])).map((o: { slug: string }) => o.slug).sort()).toEqual(['acme', 'northwind']);
    expect(await readyz()).toBe(200);
  }, 120_000);
});

describe('the command line without a running Quartet', () => {
  it('starts the cluster itself and stops it after; a holder whose cluster is not ready is named', async () => {
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);

    // A port chosen now: one chosen minutes ago may meanwhile be some connection's local port.
    const ownCluster = { EMBEDDED_PG_PORT: String(await freePort()) };
    expect(json(await cli(['org', 'list'], ownCluster)).map((o: { slug: string }) => o.slug).sort()).toEqual(['acme', 'northwind']);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'quartet.pid'))).toBe(false);

    // A live process holds the folder but no PostgreSQL runs there (as while Quartet starts or
    // restarts its cluster): nothing to attach to, and not the command line's to start.
    writeFileSync(path.join(dataDir, 'quartet.pid'), String(process.pid), { mode: 0o600 }); // as Quartet writes it
    try {
      const notReady = new RegExp(`^Quartet \\(pid ${process.pid}\\) is using ${dataDir}, but its PostgreSQL is not ready`);
      const [command, worker] = await Promise.all([cli(['org', 'list']), cli(['worker'])]);
      expectOneLineError(command, notReady);
      expectOneLineError(worker, notReady);
    } finally {
      rmSync(path.join(dataDir, 'quartet.pid'));
    }
  }, 60_000);
});
