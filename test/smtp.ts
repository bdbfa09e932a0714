// A real SMTP listener on loopback that keeps what it receives, parsed, for assertions.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Mailbox {
  url: string;
  messages: ParsedMail[];
  /** Waits until a message matching `match` has arrived. */
  waitFor(match: (m: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  /**
   * Waits for a message to `address`, after the first `since` of theirs, that matches. Where the
   * mailbox holds hundreds (a cohort's invitations), this is linear in them where a `waitFor`
   * predicate that calls `to(address).indexOf(m)` is quadratic per arrival — seconds of the one event
   * loop the app, the worker and this listener share, which held a log-in link past its wait.
   */
  waitForTo(address: string, since: number, match: (m: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  to(address: string): ParsedMail[];
  close(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const messages: ParsedMail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          for (const wake of waiters) wake();
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  const known = new WeakMap<ParsedMail, (string | undefined)[]>();
  const recipients = (m: ParsedMail) => known.get(m) ??
    known.set(m, (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address?.toLowerCase()))).get(m)!;
  const isTo = (m: ParsedMail, address: string) => recipients(m).includes(address);

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (address) => messages.filter((m) => isTo(m, address.toLowerCase())),
    waitFor: (match, timeoutMs = 10_000) => waitForMessage(messages, waiters, match, timeoutMs),
    waitForTo: (address, since, match, timeoutMs = 10_000) => {
      const a = address.toLowerCase();
      // Where their `since`-th message stands in the whole mailbox: the ones to wait for come after it.
      let from = 0;
      for (let seen = 0; seen < since && from < messages.length; from++) if (isTo(messages[from]!, a)) seen++;
      const fresh = new WeakSet(messages.slice(0, from));
      return waitForMessage(messages, waiters, (m) => isTo(m, a) && !fresh.has(m) && match(m), timeoutMs);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The first of `messages` that matches, now or once it arrives; a mailbox calls every function in
 * `waiters` when a message comes in.
 */
export function waitForMessage<T>(messages: T[], waiters: Set<() => void>, match: (m: T) => boolean, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = messages.find(match);
      if (found) {
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      }
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`no matching mail within ${timeoutMs} ms (${messages.length} received)`));
    }, timeoutMs);
    waiters.add(check);
    check();
  });
}
