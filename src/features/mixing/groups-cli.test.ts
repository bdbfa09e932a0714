// `quartet groups solve` as a planner runs it: a process of its own, the schedule as JSON on standard
// output (checked without the solver's help), the progress bar on standard error.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkedSchedule } from '../../../test/schedules.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function quartet(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['src/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('quartet groups solve', () => {
  test('prints rounds of groups of person numbers, without a repeated pair where the best known has none', async () => {
    const { code, stdout, stderr } = await quartet('groups', 'solve', '--people', '28', '--size', '4', '--rounds', '9', '--seconds', '60');
    expect(code, stderr).toBe(0);
    const rounds = JSON.parse(stdout) as number[][][];
    const facts = checkedSchedule(rounds, 28, 9, { sizes: Array(7).fill(4) });
    expect(facts.repeats).toBe(0);
    expect(stderr).toMatch(/\[#+-*\] .*repeats \d+/);
    expect(stderr).toMatch(/0 repeated pairs/);
  });

  test('uneven numbers and a short budget still give a whole schedule, its repeats told', async () => {
    const { code, stdout, stderr } = await quartet('groups', 'solve', '--people', '30', '--rounds', '12', '--seconds', '1');
    expect(code, stderr).toBe(0);
    const facts = checkedSchedule(JSON.parse(stdout) as number[][][], 30, 12, { sizes: [4, 4, 4, 4, 4, 4, 3, 3] });
    expect(stderr).toContain(`${facts.repeats} repeated pair`);
  });

  test.each([
    [['--people', 'many', '--rounds', '3'], /--people: must be a whole number/],
    [['--people', '20'], /--rounds: is required/],
    [['--people', '3', '--size', '4', '--rounds', '2'], /--size: must not exceed --people/],
    [['--people', '20', '--rounds', '3', '--seconds', '99999'], /--seconds: must be a whole number from 0 to 3600/],
    // Each within its own bound, together a schedule of a thousand million seats: the command ran for
    // many minutes past its budget and could not print it (longer than a JavaScript string may be).
    [['--people', '1000000', '--rounds', '1000', '--seconds', '1'], /--rounds: 1000000 people over 1000 rounds are 1,000,000,000 seats; at most 10,000,000 are solved and printed at once/],
  ])('refuses %j with a clear line and no schedule', async (args, message) => {
    const { code, stdout, stderr } = await quartet('groups', 'solve', ...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });
});
