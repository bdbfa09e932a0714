// A webhook receiver for tests: a real node:http listener on 127.0.0.1 that keeps every request
// (headers and the raw body as received) and answers as the test says, per request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { pino } from 'pino';
import type { Db } from '../src/db/pool.ts';
import { createSmtpMailer, parseSender } from '../src/lib/mailer.ts';
import { startQuartetWorker, type MessageWorker, type WorkerOptions } from '../src/worker.ts';
import { call } from './api-calls.ts';
import type { TestApp } from './app.ts';
import { onCleanup } from './cleanup.ts';
import type { CapturingMailbox } from './mail-assertions.ts';

export interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: Date;
}

/** What to answer: a status (and body), or 'hang' to never answer (the sender's time limit ends it). */
export type Answer = { status: number; body?: string; delayMs?: number } | 'hang';

export interface Receiver {
  url: string;
  received: Received[];
  /** How the next requests are answered; after the list, `otherwise` (200 by default). */
  answer(...answers: Answer[]): void;
  otherwise(answer: Answer): void;
  /** Waits until at least n requests have arrived. */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  eventIds(): string[];
}

export async function startReceiver(path = '/hook'): Promise<Receiver> {
  const received: Received[] = [];
  let queue: Answer[] = [];
  let fallback: Answer = { status: 200, body: 'ok' };
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: new Date() });
      const answer = queue.shift() ?? fallback;
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      const reply = () => res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
      if (answer.delayMs) setTimeout(reply, answer.delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  onCleanup(async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer: (...answers) => {
      queue = answers;
    },
    otherwise: (answer) => {
      fallback = answer;
    },
    async waitFor(n, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`${received.length} of ${n} webhook requests arrived within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return received;
    },
    eventIds: () => received.map((r) => String(r.headers['quartet-event-id'])),
  };
}

/** Quartet's worker (mail and webhooks) with short waits: retries after ~20 ms, a 400 ms time limit. */
export async function webhookWorker(
  t: TestApp, mailbox: CapturingMailbox, options: WorkerOptions['webhooks'] = {},
): Promise<MessageWorker> {
  const mailer = createSmtpMailer(mailbox.url, t.ctx.config.mailFrom);
  const worker = await startQuartetWorker({
    ownerUrl: t.database.url,
    deps: { db: t.ctx.db, mailer, baseUrl: t.ctx.config.baseUrl, organiser: parseSender(t.ctx.config.mailFrom) },
    concurrency: 4,
    logger: pino({ level: 'silent' }),
    webhooks: { allowLoopback: true, baseDelayMs: 20, timeoutMs: 400, maxAttempts: 3, disableAfter: 2, ...options },
  });
  onCleanup(async () => {
    await worker.stop();
    mailer.close();
  });
  return worker;
}

/** Waits until no delivery of the organisation is pending. */
export async function deliveriesSettled(db: Db, orgId: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from webhook_deliveries where org_id = ${orgId} and status = 'pending'`.execute(db);
    if (rows[0]!.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0]!.n} webhook deliveries still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Adds an endpoint through the API; returns it as answered (with its secret). */
export async function addEndpoint(t: TestApp, cookie: string, body: Record<string, unknown>) {
  const res = await call(t, 'POST', '/api/admin/webhooks', { cookie, body });
  if (res.status !== 201) throw new Error(`adding the endpoint answered ${res.status}: ${res.text}`);
  return res.body as { id: string; secret: string; url: string; enabled: boolean };
}
