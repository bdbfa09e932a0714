// What request handlers can reach: settings, the database, mail and metrics.
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import type { Config } from '../lib/config.ts';
import type { Db } from '../db/pool.ts';
import type { MailCatcher } from '../lib/mail-catcher.ts';
import type { Mailer } from '../lib/mailer.ts';
import type { Metrics } from './metrics.ts';

export interface AppContext {
  config: Config;
  db: Db;
  pool: pg.Pool;
  mailer: Mailer;
  mailCatcher: MailCatcher | undefined;
  metrics: Metrics;
  /** False once this process cannot get its database back by itself (the embedded cluster could
   * not be restarted); /healthz then fails so that an orchestrator restarts the process. */
  canRecover?: () => boolean;
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;
