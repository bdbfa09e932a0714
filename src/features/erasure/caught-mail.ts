// The development mail catcher's files (lib/mail-catcher.ts, DATA_DIR/mail) hold whole messages;
// an erased person's are removed with them. The catcher writes the envelope's recipients on top
// (Delivered-To), so the first lines say whom a file went to, Bcc included.
import { open, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';

const HEAD_BYTES = 4096;

/** Removes the caught messages delivered to `email`; returns how many went. */
export async function removeCaughtMailTo(dir: string, email: string): Promise<number> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const address = email.toLowerCase();
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith('.eml')) continue;
    const file = path.join(dir, name);
    const head = await readHead(file);
    if (head === undefined) continue;
    const recipients = [...head.matchAll(/^Delivered-To: *(.+?)\r?$/gim)].map((m) => m[1]!.trim().toLowerCase());
    if (!recipients.includes(address)) continue;
    await unlink(file).then(() => removed++, (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  return removed;
}

async function readHead(file: string): Promise<string | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
