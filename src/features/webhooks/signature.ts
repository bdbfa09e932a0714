// The signature a receiver checks (Quartet-Signature, schema.ts SIGNATURE_DESCRIPTION says how):
// HMAC-SHA256 with the endpoint's secret over "<unix seconds>.<raw body>". The time is inside what
// is signed, so a receiver that refuses old timestamps refuses a captured delivery sent again.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Recognisable in logs and by secret scanners; the rest is 256 random bits. */
export const SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function signatureHeader(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * What a receiver does, in a few lines (the tests use it as one would): the signature matches the
 * body and secret, and its time is within `toleranceSeconds` of now.
 */
export function verifySignature(secret: string, body: string, header: string, now: Date, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || !/^[0-9a-f]{64}$/.test(parts.v1)) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}
