// The worker that sends outgoing messages. Any number of Quartet processes may run one: jobs are
// taken with SKIP LOCKED, and a process that dies has its jobs released by the others.
import { EventEmitter } from 'node:events';
import { run, type Runner, type WorkerEvents } from 'graphile-worker';
import type { Logger } from 'pino';
import { announceWorkerPool, openJobQueuePool, releaseOrphanedJobs, requeueStrandedMessages } from '../../db/job-queue.ts';
import { jobLogger } from '../../db/job-logger.ts';
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
}

export interface MessageWorker {
  poolId: string;
  stop(): Promise<void>;
}

const POLL_INTERVAL_MS = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function startMessageWorker(options: MessageWorkerOptions): Promise<MessageWorker> {
  const { logger } = options;
  const pgPool = openJobQueuePool(options.ownerUrl, options.concurrency + 3);
  const events = new EventEmitter() as WorkerEvents;
  let poolId: string | undefined;
  events.on('pool:create', ({ workerPool }) => {
    poolId = workerPool.id;
  });

  let runner: Runner;
  try {
    runner = await run({
      pgPool,
      concurrency: options.concurrency,
      noHandleSignals: true,
      // New messages' jobs come without a NOTIFY (migration 011: it would make every booking's
      // commit wait for the one before), so a worker finds them by looking this often.
      pollInterval: POLL_INTERVAL_MS,
      logger: jobLogger(logger.child({ component: 'worker' })),
      events,
      // Jobs fetched a batch at a time and completions written together: fewer round trips per
      // message. A batch locked by a process that dies is released by the sweep below; a job run
      // twice finds its message already sent and does nothing.
      preset: { worker: { localQueue: { size: Math.max(50, options.concurrency * 5) }, completeJobBatchDelay: 0 } },
      taskList: {
        async send_message(payload) {
          const { orgId, messageId } = (payload ?? {}) as { orgId?: unknown; messageId?: unknown };
          if (typeof orgId !== 'string' || typeof messageId !== 'string' || !UUID.test(orgId) || !UUID.test(messageId)) {
            logger.error({ payload }, 'send_message job without a valid organisation and message id; dropped');
            return;
          }
          const outcome = await sendMessage(options.deps, orgId, messageId);
          options.onOutcome?.(outcome);
          if (outcome === 'failed' || outcome === 'postponed') logger.warn({ orgId, messageId, outcome }, 'message not delivered');
        },
      },
    });
  } catch (error) {
    await pgPool.end();
    throw error;
  }
  if (!poolId) throw new Error('graphile-worker started without announcing its pool');
  const liveness = await announceWorkerPool(options.ownerUrl, poolId);

  const sweep = async () => {
    try {
      const released = await releaseOrphanedJobs(pgPool);
      if (released.length > 0) logger.warn({ released }, 'released jobs of worker processes that died');
      const requeued = await requeueStrandedMessages(pgPool);
      if (requeued > 0) logger.warn({ requeued }, 'queued again messages whose job was gone');
    } catch (err) {
      logger.error({ err }, 'looking for orphaned jobs failed');
    }
  };
  const interval = options.sweepIntervalMs ?? 10_000;
  const timer = setInterval(() => void sweep(), interval * (0.8 + Math.random() * 0.4));
  timer.unref();
  void sweep();

  return {
    poolId,
    async stop() {
      clearInterval(timer);
      await runner.stop();
      await liveness.close();
      await pgPool.end();
    },
  };
}
