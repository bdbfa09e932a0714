// The rush itself: virtual users take the next person in line, and each person does what the web
// app does on a busy morning: asks for a log-in link, takes the token from the mail, exchanges it
// for the cookie, lists open sessions (the first page, or one module's), and books one with seats
// left; refused as full, they try another from the page they saw, a few times at most. New people
// stop being started when the window closes; every request has a time limit, so the run is bounded.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { SESSION_COOKIE } from '../src/http/auth.ts';
import { jsonClient, type Answer } from './rush-http.ts';
import { mulberry32 } from './workload.ts';

export interface RushPlan {
  baseUrl: string;
  people: Array<{ id: string; email: string }>;
  moduleIds: string[];
  clients: number;
  windowMs: number;
  tries: number;
  pageSize: number;
  requestTimeoutMs: number;
}

export type Step = 'link' | 'session' | 'list' | 'book';
export type Outcome = 'booked' | 'gaveUp' | 'noSeatInView' | 'refusedOther' | 'failed';

export interface RushResult {
  /** Date.now() of the first person's start and of the last person's last answer (the rush's end). */
  startedAt: number;
  endedAt: number;
  started: number;
  outcomes: Record<Outcome, number>;
  statuses: Record<Step, Record<string, number>>;
  refusals: Record<string, number>;
  errors: number;
  status5xx: number;
  errorSamples: string[];
  /** Each seat taken: the person (index in the plan), the session, Date.now() of the answer. */
  bookings: Array<{ person: number; sessionId: string; at: number }>;
  /** Milliseconds: link asked → cookie; the link request; the mail's wait; list; each booking request; the whole flow. */
  latency: Record<'signIn' | 'mailWait' | Step | 'flow', Float64Array<ArrayBuffer>>;
}

interface ListedSession {
  id: string;
  seatsLeft: number;
  myBookingId: string | null;
}

class FlowError extends Error {}

/** `mailedToken` resolves with the secret of the log-in link that reached the address (or rejects). */
export async function runRush(plan: RushPlan, mailedToken: (email: string) => Promise<string>): Promise<RushResult> {
  const client = jsonClient(plan.baseUrl, plan.clients, plan.requestTimeoutMs);
  const steps: Step[] = ['link', 'session', 'list', 'book'];
  const statuses = Object.fromEntries(steps.map((s) => [s, {}])) as RushResult['statuses'];
  const latency = { signIn: [] as number[], mailWait: [] as number[], link: [] as number[], session: [] as number[], list: [] as number[], book: [] as number[], flow: [] as number[] };
  const outcomes: Record<Outcome, number> = { booked: 0, gaveUp: 0, noSeatInView: 0, refusedOther: 0, failed: 0 };
  const refusals: Record<string, number> = {};
  const bookings: RushResult['bookings'] = [];
  const errorSamples: string[] = [];
  let status5xx = 0;

  const call = async (step: Step, expected: number[], send: () => Promise<Answer>): Promise<Answer> => {
    const t = performance.now();
    let answer: Answer;
    try {
      answer = await send();
    } catch (error) {
      statuses[step].network = (statuses[step].network ?? 0) + 1;
      throw new FlowError(`${step}: ${(error as Error).message}`);
    }
    latency[step].push(performance.now() - t);
    statuses[step][answer.status] = (statuses[step][answer.status] ?? 0) + 1;
    if (answer.status >= 500) status5xx++;
    if (!expected.includes(answer.status)) throw new FlowError(`${step}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    return answer;
  };

  const serve = async (i: number): Promise<Outcome> => {
    const { email } = plan.people[i]!;
    const random = mulberry32(i + 1);
    const began = performance.now();
    await call('link', [202], () => client.request('POST', '/api/auth/login-link', { body: { email } }));
    const waiting = performance.now();
    const token = await mailedToken(email).catch((error: unknown) => {
      throw new FlowError(`mail: ${(error as Error).message}`);
    });
    latency.mailWait.push(performance.now() - waiting);
    const signedIn = await call('session', [200], () => client.request('POST', '/api/auth/session', { body: { token } }));
    const cookie = signedIn.setCookies.map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (!cookie) throw new FlowError('session: 200 without a session cookie');
    latency.signIn.push(performance.now() - began);

    // Half look at the first page, half at one module's sessions; both ask only for seats left.
    const moduleFilter = i % 2 === 0 ? '' : `&moduleId=${plan.moduleIds[(i >> 1) % plan.moduleIds.length]}`;
    const listed = await call('list', [200], () => client.request('GET', `/api/sessions?available=true&limit=${plan.pageSize}${moduleFilter}`, { cookie }));
    const open = (listed.body as { items: ListedSession[] }).items.filter((s) => s.seatsLeft > 0 && !s.myBookingId);
    for (let k = open.length - 1; k > 0; k--) {
      const j = Math.floor(random() * (k + 1));
      [open[k], open[j]] = [open[j]!, open[k]!];
    }
    if (open.length === 0) return 'noSeatInView';
    for (const session of open.slice(0, plan.tries)) {
      // As the web app does: a key per sign-up, so a retried request books nothing twice.
      const answer = await call('book', [201, 409], () =>
        client.request('POST', `/api/sessions/${session.id}/bookings`, { cookie, headers: { 'idempotency-key': randomUUID() } }));
      if (answer.status === 201) {
        bookings.push({ person: i, sessionId: session.id, at: Date.now() });
        return 'booked';
      }
      const code = (answer.body as { code?: string }).code ?? 'no code';
      refusals[code] = (refusals[code] ?? 0) + 1;
      if (code !== 'SESSION_FULL') return 'refusedOther';
    }
    return 'gaveUp'; // every try full (fewer than the most if the page showed fewer)
  };

  const startedAt = Date.now();
  const closesAt = performance.now() + plan.windowMs;
  let endedAt = startedAt;
  let next = 0;
  const virtualUser = async () => {
    while (next < plan.people.length && performance.now() < closesAt) {
      const i = next++;
      const began = performance.now();
      let outcome: Outcome;
      try {
        outcome = await serve(i);
      } catch (error) {
        if (!(error instanceof FlowError)) throw error;
        outcome = 'failed';
        if (errorSamples.length < 8) errorSamples.push(`${plan.people[i]!.email}: ${error.message}`);
      }
      outcomes[outcome]++;
      latency.flow.push(performance.now() - began);
      endedAt = Math.max(endedAt, Date.now());
    }
  };
  await Promise.all(Array.from({ length: plan.clients }, virtualUser));
  client.close();
  return {
    startedAt, endedAt, started: next, outcomes, statuses, refusals, errors: outcomes.failed, status5xx, errorSamples, bookings,
    latency: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, Float64Array.from(v)])) as RushResult['latency'],
  };
}
