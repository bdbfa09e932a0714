// Runs the `quartet` command line as a child process against a test database, as an operator would.
import { spawn } from 'node:child_process';

export interface CliRun { code: number | null; stdout: string; stderr: string; ms: number }

export function runCli(databaseUrl: string, dataDir: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['src/cli.ts', ...args], {
    // Not the test process's environment: Vitest puts Vite's BASE_URL=/ there.
    env: { PATH: process.env.PATH, TZ: process.env.TZ, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started })));
}
