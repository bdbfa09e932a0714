// The solver's worker thread (worker-runner.ts starts it): one solve() per thread, its input as the
// thread's workerData, progress and the result posted back. Kept apart so the search never blocks
// the process's event loop (requests, the mail worker) for its whole budget.
import { parentPort, workerData } from 'node:worker_threads';
import { solve, type SolveInput } from './solve.ts';

if (!parentPort) throw new Error('solver-thread.ts runs as a worker thread (worker-runner.ts)');
const port = parentPort;
const result = solve(workerData as SolveInput, (progress) => port.postMessage({ kind: 'progress', progress }));
port.postMessage({ kind: 'result', result });
