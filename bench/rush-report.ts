// What the rush benchmark prints: the rush through HTTP, the seat audit, the mail, the raw-SQL
// ceiling of the same bookings, and a summary with the goals.
import type { SeatAudit } from './fixtures.ts';
import type { CeilingResult } from './rush-ceiling.ts';
import type { Outcome, RushResult, Step } from './rush-flow.ts';
import type { ConfirmationCheck } from './rush-mail.ts';
import { latencies, ms, rate, showLatencies } from './stats.ts';

const log = (line = '') => console.log(line);
const EXPECTED: Record<Step, string[]> = { link: ['202'], session: ['200'], list: ['200'], book: ['201', '409'] };
const OUTCOMES: Record<Outcome, string> = {
  booked: 'booked a seat', gaveUp: 'refused as full at every try', noSeatInView: 'saw no session with seats left',
  refusedOther: 'refused for another reason', failed: 'stopped by an error',
};

/** CPU seconds spent in a phase by this process (server, mail worker, client threads) and by PostgreSQL. */
export interface Cpu {
  node: number;
  postgres: number;
}
const perBooking = (cpu: Cpu, n: number) => `${ms(((cpu.node + cpu.postgres) / n) * 1000)} (Node ${ms((cpu.node / n) * 1000)} + PostgreSQL ${ms((cpu.postgres / n) * 1000)})`;

export const rushSeconds = (r: RushResult) => (r.endedAt - r.startedAt) / 1000;
const count = (counts: Record<string, number>) => Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';

export function printRush(r: RushResult, people: number, cpu: Cpu) {
  const seconds = rushSeconds(r);
  const bookRequests = r.latency.book.length;
  log(`rush: ${r.started} of ${people} people started (${people - r.started} not started: the window closed), over ${seconds.toFixed(1)} s from the first request to the last answer`);
  for (const [outcome, label] of Object.entries(OUTCOMES)) log(`  ${label.padEnd(32)} ${r.outcomes[outcome as Outcome]}`);
  log(`  throughput       ${rate(r.bookings.length / seconds)} bookings, ${rate(bookRequests / seconds)} booking requests, ${rate(r.started / seconds)} people served`);
  log(`  sign-in          ${showLatencies(latencies(r.latency.signIn))}   (link asked → cookie)`);
  log(`    of which       link request ${showLatencies(latencies(r.latency.link))}`);
  log(`                   mail's wait  ${showLatencies(latencies(r.latency.mailWait))}   (202 → token taken from the mail at the relay)`);
  log(`                   exchange     ${showLatencies(latencies(r.latency.session))}`);
  log(`  list             ${showLatencies(latencies(r.latency.list))}`);
  log(`  booking request  ${showLatencies(latencies(r.latency.book))}`);
  log(`  whole flow       ${showLatencies(latencies(r.latency.flow))}   (link asked → last booking answer)`);
  log(`  answers          ${(Object.keys(r.statuses) as Step[]).map((s) => `${s} ${count(r.statuses[s])}`).join('; ')}`);
  const unexpected = (Object.keys(r.statuses) as Step[]).flatMap((s) =>
    Object.entries(r.statuses[s]).filter(([status]) => !EXPECTED[s].includes(status)).map(([status, n]) => `${s} ${status} ×${n}`));
  log(`  errors           ${r.errors} people stopped (5xx answers ${r.status5xx}); unexpected answers: ${unexpected.join(', ') || 'none'}`);
  for (const sample of r.errorSamples) log(`    ! ${sample}`);
  log(`  refusals (fine)  ${count(r.refusals)}`);
  log(`  CPU              Node ${cpu.node.toFixed(1)} s (server, its mail worker and the clients' thread), PostgreSQL ${cpu.postgres.toFixed(1)} s`);
}

export function printAudit(label: string, a: SeatAudit) {
  log(`${label}: ${a.sessions} sessions, ${a.seatsHeld} seats held, ${a.fullSessions} full; overbooked ${a.overbooked}, seat count wrong ${a.miscounted}`);
}

export function printMail(m: ConfirmationCheck, goalSeconds: number, relayRate: number) {
  const last = m.lastAfterRush === undefined ? 'none arrived' : m.lastAfterRush <= 0 ? 'the last arrived before the rush ended' : `the last arrived ${m.lastAfterRush.toFixed(1)} s after the rush ended`;
  log(`mail: ${m.expected} seats held (${m.answered} answered 201), confirmations at the relay: ${m.onTime} within ${goalSeconds} s of the rush's end, ` +
    `${m.late} later, ${m.missing} never; ${last}`);
  log(`  booking answered → confirmation at the relay ${showLatencies(m.delay)}`);
  log(`  confirmation rows by status: ${count(m.byStatus)}; people with more mail than link + confirmation: ${m.unexpected}`);
  log(`  the relay received ${rate(relayRate)} messages over the rush (log-in links, confirmations, coaches' roster notices)`);
}

