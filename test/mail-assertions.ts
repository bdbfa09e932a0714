// Reading Quartet's mail as a recipient's client would: a real SMTP listener that keeps every
// message raw (with its envelope) and parsed by mailparser, a small MIME walker of our own for the
// raw headers of each part, and the calendar parts parsed by ical.js, independently of the
// ical-generator that wrote them.
import type { AddressInfo } from 'node:net';
import ICAL from 'ical.js';
import { sql } from 'kysely';
import { simpleParser, type ParsedMail } from 'mailparser';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, expect, onTestFinished } from 'vitest';
import type { Db } from '../src/db/pool.ts';
import { createSmtpMailer, parseSender, type Mailer } from '../src/lib/mailer.ts';
import { startQuartetWorker, type MessageWorker } from '../src/worker.ts';
import type { TestApp } from './app.ts';
import { waitForMessage } from './smtp.ts';

export interface CapturedMail {
  raw: string;
  parsed: ParsedMail;
  /** The SMTP envelope: who the message was really delivered to, whatever its headers say. */
  envelope: { from: string; to: string[] };
  mime: MimePart;
}

export interface CapturingMailbox {
  url: string;
  messages: CapturedMail[];
  /** Addresses (lower case) whose RCPT TO is answered 550, as a server with no such mailbox does. */
  rejecting: Set<string>;
  /** How many RCPT TO were refused, by address. */
  refused: string[];
  waitFor(match: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  /** Messages whose envelope names the address. */
  to(address: string): CapturedMail[];
  /**
   * Holds the next message to this address in the middle of its SMTP DATA: it has been sent but
   * not yet accepted until release() is called. `arrived` settles when it is being held.
   */
  hold(address: string): { arrived: Promise<void>; release(): void };
  close(): Promise<void>;
}

export async function startCapturingMailbox(): Promise<CapturingMailbox> {
  const messages: CapturedMail[] = [];
  const rejecting = new Set<string>();
  const refused: string[] = [];
  const waiters = new Set<() => void>();
  const holds = new Map<string, { held: () => void; released: Promise<void> }>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (rejecting.has(to)) {
        refused.push(to);
        callback(Object.assign(new Error(`5.1.1 <${to}>: no such mailbox here`), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        for (const r of session.envelope.rcptTo) {
          const hold = holds.get(r.address.toLowerCase());
          if (!hold) continue;
          holds.delete(r.address.toLowerCase());
          hold.held();
          await hold.released;
        }
        simpleParser(raw)
          .then((parsed) => {
            messages.push({
              raw,
              parsed,
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
              },
              mime: parseMime(raw),
            });
            for (const wake of waiters) wake();
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    rejecting,
    refused,
    to: (address) => messages.filter((m) => m.envelope.to.includes(address.toLowerCase())),
    hold(address) {
      let held!: () => void;
      let release!: () => void;
      const arrived = new Promise<void>((resolve) => (held = resolve));
      const released = new Promise<void>((resolve) => (release = resolve));
      holds.set(address.toLowerCase(), { held, released });
      return { arrived, release };
    },
    waitFor: (match, timeoutMs = 15_000) => waitForMessage(messages, waiters, match, timeoutMs),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface RunningWorker {
  worker: MessageWorker;
  mailer: Mailer;
  stop(): Promise<void>;
}

/**
 * Quartet's own mail worker over the test app's database, sending through Quartet's own mailer
 * to this mailbox: the path a message takes in production, with a listener that keeps it raw.
 */
export async function startWorkerFor(t: TestApp, mailbox: CapturingMailbox): Promise<RunningWorker> {
  const mailer = createSmtpMailer(mailbox.url, t.ctx.config.mailFrom);
  const worker = await startQuartetWorker({
    ownerUrl: t.database.url,
    deps: { db: t.ctx.db, mailer, baseUrl: t.ctx.config.baseUrl, organiser: parseSender(t.ctx.config.mailFrom) },
    concurrency: 4,
    logger: pino({ level: 'silent' }),
    webhooks: { allowLoopback: t.ctx.config.webhooksAllowLoopback },
  });
  return {
    worker,
    mailer,
    async stop() {
      await worker.stop();
      mailer.close();
    },
  };
}

/**
 * A capturing mailbox with Quartet's worker sending to it, both stopped when the current test ends
 * (`'test'`, called inside a test) or after the file's tests (`'file'`, called in beforeAll).
 */
export async function mailboxWithWorker(t: TestApp, until: 'test' | 'file'): Promise<CapturingMailbox> {
  const mailbox = await startCapturingMailbox();
  const running = await startWorkerFor(t, mailbox);
  (until === 'test' ? onTestFinished : afterAll)(async () => {
    await running.stop();
    await mailbox.close();
  });
  return mailbox;
}

/**
 * Waits until every message of the organisation that is due has been dealt with (sent, moot or
 * failed): from then on, the mailbox holds all that the changes so far will send now.
 */
export async function settled(db: Db, orgId: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from outgoing_messages
      where org_id = ${orgId} and status = 'pending' and send_after <= now()
    `.execute(db);
    if (rows[0]!.n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0]!.n} due messages still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---- MIME, read without mailparser -----------------------------------------------------------

export interface MimePart {
  /** Header lines as sent, unfolded, in order. */
  headers: Array<{ name: string; value: string }>;
  /** Lines in the header block that are not "Name: value" (there must be none). */
  malformed: string[];
  contentType: string;
  params: Record<string, string>;
  /** The body decoded from its transfer encoding (UTF-8). */
  body: string;
  parts: MimePart[];
}

export function parseMime(raw: string): MimePart {
  const split = /\r?\n\r?\n/.exec(raw);
  const head = split ? raw.slice(0, split.index) : raw;
  const rawBody = split ? raw.slice(split.index + split[0].length) : '';
  const headers: MimePart['headers'] = [];
  const malformed: string[] = [];
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const m = /^([!-9;-~]+):[ \t]*(.*)$/.exec(line);
    if (m) headers.push({ name: m[1]!.toLowerCase(), value: m[2]! });
    else if (line !== '') malformed.push(line);
  }
  const ct = headers.find((h) => h.name === 'content-type')?.value ?? 'text/plain';
  const contentType = ct.split(';')[0]!.trim().toLowerCase();
  const params: Record<string, string> = {};
  for (const p of ct.matchAll(/;\s*([\w.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/g)) {
    params[p[1]!.toLowerCase()] = p[2]!.startsWith('"') ? p[2]!.slice(1, -1).replace(/\\(.)/g, '$1') : p[2]!;
  }
  const encoding = (headers.find((h) => h.name === 'content-transfer-encoding')?.value ?? '7bit').trim().toLowerCase();
  const parts: MimePart[] = [];
  if (contentType.startsWith('multipart/') && params.boundary) {
    let current: string[] | null = null;
    for (const line of rawBody.split(/\r?\n/)) {
      if (line === `--${params.boundary}--`) {
        if (current) parts.push(parseMime(current.join('\r\n')));
        break;
      }
      if (line === `--${params.boundary}`) {
        if (current) parts.push(parseMime(current.join('\r\n')));
        current = [];
      } else if (current) {
        current.push(line);
      }
    }
  }
  return { headers, malformed, contentType, params, body: decodeBody(rawBody, encoding), parts };
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    const bytes: number[] = [];
    for (let i = 0; i < soft.length; i++) {
      const c = soft[i]!;
      if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
        bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.push(...Buffer.from(c, 'utf8'));
      }
    }
    return Buffer.from(bytes).toString('utf8');
  }
  return body;
}

/** Every part of the tree, depth first, the root included. */
export function allParts(part: MimePart): MimePart[] {
  return [part, ...part.parts.flatMap(allParts)];
}

// ---- calendar parts --------------------------------------------------------------------------

export interface CalendarPart {
  /** The MIME type of the part as sent: text/calendar (the invitation) or application/ics (its copy as a file). */
  mimeType: string;
  /** The method parameter of the part's Content-Type, as sent. */
  mimeMethod: string | undefined;
  filename: string | undefined;
  /** Whether it is an alternative of the text and HTML (where Outlook and Gmail look for an invitation). */
  inAlternative: boolean;
  ics: string;
  method: string;
  vevents: ICAL.Component[];
}

/** The calendar files of a mail, read from the raw MIME tree and parsed by ical.js; cross-checked with mailparser. */
export function calendarParts(mail: CapturedMail): CalendarPart[] {
  const found = allParts(mail.mime).filter((p) => p.contentType === 'text/calendar' || p.contentType === 'application/ics');
  const viaMailparser = mail.parsed.attachments.filter((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics');
  expect(viaMailparser.map((a) => a.content.toString('utf8').replace(/\r\n/g, '\n').trimEnd()), 'mailparser sees the same calendar parts')
    .toEqual(found.map((p) => p.body.replace(/\r\n/g, '\n').trimEnd()));
  const alternatives = new Set(allParts(mail.mime).filter((p) => p.contentType === 'multipart/alternative')
    .filter((p) => p.parts.some((c) => c.contentType === 'text/plain') && p.parts.some((c) => c.contentType === 'text/html'))
    .flatMap((p) => p.parts));
  return found.map((p) => {
    const calendar = new ICAL.Component(ICAL.parse(p.body));
    expect(calendar.name).toBe('vcalendar');
    const disposition = p.headers.find((h) => h.name === 'content-disposition')?.value;
    return {
      mimeType: p.contentType,
      mimeMethod: p.params.method,
      filename: p.params.name ?? (disposition ? /filename="?([^";]+)"?/.exec(disposition)?.[1] : undefined),
      inAlternative: alternatives.has(p),
      ics: p.body,
      method: String(calendar.getFirstPropertyValue('method') ?? ''),
      vevents: calendar.getAllSubcomponents('vevent'),
    };
  });
}

export interface ExpectedInvitation {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  startsAt?: Date;
  /** The only people the file may name: the recipient and the coach. */
  attendees?: string[];
}

const ORGANISER = 'no-reply@quartet.test';

/** Checks one calendar part: one VEVENT with this UID, SEQUENCE and METHOD, in the MIME type and the file alike. */
export function expectCalendarPart(part: CalendarPart, expected: ExpectedInvitation): ICAL.Component {
  expect(part.method, 'METHOD of the VCALENDAR').toBe(expected.method);
  if (part.mimeType === 'text/calendar') expect(part.mimeMethod, 'method= of the text/calendar part').toBe(expected.method);
  expect(part.vevents, 'exactly one VEVENT').toHaveLength(1);
  const event = part.vevents[0]!;
  expect(event.getAllProperties('uid')).toHaveLength(1);
  expect(event.getFirstPropertyValue('uid')).toBe(expected.uid);
  expect(event.getFirstPropertyValue('sequence')).toBe(expected.sequence);
  expect(event.getFirstPropertyValue('status')).toBe(expected.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED');
  expect(String(event.getFirstPropertyValue('organizer')).toLowerCase()).toBe(`mailto:${ORGANISER}`);
  // Times in UTC, which every client reads right without a VTIMEZONE.
  for (const name of ['dtstart', 'dtend']) {
    const time = event.getFirstPropertyValue(name) as ICAL.Time;
    expect(time.isDate, `${name} is a date-time`).toBe(false);
    expect(time.zone, `${name} is in UTC`).toBe(ICAL.Timezone.utcTimezone);
  }
  if (expected.startsAt) {
    const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.toJSDate().toISOString()).toBe(expected.startsAt.toISOString());
  }
  if (expected.attendees) {
    const attendees = event.getAllProperties('attendee').map((p) => String(p.getFirstValue()).replace(/^mailto:/i, '').toLowerCase());
    expect(attendees.sort()).toEqual(expected.attendees.map((a) => a.toLowerCase()).sort());
  }
  return event;
}

/**
 * An invitation mail: its text/calendar alternative carries the invitation (the application/ics
 * copy nodemailer adds is the same file); returns the event.
 */
export function expectInvitation(mail: CapturedMail, expected: ExpectedInvitation): ICAL.Component {
  const parts = calendarParts(mail);
  const alternatives = parts.filter((p) => p.mimeType === 'text/calendar' && p.filename === undefined);
  expect(alternatives, 'one text/calendar alternative').toHaveLength(1);
  expect(alternatives[0]!.inAlternative, 'the invitation is an alternative of the text and HTML').toBe(true);
  const event = expectCalendarPart(alternatives[0]!, expected);
  for (const copy of parts.filter((p) => p.mimeType === 'application/ics')) {
    expect(copy.ics).toBe(alternatives[0]!.ics);
  }
  return event;
}

// ---- content ---------------------------------------------------------------------------------

/** Every href of the HTML part, entities decoded. */
export function hrefs(mail: CapturedMail): string[] {
  return [...String(mail.parsed.html || '').matchAll(/\bhref="([^"]*)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
}

/** All a recipient can read in a mail: headers, text, HTML and every attachment, decoded. */
export function everythingReadable(mail: CapturedMail): string {
  return [
    ...mail.parsed.headerLines.map((h) => h.line),
    mail.parsed.subject ?? '',
    mail.parsed.text ?? '',
    String(mail.parsed.html || ''),
    ...mail.parsed.attachments.map((a) => a.content.toString('utf8')),
    ...allParts(mail.mime).map((p) => p.body),
    mail.envelope.to.join(' '),
  ].join('\n');
}

/** The mail says exactly this in plain text and in HTML (as a reader sees it: tags and entities aside). */
export function expectSays(mail: CapturedMail, ...phrases: string[]): void {
  const html = String(mail.parsed.html || '').replace(/<[^>]*>/g, '').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
  for (const phrase of phrases) {
    expect(mail.parsed.text, `text part says ${JSON.stringify(phrase)}`).toContain(phrase);
    expect(html, `HTML part says ${JSON.stringify(phrase)}`).toContain(phrase);
  }
}
