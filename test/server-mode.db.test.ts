// `npm start` with DATABASE_URL: Quartet on a PostgreSQL server (here the test run's), connecting
// as its owner and acting as the app role. It loads no demo data unless asked (`npm run
// seed:demo`), serves sign-in and requests, and stops cleanly.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './db.ts';
import { freePort } from './free-port.ts';
import { ROOT, signInThroughCatcher, startQuartetProcess } from './quartet-process.ts';

const database = await createTestDatabase(2);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-server-mode-'));
// The owner's URL only: no APP_DATABASE_URL, as a newcomer to server mode would start it.
// (Vitest sets BASE_URL to "/" for Vite; Quartet's BASE_URL is given where it matters.)
const env: NodeJS.ProcessEnv = { ...process.env, BASE_URL: 'http://127.0.0.1:3000', DATABASE_URL: database.url, DATA_DIR: dataDir, HOST: '127.0.0.1', LOG_LEVEL: 'info', SMTP_URL: '' };
delete env.APP_DATABASE_URL;
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on a PostgreSQL server', () => {
  it('starts without demo data, loads it when asked, signs a person in and stops cleanly', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const quartet = await startQuartetProcess({ ...env, PORT: String(port), BASE_URL: base });
    child = quartet.child;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(quartet.log()).not.toContain('demo organisation loaded');
    const { rows } = await database.pool.query('select count(*)::int as n from organisations');
    expect(rows[0].n).toBe(0);

    const seeded = spawnSync(process.execPath, ['src/cli.ts', 'demo', 'seed'], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 });
    expect(seeded.status, `${seeded.stdout}\n${seeded.stderr}`).toBe(0);
    const people = await database.pool.query<{ n: number }>(`select count(*)::int as n from people where email = 'employee@northwind.example'`);
    expect(people.rows[0]!.n).toBe(1);

    const cookie = await signInThroughCatcher(base, dataDir, 'employee@northwind.example');
    expect((await (await fetch(`${base}/api/me`, { headers: { cookie } })).json()).email).toBe('employee@northwind.example');
    const open = (await (await fetch(`${base}/api/sessions?limit=5`, { headers: { cookie } })).json()) as { items: unknown[] };
    expect(open.items).toHaveLength(5);

    child.kill('SIGTERM');
    expect(await quartet.exited).toBe(0);
    expect(quartet.log()).toContain('"msg":"stopped"');
  }, 180_000);
});
