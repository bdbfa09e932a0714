// Latency percentiles and the CPU the Node process and the embedded PostgreSQL spent, for the
// benchmark's report.
import { readdirSync, readFileSync } from 'node:fs';

export interface Latencies {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latencies(samples: ArrayLike<number>): Latencies {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
}

export const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
export const rate = (v: number) => `${Math.round(v).toLocaleString('en-US')}/s`;
export const showLatencies = (l: Latencies) => `p50 ${ms(l.p50)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  max ${ms(l.max)}  (n=${l.count})`;

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds used so far by the PostgreSQL server with this postmaster pid and its children. */
export function postgresCpuSeconds(postmasterPid: number | undefined): number {
  if (postmasterPid === undefined) return NaN;
  let ticks = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue; // the process ended while we looked
      }
      // Fields after the command name (which may hold spaces, hence the last ')').
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      if (ppid === postmasterPid) ticks += Number(fields[11]) + Number(fields[12]); // a backend: utime + stime
      // The postmaster itself, plus cutime + cstime: backends that have ended since (pools closed).
      if (pid === postmasterPid) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    }
  } catch {
    return NaN; // not Linux
  }
  return ticks / TICKS_PER_SECOND;
}

export function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
