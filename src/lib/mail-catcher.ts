// The development mail catcher: a real SMTP listener on loopback that keeps every message it
// receives as an .eml file, so mail in development goes through SMTP exactly as in production.
// The files hold working log-in links: only Quartet's OS user may read them (folder 0700, files 0600).
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface MailCatcher {
  smtpUrl: string;
  dir: string;
  list(): Promise<Array<{ id: string; receivedAt: Date }>>;
  read(id: string): Promise<string | undefined>;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export async function startMailCatcher(dir: string): Promise<MailCatcher> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onData(stream, session, callback) {
      // As a delivering mail server does, the envelope's recipients go on top (Delivered-To,
      // RFC 9228): who the message went to even where its To header says otherwise (Bcc).
      const deliveredTo = session.envelope.rcptTo.map((r) => `Delivered-To: ${r.address}\r\n`).join('');
      const chunks: Buffer[] = [Buffer.from(deliveredTo)];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const id = `${new Date().toISOString().replace(/[:.]/g, '-')}_${randomUUID()}`;
        // Written under another name, then renamed: a reader never sees half a message.
        const file = path.join(dir, `${id}.eml`);
        writeFile(`${file}.part`, Buffer.concat(chunks), { mode: 0o600 }).then(() => rename(`${file}.part`, file)).then(() => callback(), callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    dir,
    async list() {
      const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort().reverse();
      return Promise.all(files.map(async (f) => ({ id: f.slice(0, -4), receivedAt: (await stat(path.join(dir, f))).mtime })));
    },
    async read(id) {
      if (!/^[\w.-]+$/.test(id)) return undefined;
      return readFile(path.join(dir, `${id}.eml`), 'utf8').catch(() => undefined);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
