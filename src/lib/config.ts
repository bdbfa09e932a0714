// Every setting Quartet reads from its environment, validated once at start-up. Nothing else in
// src/ reads process.env: pass the Config along instead.
import path from 'node:path';
import { z } from 'zod';
import { isLoopbackHost } from './loopback.ts';
import { DEFAULT_PLANNING_HORIZON_MONTHS } from './time.ts';

const port = z.coerce.number().int().min(1).max(65535);
const urlWithProtocol = (protocols: string[]) =>
  z.url().refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
    message: `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  });

const UNIT_SECONDS = { s: 1, m: 60, h: 3600 } as const;
/** `count/window`, e.g. `5/15m`: at most 5 in each 15-minute window (units s, m, h; at most 24h). */
const rateLimit = (name: string) =>
  z.string().regex(/^\d{1,9}\/\d{1,5}[smh]$/, 'must look like 5/15m (count/window, window in s, m or h)')
    .transform((value) => {
      const [max, window] = value.split('/') as [string, string];
      const windowSeconds = Number(window.slice(0, -1)) * UNIT_SECONDS[window.slice(-1) as keyof typeof UNIT_SECONDS];
      return { name, max: Number(max), windowSeconds };
    })
    // Ended windows are deleted after a day (features/rate-limits/queries.ts).
    .refine((limit) => limit.max >= 1 && limit.windowSeconds >= 1 && limit.windowSeconds <= 86_400, 'needs a count of at least 1 and a window of 1s to 24h');

const schema = z.object({
  /** HTTP port. */
  PORT: port.default(3000),
  /** Address to listen on; `0.0.0.0` to accept connections from other machines. */
  HOST: z.string().min(1).default('localhost'),
  /** Folder for the embedded PostgreSQL cluster and caught mail. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** PostgreSQL server to use instead of the embedded cluster (must be PostgreSQL 15 or newer). */
  DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:']).optional(),
  /** With DATABASE_URL: the same database, logging in as the role quartet_app, which requests
   * run as (row-level security binds it). Unset: Quartet connects with DATABASE_URL and switches
   * each connection to quartet_app with SET ROLE. */
  APP_DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:']).optional(),
  /** Port of the embedded cluster (ignored with DATABASE_URL). */
  EMBEDDED_PG_PORT: port.default(54329),
  /** Largest number of database connections this process opens. */
  DB_POOL_SIZE: z.coerce.number().int().min(2).max(500).default(20),
  /** SMTP server for outgoing mail, e.g. smtp://user:pass@mail.example.com:587. Unset: mail is
   * kept by the built-in catcher under DATA_DIR/mail and shown at /dev/mail. */
  SMTP_URL: urlWithProtocol(['smtp:', 'smtps:']).optional(),
  /** Messages this process sends at once; 0 runs no mail worker in this process (another must).
   * Several processes may run workers against the same database. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(0).max(100).default(10),
  /** Sender of every mail Quartet sends; also the organiser of calendar invitations, so that
   * replies to an invitation reach no coach. */
  MAIL_FROM: z.string().min(3).optional(),
  /** Public address of this deployment, used in links inside mails; also the only origin whose
   * state-changing requests are accepted. */
  BASE_URL: urlWithProtocol(['http:', 'https:']).optional(),
  /** Load the demo organisation: `auto` on the first start of an embedded cluster only. */
  SEED_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
  /** How far ahead a session may be published or moved, in months. */
  PLANNING_HORIZON_MONTHS: z.coerce.number().int().min(1).max(240).default(DEFAULT_PLANNING_HORIZON_MONTHS),
  /** Trust X-Forwarded-For from a reverse proxy in front of Quartet. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Log-in links asked for one e-mail address. */
  RATE_LIMIT_LOGIN_LINKS_PER_ADDRESS: rateLimit('login-links-per-address').prefault('5/15m'),
  /** Log-in links asked for from one client address (IPv6: one /64). High enough for an office
   * behind one NAT address where many people sign in on the same morning. */
  RATE_LIMIT_LOGIN_LINKS_PER_IP: rateLimit('login-links-per-ip').prefault('100/15m'),
  /** Log-in link tokens exchanged for a session from one client address. */
  RATE_LIMIT_SIGN_INS_PER_IP: rateLimit('sign-ins-per-ip').prefault('100/15m'),
  /** Seat changes (sign-ups, cancellations, moves together) by one signed-in person. */
  RATE_LIMIT_SEAT_CHANGES_PER_PERSON: rateLimit('seat-changes-per-person').prefault('60/1m'),
  /** Bearer token Prometheus sends to read /metrics (at least 24 characters). Unset: /metrics is off. */
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters (e.g. openssl rand -hex 24)').max(200).optional(),
  /** Let webhooks use http and loopback addresses (127.0.0.1, ::1, localhost): for tests and
   * development only. Off, a webhook URL must be https and reach a public address (SSRF). */
  WEBHOOKS_ALLOW_LOOPBACK: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Let employees' calendar addresses use http and loopback addresses: for tests and development
   * only. Off, a calendar address must be https and reach a public address (SSRF). */
  CALENDARS_ALLOW_LOOPBACK: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** 32 random bytes as 64 hex characters (openssl rand -hex 32): the key employees' calendar
   * addresses are encrypted with. Unset: a key made at first use is kept in DATA_DIR. */
  CALENDAR_ADDRESS_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (openssl rand -hex 32)').optional(),
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = ReturnType<typeof resolve>;

function resolve(env: z.infer<typeof schema>) {
  const baseUrl = new URL(env.BASE_URL ?? `http://localhost:${env.PORT}`);
  const dataDir = path.resolve(env.DATA_DIR);
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir,
    databaseUrl: env.DATABASE_URL,
    appDatabaseUrl: env.APP_DATABASE_URL,
    embeddedPgPort: env.EMBEDDED_PG_PORT,
    dbPoolSize: env.DB_POOL_SIZE,
    smtpUrl: env.SMTP_URL,
    workerConcurrency: env.WORKER_CONCURRENCY,
    mailFrom: env.MAIL_FROM ?? `Quartet <no-reply@${baseUrl.hostname === 'localhost' ? 'quartet.localhost' : baseUrl.hostname}>`,
    baseUrl: baseUrl.origin,
    seedDemo: env.SEED_DEMO,
    planningHorizonMonths: env.PLANNING_HORIZON_MONTHS,
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    metricsToken: env.METRICS_TOKEN,
    webhooksAllowLoopback: env.WEBHOOKS_ALLOW_LOOPBACK,
    calendarsAllowLoopback: env.CALENDARS_ALLOW_LOOPBACK,
    calendarAddressKey: env.CALENDAR_ADDRESS_KEY,
    rateLimits: {
      loginLinksPerAddress: env.RATE_LIMIT_LOGIN_LINKS_PER_ADDRESS,
      loginLinksPerIp: env.RATE_LIMIT_LOGIN_LINKS_PER_IP,
      signInsPerIp: env.RATE_LIMIT_SIGN_INS_PER_IP,
      seatChangesPerPerson: env.RATE_LIMIT_SEAT_CHANGES_PER_PERSON,
    },
  };
}

