// graphile-worker's log lines, routed into pino (or nowhere).
import { Logger as JobLogger } from 'graphile-worker';
import type { Logger } from 'pino';

export const silentJobLogger = new JobLogger(() => () => {});

/** `quiet`: while it says so, graphile-worker's errors and warnings are not logged (e.g. while the
 * database is away, when each of its retries would say the same). */
export function jobLogger(logger: Logger, quiet: () => boolean = () => false): JobLogger {
  return new JobLogger((scope) => (level, message, meta) => {
    if ((level === 'error' || level === 'warning') && quiet()) return;
    const fields = { ...scope, ...(meta as object | undefined) };
    if (level === 'error') logger.error(fields, message);
    else if (level === 'warning') logger.warn(fields, message);
    else if (level === 'info') logger.info(fields, message);
    else logger.debug(fields, message);
  });
}
