// One HTTP POST of a delivery: to the address checked just before (address.ts; the hostname is
// still sent for TLS and Host), no redirects followed (node:http follows none: a 3xx is a
// failure), a time limit on the whole exchange, and the first KB of the answer kept as text.
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkedAddress, type AddressPolicy, type Resolve } from './address.ts';

export interface PostResult {
  statusCode: number | null;
  response: string;
  error: string | null;
  durationMs: number;
}

const KEEP_BYTES = 1024;

export async function postJson(
  url: string, body: string, headers: Record<string, string>, o: { timeoutMs: number; policy: AddressPolicy; resolve?: Resolve | undefined },
): Promise<PostResult> {
  const started = performance.now();
  const done = (r: Omit<PostResult, 'durationMs'>): PostResult => ({ ...r, durationMs: Math.round(performance.now() - started) });
  const target = new URL(url);
  let pinned: { address: string; family: 4 | 6 };
  try {
    if (!(target.protocol === 'https:' || (o.policy.allowLoopback && target.protocol === 'http:'))) throw new Error('the URL is not https');
    pinned = await checkedAddress(target.hostname, o.policy, o.resolve);
  } catch (error) {
    return done({ statusCode: null, response: '', error: `refused: ${(error as Error).message}` });
  }
  // Connect to the checked address whatever the name resolves to by now (DNS rebinding).
  const lookup: LookupFunction = (_host, options, callback) => {
    if (options.all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (r: Omit<PostResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const request = (target.protocol === 'https:' ? https : http).request(target, {
      method: 'POST',
      lookup,
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Quartet-Webhooks/1', ...headers },
    }, (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept < KEEP_BYTES) {
          chunks.push(chunk);
          kept += chunk.length;
        }
        if (kept >= KEEP_BYTES) {
          // Enough to show an admin; the rest is not read.
          finish({ statusCode: response.statusCode ?? null, response: text(chunks), error: null });
          response.destroy();
        }
      });
      response.on('end', () => finish({ statusCode: response.statusCode ?? null, response: text(chunks), error: null }));
      response.on('error', (error) => finish({ statusCode: response.statusCode ?? null, response: text(chunks), error: error.message }));
    });
    const timer = setTimeout(() => {
      finish({ statusCode: null, response: '', error: `no answer within ${o.timeoutMs} ms` });
      request.destroy();
    }, o.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => finish({ statusCode: null, response: '', error: [error.code, error.message].filter(Boolean).join(': ') }));
    request.end(body);
  });
}

function text(chunks: Buffer[]): string {
  // Cut at a character boundary: a broken last character is dropped, not shown as garbage.
  return Buffer.concat(chunks).subarray(0, KEEP_BYTES).toString('utf8').replace(/\uFFFD$/, '').replaceAll('\u0000', '').slice(0, KEEP_BYTES);
}
