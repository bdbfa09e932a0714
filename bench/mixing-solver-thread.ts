// One large solve for bench:mixing in a worker thread of its own, so that its heap can be capped
// (resourceLimits) and measured apart from the benchmark's: V8's used heap and the typed arrays
// outside it are sampled at every progress report and at the end.
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { solve } from '../src/features/mixing/solver/solve.ts';
import { monthlyHistory, unequalDepartments } from './mixing-cohort.ts';

export interface ThreadInput {
  people: number;
  rounds: number;
  historyMonths: number;
  budgetMs: number;
}

const input = workerData as ThreadInput;
let peakHeap = 0;
let peakExternal = 0;
const sample = () => {
  const stats = v8.getHeapStatistics();
  peakHeap = Math.max(peakHeap, stats.used_heap_size);
  peakExternal = Math.max(peakExternal, stats.external_memory);
};
const history = monthlyHistory(input.people, input.historyMonths, 17);
sample();
const result = solve(
  { people: input.people, groupSize: 4, rounds: input.rounds, departments: unequalDepartments(input.people), metBefore: history, budgetMs: input.budgetMs, seed: 1 },
  sample,
);
sample();
parentPort!.postMessage({
  repeats: result.repeats, repeatsBound: result.repeatsBound, departmentExcess: result.departmentExcess, elapsedMs: result.elapsedMs,
  method: result.method, historyPairs: history.length / 2, peakHeap, peakExternal,
});
