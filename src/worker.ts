// The background worker as Quartet runs it: notifications' mail worker, given what other features
// contribute (sign-in's log-in link requests and the making of a link's token, webhooks' deliveries, the
// scheduled count of who met whom), so that notifications imports no other feature. The server,
// `quartet worker`, the tests and the benchmarks all start it through here.
import { requestLoginLinksTask } from './features/auth/jobs.ts';
import { issueLoginLink } from './features/auth/service.ts';
import { ENCOUNTERS_CRONTAB, countEncountersTask } from './features/encounters/jobs.ts';
import type { SendDeps } from './features/notifications/jobs/send-message.ts';
import { startMessageWorker, type MessageWorker, type MessageWorkerOptions } from './features/notifications/jobs/worker.ts';
import { DELIVERY_DEFAULTS, deliverWebhookTask, type DeliveryOptions } from './features/webhooks/jobs.ts';

export type { MessageWorker } from './features/notifications/jobs/worker.ts';
export type { SendOutcome } from './features/notifications/jobs/send-message.ts';

export type WorkerOptions = Omit<MessageWorkerOptions, 'deps' | 'tasks' | 'crontab'> & {
  deps: Omit<SendDeps, 'issueLoginLink'>;
  /** Webhook deliveries: loopback allowed (config WEBHOOKS_ALLOW_LOOPBACK; off unless given), and
   * shorter waits for tests. */
  webhooks?: Partial<Omit<DeliveryOptions, 'policy'>> & { allowLoopback?: boolean | undefined };
};

export function startQuartetWorker(options: WorkerOptions): Promise<MessageWorker> {
  return startMessageWorker({
    ...options,
    deps: { ...options.deps, issueLoginLink },
    tasks: {
      request_login_links: requestLoginLinksTask(options.deps.db, options.logger),
      count_encounters: countEncountersTask(options.deps.db, options.logger),
      deliver_webhook: deliverWebhookTask(options.deps.db, options.logger, {
        ...DELIVERY_DEFAULTS, ...options.webhooks, policy: { allowLoopback: options.webhooks?.allowLoopback ?? false },
      }),
    },
    crontab: ENCOUNTERS_CRONTAB,
  });
}
