// How often one address, client or person may do something. The counters live in PostgreSQL
// (queries.ts beside this file), so several app processes enforce one limit together.
// A refused request is counted too: hammering on does not open the limit sooner.
import { createHash } from 'node:crypto';
import { isIPv6 } from 'node:net';
import type { Db } from '../../db/pool.ts';
import { RateLimitedError } from '../../lib/errors.ts';
import { countHit, deleteEndedWindows } from './queries.ts';

export interface RateLimit {
  name: string;
  max: number;
  windowSeconds: number;
}

// Ended windows are swept by a request now and then rather than by a timer, which would fire in
// every process; about one request in a thousand pays for one indexed delete.
const SWEEP_CHANCE = 0.001;

/** Counts this request for the key; throws RateLimitedError once the window holds more than max. */
export async function rateLimit(db: Db, limit: RateLimit, key: string): Promise<void> {
  // Only a hash of the key is stored: no addresses, IPs or ids in the table.
  const bucket = `${limit.name}:${createHash('sha256').update(key).digest('base64url')}`;
  const hit = await countHit(db, bucket, limit.windowSeconds);
  // A failed sweep is harmless: a later request sweeps again.
  if (Math.random() < SWEEP_CHANCE) deleteEndedWindows(db).catch(() => {});
  if (hit.count > limit.max) throw new RateLimitedError(Math.max(1, Math.ceil(hit.secondsLeft)));
}

/** The client's address (request.ip) as a rate-limit key. An IPv6 client usually holds a whole
 * /64 and could otherwise take a fresh address for every request, so the /64 counts as one client. */
export function clientKey(address: string): string {
  const ip = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!isIPv6(ip)) return ip;
  const [head = '', tail] = ip.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
