// Retention: the organisation's settings (changed by its admins, audited) and the run that applies
// every rule to every organisation — nightly from the worker's crontab (jobs.ts), or by hand.
// The run works as the database owner: it deletes from tables the app role may only add to.
import type { Db } from '../../db/pool.ts';
import { inOrg, type Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { anonymiseBookingsBefore, countBookingsToAnonymise, erasePerson } from '../erasure/service.ts';
import { removeCaughtMail } from '../notifications/service.ts';
import {
  applyRuleBatch, countDeparted, countRule, deleteRateLimitRows, pickDeparted, insertRun, organisationsToSweep, readSettingsRow, settingsOf, setRunClock,
  shortestMailDays, SQL_RULES, updateSettingsRow, withRetentionLock,
} from './queries.ts';
import {
  BOUNDS, cutoffsAt, RATE_LIMIT_ROW_HOURS, RULES, type Cutoffs, type DeploymentRuleName, type RetentionSettings, type RuleCounts,
  type RuleName,
} from './rules.ts';

/** Rows per batch: each batch is a transaction of its own, so no lock is held for long. */
export const BATCH_ROWS = 5_000;

/** People erased per transaction: each erasure touches every table of theirs. */
export const ERASURES_PER_BATCH = 50;

/** A rule whose work is another feature's: the anonymous form of a person's rows is erasure's. */
export interface DelegatedRule {
  count(tx: Tx, orgId: string, c: Cutoffs): Promise<number>;
  applyBatch(tx: Tx, orgId: string, c: Cutoffs, limit: number): Promise<{ touched: number; more: boolean }>;
}

const DELEGATED: Partial<Record<RuleName, DelegatedRule>> = {
  bookings_anonymised: {
    count: (tx, orgId, c) => countBookingsToAnonymise(tx, orgId, c.bookings),
    async applyBatch(tx, orgId, c, limit) {
      const moved = await anonymiseBookingsBefore(tx, orgId, c.bookings, limit);
      return { touched: moved, more: moved >= limit };
    },
  },
  // The same erasure an admin asks for. Those picked are re-read under erasure's lock of the person:
  // one a concurrent run or an admin erased meanwhile is not found, and counted by nobody twice.
  departed_people: {
    count: (tx, orgId, c) => countDeparted(tx, orgId, c),
    async applyBatch(tx, orgId, c, limit) {
      const batch = Math.min(limit, ERASURES_PER_BATCH);
      const ids = await pickDeparted(tx, orgId, c, batch);
      let erased = 0;
      for (const id of ids) {
        try {
          await erasePerson(tx, orgId, id, { kind: 'command_line' }, { now: c.now });
          erased++;
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
        }
      }
      return { touched: erased, more: ids.length >= batch };
    },
  },
};

/** The rules this deployment applies; the others are reported as not applied. */
export function wiredRules(): RuleName[] {
  return RULES.filter((r) => SQL_RULES[r] !== undefined || DELEGATED[r] !== undefined);
}

export async function readRetentionSettings(tx: Tx, orgId: string): Promise<RetentionSettings> {
  return settingsOf(await readSettingsRow(tx, orgId));
}

/** What each rule would touch if it ran at `at` (the preview): the run's own predicates. */
export async function countDue(tx: Tx, orgId: string, c: Cutoffs): Promise<RuleCounts> {
  const counts: RuleCounts = {};
  for (const rule of wiredRules()) {
    const own = SQL_RULES[rule];
    counts[rule] = own ? await countRule(tx, own, orgId, c) : await DELEGATED[rule]!.count(tx, orgId, c);
  }
  return counts;
}

export async function changeRetentionSettings(tx: Tx, actor: Actor, input: Partial<RetentionSettings>): Promise<RetentionSettings> {
  requireRole(actor, 'admin');
  const errors = [
    outOfBounds(input.bookingsMonths, 'bookingsMonths') && { field: 'bookingsMonths', message: 'must be 6 to 120 months' },
    outOfBounds(input.mailDays, 'mailDays') && { field: 'mailDays', message: 'must be 7 to 730 days' },
    outOfBounds(input.webhookDays, 'webhookDays') && { field: 'webhookDays', message: 'must be 7 to 365 days' },
    outOfBounds(input.ratingsMonths, 'ratingsMonths') && { field: 'ratingsMonths', message: 'must be 6 to 120 months' },
    outOfBounds(input.departedMonths, 'departedMonths') && { field: 'departedMonths', message: 'must be 1 to 120 months' },
    outOfBounds(input.auditYears, 'auditYears') && { field: 'auditYears', message: 'must be 1 to 10 years' },
  ].filter((e): e is { field: string; message: string } => Boolean(e));
  if (errors.length > 0) throw new InputError(errors);
  const before = await readRetentionSettings(tx, actor.orgId);
  const after: RetentionSettings = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
  const changed = Object.fromEntries(
    (Object.keys(before) as Array<keyof RetentionSettings>).filter((k) => before[k] !== after[k]).map((k) => [k, { from: before[k], to: after[k] }]),
  );
  if (Object.keys(changed).length > 0) {
    await updateSettingsRow(tx, actor.orgId, after);
    await audit(tx, actor, 'retention.settings_changed', { kind: 'organisation', id: actor.orgId }, changed);
  }
  return after;
}

function outOfBounds(value: number | undefined, key: keyof RetentionSettings): boolean {
  return value !== undefined && (!Number.isInteger(value) || value < BOUNDS[key].min || value > BOUNDS[key].max);
}

export interface OrganisationOutcome {
  orgId: string;
  /** Another run held this organisation's lock: it is doing the work, this one did none. */
  skipped: boolean;
  counts: RuleCounts;
  /** Milliseconds each rule took (the log and the benchmark). */
  ms: Partial<Record<RuleName, number>>;
  /** The rule that failed, if one did (the run goes on with the next organisation). */
  failed?: { rule: RuleName; message: string };
}

export interface RunOutcome {
  ranAt: Date;
  organisations: OrganisationOutcome[];
  deployment: Partial<Record<DeploymentRuleName, number>>;
}

export interface RunOptions {
  now?: Date;
  batchRows?: number;
  /** The development mail catcher's folder, when this process has one. */
  caughtMailDir?: string | undefined;
  /** Only these organisations (tests, the benchmark); every one if absent. */
  orgIds?: string[];
  /** Told as each rule finishes in an organisation (the benchmark's progress). */
  onRule?: (orgId: string, rule: RuleName, rows: number, ms: number) => void;
}

/** Applies every rule to every organisation; `owner` must be the database owner's connection. */
export async function runRetention(owner: Db, o: RunOptions = {}): Promise<RunOutcome> {
  const now = o.now ?? new Date();
  const limit = o.batchRows ?? BATCH_ROWS;
  const deployment = await sweepDeployment(owner, now, limit, o.caughtMailDir);
  const organisations: OrganisationOutcome[] = [];
  for (const org of await organisationsToSweep(owner)) {
    if (o.orgIds && !o.orgIds.includes(org.id)) continue;
    const c = cutoffsAt(now, settingsOf(org));
    const outcome = await withRetentionLock(owner, org.id, (conn) => sweepOrganisation(conn, org.id, c, limit, o.onRule));
    organisations.push(outcome ?? { orgId: org.id, skipped: true, counts: {}, ms: {} });
  }
  return { ranAt: now, organisations, deployment };
}

async function sweepOrganisation(conn: Db, orgId: string, c: Cutoffs, limit: number, onRule: RunOptions['onRule']): Promise<OrganisationOutcome> {
  const outcome: OrganisationOutcome = { orgId, skipped: false, counts: {}, ms: {} };
  for (const rule of wiredRules()) {
    let touched = 0;
    const started = performance.now();
    try {
      for (;;) {
        const batch = await inOrg(conn, orgId, async (tx) => {
          await setRunClock(tx, c.now);
          const own = SQL_RULES[rule];
          return own ? applyRuleBatch(tx, own, orgId, c, limit) : DELEGATED[rule]!.applyBatch(tx, orgId, c, limit);
        });
        touched += batch.touched;
        if (!batch.more) break;
      }
    } catch (error) {
      outcome.failed = { rule, message: (error as Error).message };
      outcome.counts[rule] = touched;
      break;
    }
    outcome.counts[rule] = touched;
    outcome.ms[rule] = Math.round(performance.now() - started);
    onRule?.(orgId, rule, touched, outcome.ms[rule]);
  }
  await inOrg(conn, orgId, (tx) => insertRun(tx, orgId, c.now, outcome.counts));
  return outcome;
}

async function sweepDeployment(owner: Db, now: Date, limit: number, caughtMailDir: string | undefined) {
  const deployment: Partial<Record<DeploymentRuleName, number>> = { rate_limit_rows: 0 };
  const before = new Date(now.getTime() - RATE_LIMIT_ROW_HOURS * 3_600_000);
  for (;;) {
    const n = await deleteRateLimitRows(owner, before, limit);
    deployment.rate_limit_rows! += n;
    if (n < limit) break;
  }
  if (caughtMailDir) {
    const days = await shortestMailDays(owner);
    if (days !== undefined) {
      // Caught mail ages out like the mail records, by the time it arrived.
      const cutoff = new Date(now.getTime() - days * 86_400_000);
      deployment.caught_mail_files = await removeCaughtMail(caughtMailDir, (message) => message.arrivedAt < cutoff);
    }
  }
  return deployment;
}
