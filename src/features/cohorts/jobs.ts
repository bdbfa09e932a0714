// Solving a cohort off the request thread: the problem read in one transaction, solve() run by the
// process's solver runner (a worker thread; at most two at once), its progress written as it comes
// (at most twice a second), the schedule stored when done. Each write is a short transaction of its
// own, and only while the draft still waits for this solve (a published or re-solved draft is left
// alone). A process that dies mid-solve leaves the draft "solving" until its news is stale
// (presenters.ts); the admin solves it again.
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { searchBudgetMs, solverRunner, SolverBusyError, type SolverRunner } from '../mixing/solver/worker-runner.ts';
import { cohortProblem } from './service.ts';
import { cohortSearchSeconds, setSolverState, storeSolution } from './queries.ts';

const PROGRESS_EVERY_MS = 500;

/** Resolves once the outcome (schedule or failure) is stored; never rejects. */
export async function solveCohort(db: Db, orgId: string, cohortId: string, runner: SolverRunner = solverRunner): Promise<void> {
  try {
    const problem = await inOrg(db, orgId, async (tx) => cohortProblem(tx, orgId, cohortId, searchBudgetMs(await cohortSearchSeconds(tx, orgId))));
    if (!problem) return;
    let written = Promise.resolve();
    let lastWrite = -Infinity;
    const write = (state: Parameters<typeof setSolverState>[3]) => {
      // One write at a time, in order, so an older state never lands after a newer one.
      written = written.then(() => inOrg(db, orgId, (tx) => setSolverState(tx, orgId, cohortId, state))).catch(() => {
        // Progress is news, not state: a lost write is overtaken by the next or by the result.
      });
    };
    const result = await runner.run(problem.input, {
      onStart: () => write({ status: 'solving', phase: 'dealing' }),
      onProgress: (p) => {
        if (p.phase !== 'done' && p.elapsedMs - lastWrite < PROGRESS_EVERY_MS) return;
        lastWrite = p.elapsedMs;
        write({ status: 'solving', phase: p.phase, repeats: p.repeats, elapsedMs: p.elapsedMs });
      },
    });
    await written;
    await inOrg(db, orgId, (tx) => storeSolution(tx, orgId, cohortId, {
      schedule: result.rounds.map((groups) => groups.map((group) => group.map((i) => problem.memberIds[i]!))),
      departmentBounds: result.departmentBounds.flatMap((d) => {
        const name = problem.departmentNames.get(d.department);
        return name ? [{ department: name, people: d.people, bound: d.bound }] : [];
      }),
      repeats: result.repeats, elapsedMs: result.elapsedMs, method: result.method,
    }));
  } catch (error) {
    const message = error instanceof SolverBusyError || error instanceof Error ? error.message : String(error);
    await inOrg(db, orgId, (tx) => setSolverState(tx, orgId, cohortId, { status: 'failed', error: message })).catch(() => {});
  }
}