export function printCeiling(c: CeilingResult, clients: number, poolSize: number, cpu: Cpu) {
  log(`ceiling (raw pg, the service's statements, ${clients} clients over ${poolSize} connections, same people → same sessions, from no bookings): ` +
    `${c.booked} booked in ${c.seconds.toFixed(2)} s = ${rate(c.booked / c.seconds)} bookings`);
  log(`  booking          ${showLatencies(latencies(c.latency))}`);
  log(`  refusals ${count(c.refusals)}; errors ${c.errors}; CPU per booking ${perBooking(cpu, c.booked)}, its confirmations' sending meanwhile included`);
  for (const sample of c.errorSamples) log(`    ! ${sample}`);
}

export interface Verdicts {
  errors: boolean;
  seats: boolean;
  mail: boolean;
  everyoneStarted: boolean;
}

export function printSummary(o: {
  machine: string; setup: string; rush: RushResult; people: number; clients: number; windowSeconds: number; audit: SeatAudit; mail: ConfirmationCheck;
  ceiling: CeilingResult; ceilingAudit: SeatAudit; goalSeconds: number; rushCpu: Cpu; ceilingCpu: Cpu;
}): Verdicts {
  const { rush, mail, ceiling } = o;
  const httpRate = rush.bookings.length / rushSeconds(rush);
  const sqlRate = ceiling.booked / ceiling.seconds;
  const book = latencies(rush.latency.book);
  const flow = latencies(rush.latency.flow);
  const bad = (a: SeatAudit) => a.overbooked + a.miscounted;
  const v: Verdicts = {
    errors: rush.errors === 0 && rush.status5xx === 0 && ceiling.errors === 0,
    seats: bad(o.audit) === 0 && bad(o.ceilingAudit) === 0,
    mail: mail.missing === 0 && mail.late === 0,
    everyoneStarted: rush.started === o.people,
  };
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  log();
  log('==================== summary ====================');
  log(`machine        ${o.machine}`);
  log(`setup          ${o.setup}`);
  log(`people         ${rush.started} of ${o.people} started within the window: ${verdict(v.everyoneStarted)}; ${rush.bookings.length} booked, ` +
    `${rush.outcomes.gaveUp + rush.outcomes.noSeatInView + rush.outcomes.refusedOther} found no seat, ${rush.outcomes.failed} stopped by an error`);
  // Each virtual user serves one person after another, so the window holds at most
  // users × window / mean flow people, however idle the server: say what the flow's time went on.
  const mean = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const flowMs = mean(rush.latency.flow);
  const perSecond = (o.clients * 1000) / flowMs;
  log(`               ${o.clients} virtual users, each serving one person after another in ${ms(flowMs)} on average, serve at most ` +
    `${perSecond.toFixed(1)} people a second (${Math.round(perSecond * o.windowSeconds)} in the window); the log-in mail's wait is ` +
    `${((mean(rush.latency.mailWait) / flowMs) * 100).toFixed(0)}% of the flow`);
  log(`throughput     HTTP ${rate(httpRate)} bookings over the rush (sign-in, list and booking per person) / raw SQL ${rate(sqlRate)} bookings ` +
    `(the same bookings alone) = ${sqlRate > 0 ? (httpRate / sqlRate).toFixed(3) : 'n/a'}`);
  // On a machine busy with other work the rates fall; CPU per booking says what each one costs.
  log(`CPU            per booking: rush ${perBooking(o.rushCpu, Math.max(1, rush.bookings.length))} for a whole person's flow, the mail sent meanwhile included; ` +
    `raw SQL ${perBooking(o.ceilingCpu, Math.max(1, ceiling.booked))}`);
  log(`latency        booking request p50 ${ms(book.p50)} p95 ${ms(book.p95)} p99 ${ms(book.p99)}; whole flow p50 ${ms(flow.p50)} p95 ${ms(flow.p95)} p99 ${ms(flow.p99)}; ` +
    `raw SQL booking p99 ${ms(latencies(ceiling.latency).p99)}`);
  log(`errors         ${rush.errors} (5xx ${rush.status5xx}), ceiling ${ceiling.errors}; goal 0: ${verdict(v.errors)}`);
  log(`overbooking    rush: ${o.audit.overbooked} overbooked, ${o.audit.miscounted} miscounted; ceiling: ${o.ceilingAudit.overbooked}, ${o.ceilingAudit.miscounted}; goal 0: ${verdict(v.seats)}`);
  log(`mail           ${mail.onTime} of ${mail.expected} confirmations within ${o.goalSeconds} s of the rush's end` +
    (mail.lastAfterRush === undefined ? '' : ` (last ${Math.max(0, mail.lastAfterRush).toFixed(1)} s after it)`) + `: ${verdict(v.mail)}`);
  return v;
}
