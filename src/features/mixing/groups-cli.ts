// `quartet groups solve --people N --size 4 --rounds R [--seconds S] [--seed K]`: the group solver
// without a cohort or a database, for planners who want to see what it reaches. The schedule goes to
// standard output as JSON (rounds → groups → person numbers 0…N−1, one round a line so that it stays
// readable and still parses); a progress bar with the current repeats goes to standard error.
import { InputError } from '../../lib/errors.ts';
import { DEFAULT_BUDGET_MS, solve, type SolveProgress, type SolveResult } from './solver/solve.ts';

export const GROUPS_HELP = `  groups solve --people N --size 4 --rounds R [--seconds S] [--seed K]
                    groups for N people over R rounds (N × R at most 10,000,000), no pair twice while
                    possible; prints the rounds as JSON (rounds → groups → person numbers 0…N−1),
                    progress on stderr`;

export const GROUPS_COMMANDS: ReadonlyMap<string, readonly string[]> = new Map([['groups solve', ['people', 'size', 'rounds', 'seconds', 'seed']]]);

export interface GroupsFlags {
  people?: string | undefined;
  size?: string | undefined;
  rounds?: string | undefined;
  seconds?: string | undefined;
  seed?: string | undefined;
}

/** Limits that keep one command within this machine's memory and a person's patience. */
const LIMITS = { people: [2, 1_000_000], size: [2, 100], rounds: [1, 1_000], seconds: [0, 3_600], seed: [0, 2 ** 31 - 1] } as const;
/**
 * People × rounds, together: dealing the rounds is not held to the time budget (a million people over
 * 20 rounds took 42 s against a budget of 1 s, 1.6 GB), and the schedule is printed as one text, which
 * beyond about 75 million seats is longer than a JavaScript string may be — each flag within its own
 * bound asked for a thousand million.
 */
const MOST_SEATS = 10_000_000;

function whole(flags: GroupsFlags, name: keyof typeof LIMITS, fallback?: number): number {
  const value = flags[name];
  const [min, max] = LIMITS[name];
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new InputError([{ field: `--${name}`, message: 'is required' }]);
  }
  if (!/^\d{1,10}$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new InputError([{ field: `--${name}`, message: `must be a whole number from ${min} to ${max}` }]);
  }
  return Number(value);
}

export function runGroupsSolve(flags: GroupsFlags, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): SolveResult {
  const people = whole(flags, 'people');
  const groupSize = whole(flags, 'size', 4);
  const rounds = whole(flags, 'rounds');
  const budgetMs = whole(flags, 'seconds', DEFAULT_BUDGET_MS / 1000) * 1000;
  const seed = whole(flags, 'seed', 1);
  if (groupSize > people) throw new InputError([{ field: '--size', message: `must not exceed --people (${people})` }]);
  if (people * rounds > MOST_SEATS) {
    const n = (v: number) => v.toLocaleString('en-GB');
    throw new InputError([{ field: '--rounds', message: `${people} people over ${rounds} rounds are ${n(people * rounds)} seats; at most ${n(MOST_SEATS)} are solved and printed at once` }]);
  }
  const result = solve({ people, groupSize, rounds, budgetMs, seed }, (progress) => err.write(`\r${bar(progress)}`));
  err.write(`\n${result.repeats} repeated ${result.repeats === 1 ? 'pair' : 'pairs'} · ${result.method} · ${(result.elapsedMs / 1000).toFixed(1)} s\n`);
  out.write(`[\n${result.rounds.map((round) => JSON.stringify(round)).join(',\n')}\n]\n`);
  return result;
}

const WIDTH = 24;

function bar(progress: SolveProgress): string {
  const share = progress.phase === 'done' ? 1 : Math.min(1, progress.elapsedMs / Math.max(1, progress.budgetMs));
  const filled = Math.round(share * WIDTH);
  const seconds = (progress.elapsedMs / 1000).toFixed(1);
  return `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${progress.phase.padEnd(12)} repeats ${String(progress.repeats).padEnd(6)} ${seconds} s`;
}
