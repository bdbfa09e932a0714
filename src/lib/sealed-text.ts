// Text kept encrypted at rest (AES-256-GCM): for secrets Quartet must use again in plain form, unlike
// log-in links, of which a hash is enough (secrets.ts). The key never enters the database, so a copy
// of the database (a backup, an export, the owner role) does not reveal what is sealed. Sealed:
// iv (12 bytes) | tag (16 bytes) | ciphertext. The purpose is bound in as associated data, so a
// value sealed for one use cannot be passed off as another.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealText(key: Buffer, purpose: string, text: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose, 'utf8'));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** The text, or undefined when it was sealed with another key or purpose, or changed since. */
export function openText(key: Buffer, purpose: string, sealed: Buffer): string | undefined {
  if (sealed.length <= IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(purpose, 'utf8'));
    decipher.setAuthTag(sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * The key from the setting (64 hex characters), or else the one kept in DATA_DIR under `fileName`,
 * made at first use (0600 in Quartet's private folder). Several processes sharing one database
 * must then share DATA_DIR or set the setting.
 */
export function sealingKey(setting: string | undefined, dataDir: string, fileName: string): Buffer {
  if (setting) return Buffer.from(setting, 'hex');
  const file = path.join(dataDir, fileName);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!existsSync(file)) {
    // Written whole under a name of its own, then linked into place: two processes starting at once
    // cannot both make a key, and neither can read a half-written one; the loser reads the winner's.
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(draft, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    try {
      linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(draft);
    }
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${file} does not hold a key of 64 hex characters`);
  return Buffer.from(hex, 'hex');
}
