// The job behind POST /api/auth/login-link (task request_login_links, added by migration 016's
// queue_login_link_request): the request only adds it, the same for every address, and the
// worker looks the address up here, where nobody waits for an answer that could be timed.
import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from '../../db/pool.ts';
import { requestLoginLinks } from './service.ts';

const Payload = z.strictObject({ email: z.string().max(254).pipe(z.email()) });
// As send-message.ts treats a log-in mail: one asked for over an hour ago (the workers were down
// since) is no longer what its reader waits for.
const STALE_AFTER_MS = 3_600_000;

export function requestLoginLinksTask(db: Db, logger: Logger): Task {
  return async (payload, { job }) => {
    const parsed = Payload.safeParse(payload);
    // The payload and the address stay out of the log (it is personal data); the job id is enough.
    if (!parsed.success) {
      logger.error({ jobId: job.id }, 'request_login_links job without a valid address; dropped');
      return;
    }
    if (Date.now() - job.created_at.getTime() > STALE_AFTER_MS) {
      logger.warn({ jobId: job.id }, 'request_login_links job reached over an hour late; dropped');
      return;
    }
    try {
      await requestLoginLinks(db, parsed.data.email);
    } catch (error) {
      if (job.attempts < job.max_attempts) throw error; // graphile-worker tries again later
      // Ending the last attempt without an error lets graphile-worker delete the job, and the
      // address in it, instead of keeping it as a failed job.
      logger.error({ jobId: job.id, err: error }, 'log-in links not queued after every attempt; request dropped');
    }
  };
}
