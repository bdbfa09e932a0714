// Entry point of `npm start`: read settings, start Quartet, stop cleanly on Ctrl-C or SIGTERM.
import closeWithGrace from 'close-with-grace';
import { pino } from 'pino';
import { ConfigError, loadConfig } from './lib/config.ts';
import { startQuartet } from './server.ts';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = pino({ level: config.logLevel });
try {
  const quartet = await startQuartet(config, logger);
  closeWithGrace({ delay: 15_000, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'stopping after an unexpected error');
    else logger.info({ signal }, 'stopping');
    await quartet.stop();
    logger.info('stopped');
  });
} catch (error) {
  logger.fatal({ err: error }, 'Quartet could not start');
  process.exitCode = 1;
}
