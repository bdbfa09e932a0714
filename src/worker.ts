// The background worker as Quartet runs it: notifications' mail worker, given what other features
// contribute (sign-in's log-in link requests and the making of a link's token, webhooks' deliveries, the
// scheduled count of who met whom, the hourly release of final ratings into the figures, retention's nightly run, waiting-list offers that lapse), so that notifications imports no other feature. The server,
// `quartet worker`, the tests and the benchmarks all start it through here.
import { requestLoginLinksTask } from './features/auth/jobs.ts';
import { issueLoginLink } from './features/auth/service.ts';
import { issueErasureLink } from './features/erasure/service.ts';
import { expireDataExportTask, prepareDataExportTask } from './features/data-export/jobs.ts';
import { ENCOUNTERS_CRONTAB, countEncountersTask } from './features/encounters/jobs.ts';
import { RATING_RELEASE_CRONTAB, releaseRatingsTask } from './features/feedback/jobs.ts';
import { RETENTION_CRONTAB, retentionTask } from './features/retention/jobs.ts';
import { PLANNER_TOP_UP_CRONTAB, plannerTopUpTask } from './features/planner/jobs.ts';
import { seatRules } from './features/bookings/service.ts';
import { WAITLIST_OFFERS_CRONTAB, expireWaitlistOffersTask } from './features/waiting-list/jobs.ts';
import type { SendDeps } from './features/notifications/jobs/send-message.ts';
import { startMessageWorker, type MessageWorker, type MessageWorkerOptions } from './features/notifications/jobs/worker.ts';
import { DELIVERY_DEFAULTS, deliverWebhookTask, type DeliveryOptions } from './features/webhooks/jobs.ts';

export type { MessageWorker } from './features/notifications/jobs/worker.ts';
export type { SendOutcome } from './features/notifications/jobs/send-message.ts';

export type WorkerOptions = Omit<MessageWorkerOptions, 'deps' | 'tasks' | 'crontab'> & {
  deps: Omit<SendDeps, 'issueLoginLink' | 'issueErasureLink'>;
  /** Webhook deliveries: loopback allowed (config WEBHOOKS_ALLOW_LOOPBACK; off unless given), and
   * shorter waits for tests. */
  webhooks?: Partial<Omit<DeliveryOptions, 'policy'>> & { allowLoopback?: boolean | undefined };
  /** The development mail catcher's folder, whose files the nightly retention run ages out. */
  caughtMailDir?: string | undefined;
};

export function startQuartetWorker(options: WorkerOptions): Promise<MessageWorker> {
  return startMessageWorker({
    ...options,
    deps: { ...options.deps, issueLoginLink, issueErasureLink },
    tasks: {
      request_login_links: requestLoginLinksTask(options.deps.db, options.logger),
      count_encounters: countEncountersTask(options.deps.db, options.logger),
      release_final_ratings: releaseRatingsTask(options.deps.db, options.logger),
      prepare_data_export: prepareDataExportTask(options.deps.db, options.logger),
      expire_data_export: expireDataExportTask(options.deps.db),
      apply_retention: retentionTask(options.ownerUrl, options.logger, options.caughtMailDir),
      planner_top_up: plannerTopUpTask(options.deps.db, options.logger),
      expire_waitlist_offers: expireWaitlistOffersTask(options.deps.db, options.logger, seatRules),
      deliver_webhook: deliverWebhookTask(options.deps.db, options.logger, {
        ...DELIVERY_DEFAULTS, ...options.webhooks, policy: { allowLoopback: options.webhooks?.allowLoopback ?? false },
      }),
    },
    crontab: [ENCOUNTERS_CRONTAB, RATING_RELEASE_CRONTAB, RETENTION_CRONTAB, PLANNER_TOP_UP_CRONTAB, WAITLIST_OFFERS_CRONTAB].join('\n'),
  });
}
