// The development mail catcher's files (lib/mail-catcher.ts, DATA_DIR/mail) hold whole messages,
// working log-in links included. Three things remove them: an erasure (mail to the erased address),
// retention (mail older than its days) and an organisation's deletion (mail only its people got).
// One reader of the files for all three, so they agree on what a file says about its recipients.
import { open, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';

/** What removing may look at: the envelope's recipients (lower case) and when the file arrived. */
export interface CaughtMessage {
  recipients: string[];
  arrivedAt: Date;
}

// The catcher writes the envelope's recipients on top (Delivered-To, Bcc included), before the
// message's own headers: the first bytes are enough.
const HEAD_BYTES = 16_384;

/** Removes the caught messages in `dir` that `remove` picks; returns how many went. A missing
 * directory holds none, and a file another process removed first is not counted. */
export async function removeCaughtMail(dir: string, remove: (message: CaughtMessage) => boolean): Promise<number> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith('.eml')) continue;
    const file = path.join(dir, name);
    const message = await readCaught(file);
    if (!message || !remove(message)) continue;
    await unlink(file).then(() => removed++, (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  return removed;
}

async function readCaught(file: string): Promise<CaughtMessage | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const info = await handle.stat();
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').split('\r\n\r\n', 1)[0]!;
    const recipients = [...head.matchAll(/^Delivered-To: *(.+?)\r?$/gim)].map((m) => m[1]!.trim().toLowerCase());
    return { recipients, arrivedAt: info.mtime };
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