export class ConfigError extends Error {}

/** Reads the settings; throws ConfigError naming every wrong variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid settings in the environment:\n${lines.join('\n')}`);
  }
  const catcherRefused = catcherRefusal(parsed.data);
  if (catcherRefused) throw new ConfigError(`Invalid settings in the environment:\n  ${catcherRefused}`);
  return resolve(parsed.data);
}

// Without SMTP_URL every mail, log-in links included, goes to the built-in catcher: one inbox for
// the whole deployment. Only a Quartet that nothing but this machine can reach may run that way.
function catcherRefusal(env: z.infer<typeof schema>): string | undefined {
  if (env.SMTP_URL) return undefined;
  const baseUrl = new URL(env.BASE_URL ?? `http://localhost:${env.PORT}`);
  const reachable = [
    ...(isLoopbackHost(env.HOST) ? [] : [`HOST=${env.HOST}`]),
    ...(isLoopbackHost(baseUrl.hostname) ? [] : [`BASE_URL=${baseUrl.origin}`]),
  ];
  if (reachable.length === 0) return undefined;
  return `SMTP_URL: required when Quartet is reachable from other machines (${reachable.join(', ')}): ` +
    'the built-in mail catcher is for development on this machine only. Set SMTP_URL, or HOST and BASE_URL to localhost.';
}
