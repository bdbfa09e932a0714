// Offered seats that lapse, on graphile-worker's crontab (src/worker.ts hands it to the worker, with
// the bookings feature's seat rules): every minute, the offers that ran out expire and their seats
// are offered to the next in line. graphile-worker fires each slot once however many processes run
// it; each session is decided again under its lock, so a run that overlaps another changes nothing.
import type { Task } from 'graphile-worker';
import type { Logger } from 'pino';
import type { Db } from '../../db/pool.ts';
import { sweepOffers } from './offers.ts';
import type { SeatRules } from './service.ts';

export const WAITLIST_OFFERS_CRONTAB = '* * * * * expire_waitlist_offers';

export function expireWaitlistOffersTask(db: Db, logger: Logger, seats: SeatRules): Task {
  return async () => {
    const done = await sweepOffers(db, seats, {
      onError: (error) => logger.error({ err: error }, 'expiring a session’s waiting-list offers failed; the next minute tries again'),
    });
    if (done.sessions > 0) logger.info(done, 'waiting-list offers expired and offered on');
  };
}
