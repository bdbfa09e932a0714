// A paced booking load for the database outage tests: each person books their own session once,
// through HTTP, and what each request was answered is kept, so the test can hold every answer
// against the database afterwards. Clients honour Retry-After, as a well-behaved client would.
import type { Db } from '../src/db/pool.ts';
import { authenticateAs } from './factories.ts';
import type { LoadOrg, LoadPerson } from './mail-load.ts';

export interface Answer {
  person: LoadPerson;
  status: number;
  code: string | undefined;
  retryAfter: string | null;
  at: number;
}

export interface BookingLoad {
  answers: Answer[];
  /** Resolves when every client has stopped (after stop(), or when the people run out). */
  done: Promise<void>;
  stop(): void;
  /** People who have not sent their request yet. */
  remaining(): number;
}

export async function cookiesFor(owner: Db, load: LoadOrg): Promise<Map<string, string>> {
  const cookies = new Map<string, string>();
  for (const p of load.people) cookies.set(p.id, await authenticateAs(owner, { org_id: load.orgId, id: p.id }));
  return cookies;
}

export function startBookingLoad(o: { url: string; origin: string; people: LoadPerson[]; cookies: Map<string, string>; clients: number; pauseMs: number }): BookingLoad {
  const answers: Answer[] = [];
  let next = 0;
  let stopped = false;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const client = async () => {
    while (!stopped && next < o.people.length) {
      const person = o.people[next++]!;
      let status: number;
      let code: string | undefined;
      let retryAfter: string | null = null;
      try {
        const res = await fetch(`${o.url}/api/sessions/${person.sessionId}/bookings`, {
          method: 'POST',
          headers: { cookie: o.cookies.get(person.id)!, origin: o.origin, 'content-type': 'application/json' },
          body: '{}',
        });
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        code = ((await res.json().catch(() => ({}))) as { code?: string }).code;
      } catch {
        status = 0; // no answer at all: the connection itself failed
      }
      answers.push({ person, status, code, retryAfter, at: Date.now() });
      await pause(status === 503 ? Number(retryAfter ?? 1) * 1000 : o.pauseMs);
    }
  };
  const done = Promise.all(Array.from({ length: o.clients }, client)).then(() => undefined);
  return { answers, done, stop: () => void (stopped = true), remaining: () => o.people.length - next };
}

/** Polls until `check` holds; returns the milliseconds it took. */
export async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

export async function statusOf(url: string): Promise<number> {
  try {
    return (await fetch(url)).status;
  } catch {
    return 0;
  }
}
