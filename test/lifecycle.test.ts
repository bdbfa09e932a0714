// Running Quartet as a person would: `node src/main.ts` on the embedded cluster. A clean stop on
// SIGTERM lets a request in flight finish; a restart keeps the data; after kill -9 the next start
// recovers by itself.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './free-port.ts';
import { signInThroughCatcher, startQuartetProcess, type QuartetProcess } from './quartet-process.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-life-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));


interface Running extends QuartetProcess { port: number }

async function start(pgPort: number): Promise<Running> {
  const port = await freePort();
  const running = await startQuartetProcess({
    ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'info', SMTP_URL: '',
  });
  return { ...running, port };
}

const signIn = (port: number, email: string) => signInThroughCatcher(`http://127.0.0.1:${port}`, dataDir, email);

describe('npm start on the embedded cluster', () => {
  it('starts with demo data, finishes a request in flight on SIGTERM, restarts with its data, recovers after kill -9', async () => {
    const pgPort = await freePort();
    const first = await start(pgPort);
    expect(first.log()).toContain('demo organisation loaded');
    const cookie = await signIn(first.port, 'employee@northwind.example');
    const me = await fetch(`http://127.0.0.1:${first.port}/api/me`, { headers: { cookie } });
    expect((await me.json()).email).toBe('employee@northwind.example');

    // A request whose body is still arriving when SIGTERM comes must still be answered.
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: first.port, method: 'POST', path: '/api/auth/login-link', headers: { 'content-type': 'application/json', 'content-length': 36 } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode!));
      });
      req.on('error', reject);
      req.write('{"email":"nobody@');
      setTimeout(() => {
        first.child.kill('SIGTERM');
        setTimeout(() => req.end('northwind.example"}'), 300);
      }, 100);
    });
    expect(await inFlight).toBe(202);
    expect(await first.exited).toBe(0);
    expect(first.log()).toContain('"msg":"stopped"');
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    // A restart keeps people, sessions and sign-ins; the demo is not loaded twice.
    const second = await start(pgPort);
    expect(second.log()).not.toContain('demo organisation loaded');
    const again = await fetch(`http://127.0.0.1:${second.port}/api/me`, { headers: { cookie } });
    expect(again.status).toBe(200);
    const open = await (await fetch(`http://127.0.0.1:${second.port}/api/sessions?limit=5`, { headers: { cookie } })).json();
    expect(open.items.length).toBe(5);

    // kill -9 leaves PostgreSQL running without its owner; the next start takes over.
    second.child.kill('SIGKILL');
    await second.exited;
    const third = await start(pgPort);
    const afterCrash = await fetch(`http://127.0.0.1:${third.port}/api/me`, { headers: { cookie } });
    expect(afterCrash.status).toBe(200);
    third.child.kill('SIGINT');
    expect(await third.exited).toBe(0);
  }, 180_000);
});
