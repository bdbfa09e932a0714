// A TCP port free on loopback right now, for a server a test or benchmark is about to start.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Below the kernel's ephemeral range: a port the kernel handed out (listen on 0) and that was closed
// again is as likely as any to go next to one of the thousands of outgoing connections the suite
// opens, before the server meant for it binds it (an embedded cluster then failed to start, seen
// with three test runs on one machine). Outgoing connections never take a port below the range.
const EPHEMERAL_FROM = (() => {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
})();
const LOWEST = 20_000;
// Each of Vitest's workers (and the main process, 0) takes ports from a slice of its own, one after
// another, so two servers of one test, or of two files running at once, never draw the same port
// before the first binds it (a random draw did: EADDRINUSE for a test's app, seen once).
const SLICES = 8;
const SLICE = Math.floor((EPHEMERAL_FROM - LOWEST) / SLICES);
const slice = Number(process.env.VITEST_POOL_ID ?? 0) % SLICES;
let next = Math.floor(Math.random() * SLICE);

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let tries = 0; tries < SLICE; tries++) {
    const port = LOWEST + slice * SLICE + (next++ % SLICE);
    if (await bindable(port)) return port;
  }
  throw new Error(`no free port in ${LOWEST + slice * SLICE}–${LOWEST + (slice + 1) * SLICE - 1}`);
}
