// Fetching an employee's calendar file (SSRF): the address is theirs to type, so it must not make
// Quartet's own network its target. Every hop — the address and each redirect — passes the webhook
// guard (public unicast only unless loopback is allowed) and connects to the very address that was
// checked (DNS rebinding); at most a few redirects; a size limit read as it streams (a Content-Length
// is not trusted) and one time limit for the whole exchange, so a server that never ends the answer
// cannot hold a request.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkedAddress, UnsafeAddressError, type AddressPolicy, type Resolve } from '../webhooks/address.ts';

export interface FetchLimits {
  policy: AddressPolicy;
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  resolve?: Resolve | undefined;
}

export const FETCH_LIMITS = { timeoutMs: 5_000, maxBytes: 1_000_000, maxRedirects: 3 } as const;

/** Why a fetch failed, as a code the web app words in English and German. */
export type FetchFailure =
  | 'refused_address' | 'unreachable' | 'timeout' | 'too_large' | 'too_many_redirects' | 'http_status' | 'not_calendar';

export type FetchResult = { ok: true; text: string } | { ok: false; failure: FetchFailure; detail: string };

type Hop = { kind: 'body'; text: string } | { kind: 'redirect'; location: string } | { kind: 'failed'; failure: FetchFailure; detail: string };

export async function fetchIcs(address: string, limits: FetchLimits): Promise<FetchResult> {
  const deadline = Date.now() + limits.timeoutMs;
  let target = new URL(address);
  for (let hops = 0; ; hops++) {
    const hop = await fetchOnce(target, limits, deadline);
    if (hop.kind === 'failed') return { ok: false, failure: hop.failure, detail: hop.detail };
    if (hop.kind === 'body') {
      // A calendar file starts with BEGIN:VCALENDAR (after a byte order mark or blank lines at most).
      if (!/^\uFEFF?\s*BEGIN:VCALENDAR/i.test(hop.text.slice(0, 200))) return { ok: false, failure: 'not_calendar', detail: 'the answer is not an iCalendar file' };
      return { ok: true, text: hop.text };
    }
    if (hops >= limits.maxRedirects) return { ok: false, failure: 'too_many_redirects', detail: `more than ${limits.maxRedirects} redirects` };
    if (!URL.canParse(hop.location, target)) return { ok: false, failure: 'unreachable', detail: 'a redirect to an address that cannot be read' };
    target = new URL(hop.location, target);
  }
}

async function fetchOnce(target: URL, limits: FetchLimits, deadline: number): Promise<Hop> {
  if (!(target.protocol === 'https:' || (limits.policy.allowLoopback && target.protocol === 'http:'))) {
    return { kind: 'failed', failure: 'refused_address', detail: `${target.protocol} addresses are not fetched` };
  }
  if (target.username || target.password) return { kind: 'failed', failure: 'refused_address', detail: 'an address with a user name or password' };
  let pinned: { address: string; family: 4 | 6 };
  try {
    pinned = await withinDeadline(checkedAddress(target.hostname, limits.policy, limits.resolve), deadline);
  } catch (error) {
    if (error instanceof DeadlinePassed) return { kind: 'failed', failure: 'timeout', detail: `${target.hostname} was not resolved in time` };
    if (!(error instanceof UnsafeAddressError)) throw error;
    const unresolved = /cannot be resolved/.test(error.message);
    return { kind: 'failed', failure: unresolved ? 'unreachable' : 'refused_address', detail: error.message };
  }
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  return new Promise<Hop>((resolve) => {
    let settled = false;
    const finish = (hop: Hop) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(hop);
    };
    const request = (target.protocol === 'https:' ? https : http).get(target, {
      lookup, agent: false, headers: { accept: 'text/calendar, */*;q=0.1', 'user-agent': 'Quartet-Calendar/1' },
    }, (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && status !== 304) {
        const location = response.headers.location;
        finish(location ? { kind: 'redirect', location } : { kind: 'failed', failure: 'http_status', detail: `${status} without a Location` });
        return;
      }
      if (status !== 200) {
        finish({ kind: 'failed', failure: 'http_status', detail: `the server answered ${status}` });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) finish({ kind: 'failed', failure: 'too_large', detail: `larger than ${limits.maxBytes} bytes` });
        else chunks.push(chunk);
      });
      response.on('end', () => finish({ kind: 'body', text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', (error) => finish({ kind: 'failed', failure: 'unreachable', detail: error.message }));
    });
    const timer = setTimeout(() => finish({ kind: 'failed', failure: 'timeout', detail: `no complete answer within ${limits.timeoutMs} ms` }), Math.max(0, deadline - Date.now()));
    request.on('error', (error: NodeJS.ErrnoException) => finish({ kind: 'failed', failure: 'unreachable', detail: [error.code, error.message].filter(Boolean).join(': ') }));
  });
}

class DeadlinePassed extends Error {}

// A resolver that does not answer (no network, a slow DNS server) counts against the same limit.
function withinDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const passed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlinePassed()), Math.max(0, deadline - Date.now()));
  });
  return Promise.race([work, passed]).finally(() => clearTimeout(timer));
}
