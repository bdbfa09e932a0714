// The worker that sends outgoing messages. Any number of Quartet processes may run one: jobs are
// taken with SKIP LOCKED, and a process that dies has its jobs released by the others.
//
// The database may go away under it (a crash, a restart, a network loss). Then the worker's
// connects fail at once (db/availability.ts), graphile-worker's own retries say nothing new, so
// an outage is two log lines, and a message being sent waits until the database is back instead
// of failing its job. graphile-worker retries its own writes until then (DatabaseUnavailableError
// carries the code it retries), and the pool's liveness connection is opened again
// (db/job-queue.ts). Should its runner still give up, it is replaced and its jobs released.
// Nothing queued is lost.
import { EventEmitter } from 'node:events';
import { run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import type { Logger } from 'pino';
import { guardPool, isDatabaseUnavailable, type Availability } from '../../../db/availability.ts';
import { announceWorkerPool, openJobQueuePool, releaseJobsOf, releaseOrphanedJobs, requeueStrandedMessages } from '../../../db/job-queue.ts';
import { jobLogger } from '../../../db/job-logger.ts';
import { LOOP_CRONTAB, ratingRequestsTask, weeklyDigestsTask } from '../loop/schedule.ts';
import { REMINDER_SWEEP_CRONTAB, reminderSweepTask } from './reminder-sweep.ts';
import { sendMessage, type SendDeps, type SendOutcome } from './send-message.ts';

export interface MessageWorkerOptions {
  /** The database owner's URL: the job queue's schema belongs to it. */
  ownerUrl: string;
  deps: SendDeps;
  concurrency: number;
  logger: Logger;
  onOutcome?: (outcome: SendOutcome) => void;
  /** How often to look for jobs whose worker died. */
  sweepIntervalMs?: number;
  /** Whether the pool behind deps.db reaches the database: while it does not, jobs fail for that
   * reason alone, and their failures are not logged one by one. */
  depsAvailability?: Availability;
  /** Other features' jobs that run beside the mail (the application passes them in). */
  tasks?: TaskList;
  /** Sweep for missing reminders (reminder-sweep.ts) and queue the loop's digests and requests to
   * rate (loop-schedule.ts) on a schedule; graphile-worker fires each slot once however many
   * processes have it on. Off in tests, which call them directly. */
  sweepReminders?: boolean;
  /** Other features' schedule (crontab lines naming tasks they pass in `tasks`), on beside the sweeps. */
  crontab?: string;
}

export interface MessageWorker {
  /** The graphile-worker pool now running (a new one after each database outage). */
  readonly poolId: string;
  stop(): Promise<void>;
}

const POLL_INTERVAL_MS = 200;
// While the database is away, the worker tries to reach it after 0.5 s, then twice as long each
// time, never waiting more than 10 s.
const BACK_OFF = { minDelayMs: 500, maxDelayMs: 10_000 };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface RunningPool {
  id: string;
  runner: Runner;
  liveness: { close(): Promise<void> };
}

export async function startMessageWorker(options: MessageWorkerOptions): Promise<MessageWorker> {
  const { logger } = options;
  const pgPool = openJobQueuePool(options.ownerUrl, options.concurrency + 3);
  const availability = guardPool(pgPool, { ...BACK_OFF, statementsToo: true });
  const runnerLogger = jobLogger(logger.child({ component: 'worker' }), () => !availability.up || options.depsAvailability?.up === false);
  let current: RunningPool | undefined;
  let stopping = false;
  let transition = Promise.resolve();

  const taskList: TaskList = {
    async send_message(payload) {
      const { orgId, messageId } = (payload ?? {}) as { orgId?: unknown; messageId?: unknown };
      if (typeof orgId !== 'string' || typeof messageId !== 'string' || !UUID.test(orgId) || !UUID.test(messageId)) {
        logger.error({ payload }, 'send_message job without a valid organisation and message id; dropped');
        return;
      }
      const outcome = await untilReachable(() => sendMessage(options.deps, orgId, messageId));
      options.onOutcome?.(outcome);
      if (outcome === 'failed' || outcome === 'postponed') logger.warn({ orgId, messageId, outcome }, 'message not delivered');
    },
    queue_missing_reminders: reminderSweepTask(options.deps.db, logger),
    queue_weekly_digests: weeklyDigestsTask(options.deps.db, logger),
    queue_rating_requests: ratingRequestsTask(options.deps.db, logger),
    ...options.tasks,
  };

  // The database the messages are read from being away is no fault of the message: failing its
  // job would spend one of its attempts and leave a write for the outage to refuse. The send is
  // tried again once the database is back (it is idempotent: a message already sent is skipped).
  const untilReachable = async <T>(work: () => Promise<T>): Promise<T> => {
    for (;;) {
      try {
        return await work();
      } catch (error) {
        if (stopping || !isDatabaseUnavailable(error)) throw error;
        await reachable(options.depsAvailability ?? availability);
      }
    }
  };
  const reachable = async (watched: Availability) => {
    await new Promise((r) => setTimeout(r, BACK_OFF.minDelayMs));
    while (!watched.up && !stopping) await new Promise((r) => setTimeout(r, BACK_OFF.minDelayMs));
  };

  const startPool = async (): Promise<RunningPool> => {
    const events = new EventEmitter() as WorkerEvents;
    let id: string | undefined;
    events.on('pool:create', ({ workerPool }) => {
      id = workerPool.id;
    });
    const runner = await run({
      pgPool,
      concurrency: options.concurrency,
      noHandleSignals: true,
      // New messages' jobs come without a NOTIFY (migration 011: it would make every booking's
      // commit wait for the one before), so a worker finds them by looking this often.
      pollInterval: POLL_INTERVAL_MS,
      logger: runnerLogger,
      events,
      // Jobs fetched a batch at a time: fewer round trips per message. A batch locked by a process
      // that dies is released by the sweep below; a job run twice finds its message already sent
      // and does nothing. Completions and failures are written one by one, not batched: a batch
      // that cannot be written during an outage makes graphile-worker abandon its runner, while a
      // single write is retried until the database is back (DatabaseUnavailableError's code).
      preset: { worker: { localQueue: { size: Math.max(50, options.concurrency * 5) } } },
      taskList,
      ...(options.sweepReminders && { crontab: [REMINDER_SWEEP_CRONTAB, LOOP_CRONTAB, options.crontab].filter(Boolean).join('\n') }),
    });
    if (!id) throw new Error('graphile-worker started without announcing its pool');
    const pool: RunningPool = { id, runner, liveness: await announceWorkerPool(options.ownerUrl, id) };
    // A runner that ends by itself (it could not record a finished job) is replaced.
    runner.promise.then(() => undefined, () => undefined).then(() => {
      if (current === pool && !stopping) replace('the job runner stopped by itself');
    });
    return pool;
  };

  current = await startPool().catch(async (error: unknown) => {
    availability.close();
    await pgPool.end();
    throw error;
  });

  // Serialised; with the database away it waits until it is back.
  const replace = (reason: string) => {
    transition = transition.then(async () => {
      await reachable(availability);
      if (stopping) return;
      const old = current;
      current = undefined;
      if (old) {
        await old.runner.kill(reason).catch(() => {});
        await old.liveness.close();
        await releaseJobsOf(pgPool, old.id);
      }
      current = await startPool();
      logger.info({ poolId: current.id, reason }, 'mail worker running again');
    }).catch((err: unknown) => {
      logger.warn({ err: { message: (err as Error).message } }, 'mail worker could not start again yet; trying again');
      if (!stopping) replace(reason);
    });
  };

  availability.onChange((change) => {
    if (change.up) {
      logger.info({ downForMs: change.downForMs }, 'mail worker: the database is reachable again');
    } else {
      logger.warn({ err: { message: (change.error as Error).message } }, `mail worker paused: the database cannot be reached (trying again after ${BACK_OFF.minDelayMs} ms, then up to every ${BACK_OFF.maxDelayMs / 1000} s)`);
    }
  });

  const sweep = async () => {
    if (!availability.up) return;
    try {
      const released = await releaseOrphanedJobs(pgPool);
      if (released.length > 0) logger.warn({ released }, 'released jobs of worker processes that died');
      const requeued = await requeueStrandedMessages(pgPool);
      if (requeued > 0) logger.warn({ requeued }, 'queued again messages whose job was gone');
    } catch (err) {
      if (availability.up) logger.error({ err }, 'looking for orphaned jobs failed');
    }
  };
  const interval = options.sweepIntervalMs ?? 10_000;
  const timer = setInterval(() => void sweep(), interval * (0.8 + Math.random() * 0.4));
  timer.unref();
  void sweep();

  return {
    get poolId() {
      return current?.id ?? '';
    },
    async stop() {
      stopping = true;
      clearInterval(timer);
      await transition;
      if (current) {
        // With the database away, a graceful stop would retry handing jobs back for minutes; the
        // forceful one gives up at once, and the jobs are released when the database is back.
        if (availability.up) await current.runner.stop();
        else await current.runner.kill('stopping while the database is unreachable').catch(() => {});
        await current.liveness.close();
      }
      availability.close();
      await pgPool.end();
    },
  };
}
