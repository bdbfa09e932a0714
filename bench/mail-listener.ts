// The benchmarks' SMTP listener, in a process of its own so that receiving costs no CPU in the
// process being measured (bench/listener.ts starts it). It answers every message with 250 and
// reports, in batches over IPC, each message's envelope recipient, size and the moment its data
// had arrived (Date.now(), the same clock as the parent's); and the secret of any log-in link, so
// that a benchmark can sign people in the way they do.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type ListenerMessage =
  | { port: number }
  | { arrivals: Array<[to: string, at: number, bytes: number]> }
  | { token: [to: string, secret: string] };

if (!process.send) throw new Error('bench/mail-listener.ts is started by bench/listener.ts (it reports over IPC)');
const send = process.send.bind(process);

// Log-in mails are small and say so in their subject; only those are read whole.
const LOGIN_SUBJECT = /^Subject: .*(sign-in link|Anmeldelink)/im;

let batch: Array<[string, number, number]> = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  maxClients: 1000,
  onData(stream, session, callback) {
    const to = session.envelope.rcptTo[0]?.address.toLowerCase() ?? '';
    let bytes = 0;
    let head: Buffer | undefined;
    const kept: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      head ??= chunk;
      if (LOGIN_SUBJECT.test(head.toString('latin1', 0, 4096))) kept.push(chunk);
    });
    stream.on('error', callback);
    stream.on('end', () => {
      batch.push([to, Date.now(), bytes]);
      callback();
      if (kept.length > 0) {
        void simpleParser(Buffer.concat(kept)).then((mail) => {
          const secret = /\/sign-in#token=([\w-]+)/.exec(mail.text ?? '')?.[1];
          if (secret) send({ token: [to, secret] } satisfies ListenerMessage);
        }, () => {});
      }
    });
  },
});

server.on('error', () => {}); // a client gone mid-conversation
setInterval(() => {
  if (batch.length === 0) return;
  send({ arrivals: batch } satisfies ListenerMessage);
  batch = [];
}, 10);

server.listen(0, '127.0.0.1', () => send({ port: (server.server.address() as AddressInfo).port } satisfies ListenerMessage));
process.on('disconnect', () => process.exit(0));
