// npm run bench:mixing — issue 14's figures, each printed beside its bound in the same run:
//   1. Social Golfer instances in groups of 4 (16 × 5, 28 × 9, 32 × 10, 40 × 13): repeats found
//      against the best known (0) and the time to reach them (goal under 60 s each);
//   2. cohorts: 3,000 people of 8 unequal departments (time per round ≤ 100 ms, 0 repeats, the
//      department bound met) and 100,000 people with three years of earlier encounters (≤ 2 s per
//      round, heap under 1 GB: the solve runs in a worker thread capped at 1 GB of old generation);
//   3. a simulated year of self-service under each mixing setting (bench/mixing-year.ts);
//   4. the encounters ledger of 100,000 people after three years, in PostgreSQL.
// Exits non-zero when a goal is missed. Knobs: BENCH_SEEDS (section 1, default 3), BENCH_SKIP
// (comma-separated section numbers to leave out, e.g. "4" on a machine without time to write 5M rows).
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { solve } from '../src/features/mixing/solver/solve.ts';
import { unequalDepartments } from './mixing-cohort.ts';
import { encountersLedgerSize } from './mixing-encounters.ts';
import type { ThreadInput } from './mixing-solver-thread.ts';
import { printYear, simulatedYear } from './mixing-year.ts';

const SEEDS = Number(process.env.BENCH_SEEDS ?? 3);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean).map(Number));
const MB = 1024 * 1024;
let missed = 0;
const log = (line = '') => console.log(line);
const mark = (ok: boolean) => {
  if (!ok) missed++;
  return ok ? '✓' : '✗';
};

function socialGolfers() {
  log('1. Social Golfer instances, groups of 4 (best known: 0 repeats; goal under 60 s each)');
  log('   instance   seed  repeats  best  time       method');
  for (const [people, rounds] of [[16, 5], [28, 9], [32, 10], [40, 13]] as const) {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const result = solve({ people, groupSize: 4, rounds, seed, budgetMs: 60_000 });
      const ok = result.repeats === 0 && result.elapsedMs < 60_000;
      log(`   ${`${people} × ${rounds}`.padEnd(9)}  ${String(seed).padStart(4)}  ${String(result.repeats).padStart(7)}  ${'0'.padStart(4)}  ${`${(result.elapsedMs / 1000).toFixed(2)} s`.padStart(8)} ${mark(ok)}  ${result.method}`);
    }
  }
}

function cohortOf3000() {
  const rounds = 12;
  const departments = unequalDepartments(3000);
  const result = solve({ people: 3000, groupSize: 4, rounds, departments, seed: 1, budgetMs: 60_000 });
  const perRound = result.elapsedMs / rounds;
  log('2. Cohorts');
  log(`   3,000 people, 8 departments (${result.departmentBounds.map((b) => b.people).join(', ')}), ${rounds} rounds:`);
  log(`     time per round ${perRound.toFixed(1)} ms (goal ≤ 100 ms) ${mark(perRound <= 100)}`);
  log(`     repeats ${result.repeats} (lower bound ${result.repeatsBound}, goal 0) ${mark(result.repeats === 0)}`);
  log(`     department bound met: people beyond it ${result.departmentExcess} (bounds ${result.departmentBounds.map((b) => b.bound).join(', ')}) ${mark(result.departmentExcess === 0)}`);
}

interface ThreadResult {
  repeats: number;
  repeatsBound: number;
  departmentExcess: number;
  elapsedMs: number;
  method: string;
  historyPairs: number;
  peakHeap: number;
  peakExternal: number;
}

async function cohortOf100000() {
  const input: ThreadInput = { people: 100_000, rounds: 12, historyMonths: 36, budgetMs: 60_000 };
  const worker = new Worker(new URL('./mixing-solver-thread.ts', import.meta.url), { workerData: input, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
  const result = await new Promise<ThreadResult | Error>((resolve) => {
    worker.once('message', (message: ThreadResult) => resolve(message));
    worker.once('error', (error) => resolve(error));
  });
  await worker.terminate();
  log(`   100,000 people, 8 departments, three years of earlier encounters, ${input.rounds} rounds:`);
  if (result instanceof Error) {
    log(`     failed: ${result.message} ${mark(false)}`);
    return;
  }
  const perRound = result.elapsedMs / input.rounds;
  log(`     ${result.historyPairs.toLocaleString('en')} earlier pairs counted as met`);
  log(`     time per round ${(perRound / 1000).toFixed(2)} s, counting the history in (goal ≤ 2 s) ${mark(perRound <= 2000)}`);
  log(`     repeats ${result.repeats} (lower bound ${result.repeatsBound}) ${mark(result.repeats === result.repeatsBound)}, people beyond the department bound ${result.departmentExcess} ${mark(result.departmentExcess === 0)}`);
  log(`     peak heap ${(result.peakHeap / MB).toFixed(0)} MB + typed arrays ${(result.peakExternal / MB).toFixed(0)} MB = ${((result.peakHeap + result.peakExternal) / MB).toFixed(0)} MB (goal < 1,024 MB) ${mark(result.peakHeap + result.peakExternal < 1024 * MB)}`);
}

async function ledger() {
  log('4. The encounters ledger of 100,000 people after three years, in PostgreSQL');
  const size = await encountersLedgerSize(100_000, 36, (month) => process.stderr.write(`\r   month ${month}/36 `));
  process.stderr.write('\n');
  log(`   ${size.pairs.toLocaleString('en')} pairs from ${size.meetings.toLocaleString('en')} meetings, written in ${(size.writeMs / 1000).toFixed(0)} s`);
  log(`   table ${(size.tableBytes / MB).toFixed(0)} MB, with its indexes ${(size.totalBytes / MB).toFixed(0)} MB: ${Math.round(size.totalBytes / size.pairs)} bytes a pair, ${(size.totalBytes / size.people / 1024).toFixed(1)} KB a person`);
}

async function main() {
  log(`bench:mixing on ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)} at the start`);
  const started = performance.now();
  if (!SKIP.has(1)) socialGolfers();
  if (!SKIP.has(2)) {
    cohortOf3000();
    await cohortOf100000();
  }
  if (!SKIP.has(3)) {
    const report = await simulatedYear();
    missed += printYear(report);
  }
  if (!SKIP.has(4)) await ledger();
  log(`\n${missed === 0 ? 'every goal met' : `${missed} goal(s) missed`} · ${((performance.now() - started) / 1000).toFixed(0)} s · load ${os.loadavg()[0]!.toFixed(2)} at the end`);
  return missed === 0 ? 0 : 1;
}

process.exitCode = await main();
