// Quartet as a person runs it: `node src/main.ts` in a process of its own, its mail in the
// development catcher under DATA_DIR/mail, signed in through a log-in link read from there.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { expect } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '..');

export interface QuartetProcess { child: ChildProcess; log: () => string; exited: Promise<number | null> }

/** Starts `node src/main.ts` with `env` and waits until it says it is ready. */
export async function startQuartetProcess(env: NodeJS.ProcessEnv): Promise<QuartetProcess> {
  const child = spawn(process.execPath, ['src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Quartet is ready')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`Quartet did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, log: () => output, exited };
}

/** Asks for a log-in link, reads the new mail in the catcher, and returns the session cookie. */
export async function signInThroughCatcher(baseUrl: string, dataDir: string, email: string): Promise<string> {
  const mailDir = path.join(dataDir, 'mail');
  const before = new Set(readdirSync(mailDir));
  const res = await fetch(`${baseUrl}/api/auth/login-link`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
  expect(res.status).toBe(202);
  let mail: string | undefined;
  for (let i = 0; i < 200 && !mail; i++) {
    await new Promise((r) => setTimeout(r, 50));
    mail = readdirSync(mailDir).find((f) => !before.has(f) && f.endsWith('.eml'));
  }
  expect(mail, `a log-in mail to ${email} in the catcher`).toBeDefined();
  const parsed = await simpleParser(readFileSync(path.join(mailDir, mail!)));
  const token = /#token=([\w-]+)/.exec(parsed.text ?? '')![1]!;
  const session = await fetch(`${baseUrl}/api/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  expect(session.status).toBe(200);
  return session.headers.get('set-cookie')!.split(';')[0]!;
}
