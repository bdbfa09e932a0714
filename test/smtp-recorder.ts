// An SMTP listener for the reliability tests: it records every message with the moment its data
// ended (before the 250 answer goes back), can go down (nothing listening on its port, open
// connections told 421 and closed) and come back up on the same port. Parsing waits until asked.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Arrival {
  /** Envelope recipients, lower case. */
  to: string[];
  /** Date.now() when the message's data had been received. */
  at: number;
  raw: Buffer;
}

export interface ParsedArrival extends Omit<Arrival, 'raw'> {
  subject: string;
  text: string;
  /** The Message-ID header, angle brackets included ('' when the mail has none). */
  messageId: string;
}

export interface SmtpRecorder {
  url: string;
  port: number;
  arrivals: Arrival[];
  isUp(): boolean;
  /** Connection errors seen (clients that vanished mid-conversation). */
  resets(): number;
  /** Stops listening and closes every open connection. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  parse(arrival: Arrival): Promise<ParsedArrival>;
  close(): Promise<void>;
}

export async function startSmtpRecorder(): Promise<SmtpRecorder> {
  const arrivals: Arrival[] = [];
  let resets = 0;
  let server: SMTPServer | undefined;

  const listen = async (port: number): Promise<number> => {
    const s = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // Going down closes open connections at once (with a 421) rather than after 30 s.
      closeTimeout: 50,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', callback);
        stream.on('end', () => {
          arrivals.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            at: Date.now(),
            raw: Buffer.concat(chunks),
          });
          callback();
        });
      },
    });
    // A client that dies mid-conversation (a killed worker) resets its connection: expected here.
    s.on('error', () => {
      resets++;
    });
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    server = s;
    return (s.server.address() as AddressInfo).port;
  };

  const stop = () => new Promise<void>((resolve) => {
    const s = server;
    server = undefined;
    if (!s) return resolve();
    s.close(() => resolve());
  });

  const port = await listen(0);
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    arrivals,
    isUp: () => server !== undefined,
    resets: () => resets,
    down: stop,
    async up() {
      if (!server) await listen(port);
    },
    async parse(arrival) {
      const mail = await simpleParser(arrival.raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, skipTextLinks: true });
      return { to: arrival.to, at: arrival.at, subject: mail.subject ?? '', text: mail.text ?? '', messageId: mail.messageId ?? '' };
    },
    close: stop,
  };
}
