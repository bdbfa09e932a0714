// The main thread's side of rush-worker.ts: starts the thread, answers its requests for log-in
// tokens from the SMTP listener, and returns its result.
import { Worker } from 'node:worker_threads';
import type { Listener } from './listener.ts';
import type { CeilingPlan, CeilingResult } from './rush-ceiling.ts';
import type { RushPlan, RushResult } from './rush-flow.ts';

export type TokenRequest = { wantToken: { id: number; email: string } };
export type TokenAnswer = { id: number; token: string } | { id: number; error: string };
/** Sent by the thread when its setup is done and its clock starts, so CPU is counted from then. */
export const STARTING = 'starting';

const running = new Set<Worker>();

/** `onStart` is called when the thread's setup is done and its clock starts. */
export function inRushThread(task: { rush: RushPlan }, onStart: () => void, listener: Listener, mailTimeoutMs: number): Promise<RushResult>;
export function inRushThread(task: { ceiling: CeilingPlan }, onStart: () => void): Promise<CeilingResult>;
export function inRushThread(task: { rush: RushPlan } | { ceiling: CeilingPlan }, onStart: () => void, listener?: Listener, mailTimeoutMs = 0): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./rush-worker.ts', import.meta.url), { workerData: task });
    running.add(worker);
    worker.on('message', (m: typeof STARTING | TokenRequest | { result: unknown }) => {
      if (m === STARTING) return onStart();
      if ('result' in m) {
        resolve(m.result);
        void worker.terminate();
        return;
      }
      const { id, email } = m.wantToken;
      listener!.loginToken(email, mailTimeoutMs).then(
        (token) => worker.postMessage({ id, token } satisfies TokenAnswer),
        (error: unknown) => worker.postMessage({ id, error: (error as Error).message } satisfies TokenAnswer),
      );
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      running.delete(worker);
      reject(new Error(`the rush thread exited with code ${code}`));
    });
  });
}

/** Stops the threads at once (the run was interrupted). */
export async function terminateRushThreads(): Promise<void> {
  await Promise.all([...running].map((w) => w.terminate()));
}
