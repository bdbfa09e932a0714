// Random secrets handed to people (log-in links, session cookies) and the hashes we store instead.
import { createHash, randomBytes } from 'node:crypto';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

// SHA-256 without salt is enough: the secrets are 256 random bits, not passwords.
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}
