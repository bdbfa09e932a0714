// graphile-worker's log lines, routed into pino (or nowhere).
import { Logger as JobLogger } from 'graphile-worker';
import type { Logger } from 'pino';

export const silentJobLogger = new JobLogger(() => () => {});

export function jobLogger(logger: Logger): JobLogger {
  return new JobLogger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...(meta as object | undefined) };
    if (level === 'error') logger.error(fields, message);
    else if (level === 'warning') logger.warn(fields, message);
    else if (level === 'info') logger.info(fields, message);
    else logger.debug(fields, message);
  });
}
