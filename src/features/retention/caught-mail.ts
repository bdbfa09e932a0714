// The development mail catcher's files (lib/mail-catcher.ts, DATA_DIR/mail) hold whole messages,
// working log-in links included: they age out like the mail records, by the time they arrived.
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Removes the caught messages that arrived before `before`; returns how many went. A file another
 * run removed first is not counted. */
export async function removeCaughtMail(dir: string, before: Date): Promise<number> {
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith('.eml')) continue;
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info || info.mtime >= before) continue;
    try {
      await unlink(file);
      removed++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return removed;
}

