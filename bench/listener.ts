// The benchmarks' SMTP listener (bench/mail-listener.ts), seen from the process being measured:
// it runs in a process of its own, as a mail relay would, so that receiving costs the measured
// process nothing. Arrivals and log-in links come back over IPC.
import { fork } from 'node:child_process';
import path from 'node:path';
import type { ListenerMessage } from './mail-listener.ts';

/** The listener process, and what it reported, by recipient, for the current phase. */
export async function startListener() {
  const child = fork(path.join(import.meta.dirname, 'mail-listener.ts'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let arrivals = new Map<string, number[]>();
  const tokens = new Map<string, string>();
  let count = 0;
  let bytes = 0;
  let last = 0;
  // Every waiter is woken by each report: the rush benchmark has dozens waiting for their links at once.
  const waiters = new Set<() => void>();
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the SMTP listener exited (${code})`)));
    child.on('message', (m: ListenerMessage) => {
      if ('port' in m) return resolve(m.port);
      if ('token' in m) tokens.set(m.token[0], m.token[1]);
      else {
        for (const [to, at, size] of m.arrivals) {
          arrivals.set(to, [...(arrivals.get(to) ?? []), at]);
          count++;
          bytes += size;
          last = Math.max(last, at);
        }
      }
      for (const wake of waiters) wake();
    });
  });
  const waitUntil = async (done: () => boolean, timeoutMs: number): Promise<boolean> => {
    for (const deadline = Date.now() + timeoutMs; !done(); ) {
      if (Date.now() > deadline) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(wake, 50);
        function wake() {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        }
        waiters.add(wake);
      });
    }
    return true;
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** Starts a new phase: forgets what arrived before. */
    reset() {
      arrivals = new Map();
      count = 0;
      bytes = 0;
      last = 0;
    },
    get arrivals() {
      return arrivals;
    },
    stats: () => ({ count, bytes, last }),
    /** Waits until every address has had a message (or the time is up). */
    async waitForAll(emails: string[], timeoutMs: number): Promise<boolean> {
      let i = 0;
      return waitUntil(() => {
        while (i < emails.length && arrivals.has(emails[i]!)) i++;
        return i === emails.length;
      }, timeoutMs);
    },
    /** The secret of the log-in link last mailed to the address. */
    async loginToken(email: string, timeoutMs = 10_000): Promise<string> {
      if (!(await waitUntil(() => tokens.has(email.toLowerCase()), timeoutMs))) throw new Error(`no log-in link reached ${email}`);
      return tokens.get(email.toLowerCase())!;
    },
    stop() {
      child.removeAllListeners('exit');
      child.kill();
    },
  };
}
export type Listener = Awaited<ReturnType<typeof startListener>>;
