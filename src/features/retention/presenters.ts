// Counts and runs as the admin reads them: every rule listed, in the run's order; a rule this
// deployment does not apply is null rather than a zero that would claim it ran.
import type { RunRow } from './queries.ts';
import { RULES, type RuleCounts, type RuleName } from './rules.ts';

export function presentCounts(counts: RuleCounts): Array<{ rule: RuleName; rows: number | null }> {
  return RULES.map((rule) => ({ rule, rows: counts[rule] ?? null }));
}

export function presentRun(row: RunRow) {
  return { id: row.id, ranAt: row.ran_at.toISOString(), finishedAt: row.finished_at.toISOString(), rules: presentCounts(row.counts) };
}
