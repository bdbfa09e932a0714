// The SMTP listener of the mail benchmark, in a process of its own so that receiving costs no CPU
// in the process being measured. It answers every message with 250 and reports, in batches over
// IPC, each message's envelope recipient, size and the moment its data had arrived (Date.now(),
// the same clock as the parent's). Started by bench/mail.ts with child_process.fork.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export type ListenerMessage = { port: number } | { arrivals: Array<[to: string, at: number, bytes: number]> };

if (!process.send) throw new Error('bench/mail-listener.ts is started by bench/mail.ts (it reports over IPC)');
const send = process.send.bind(process);

let batch: Array<[string, number, number]> = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  maxClients: 1000,
  onData(stream, session, callback) {
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
    stream.on('error', callback);
    stream.on('end', () => {
      batch.push([session.envelope.rcptTo[0]?.address.toLowerCase() ?? '', Date.now(), bytes]);
      callback();
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
