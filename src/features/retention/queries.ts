// Retention's SQL: each rule's predicate written once (`where`), counted for the admin's preview
// and applied by the run in batches that re-check it on every row they touch, so a row a
// concurrent run or request already changed is left alone and counted by nobody twice.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/pool.ts';
import type { Tx } from '../../db/transaction.ts';
import type { Cutoffs, RetentionSettings, RuleCounts, RuleName } from './rules.ts';

interface RuleSql {
  table: string;
  /** The rows the rule acts on now, in one organisation. */
  where(org: string, c: Cutoffs): RawBuilder<unknown>;
  /** What a batch does to them (the default deletes them). */
  action?: 'delete' | RawBuilder<unknown>;
}

/** The rules that are SQL of retention's own; the others (anonymising, erasing) are erasure's. */
export const SQL_RULES: Partial<Record<RuleName, RuleSql>> = {
  // Used, or expired unused: a link works once and for minutes.
  login_links: {
    table: 'login_links',
    where: (org, c) => sql`org_id = ${org} and least(expires_at, used_at) <= ${c.now}`,
  },
  // Signed out, revoked, or past either of its expiries, as auth_live_session reads them (migration
  // 052: the stored ones, or earlier where the organisation shortened its settings since): it can
  // never be used again.
  sign_in_sessions: {
    table: 'auth_sessions',
    where: (org, c) => sql`org_id = ${org} and least(
      idle_expires_at, absolute_expires_at, revoked_at,
      last_seen_at + (select make_interval(mins => o.session_idle_minutes) from organisations o where o.id = ${org}),
      created_at + (select make_interval(hours => o.session_absolute_hours) from organisations o where o.id = ${org})) <= ${c.now}`,
  },
  idempotency_keys: {
    table: 'idempotency_keys',
    where: (org, c) => sql`org_id = ${org} and created_at <= ${c.idempotency}`,
  },
  rating_links: {
    table: 'rating_links',
    where: (org, c) => sql`org_id = ${org} and expires_at <= ${c.now}`,
  },
  sso_attempts: {
    table: 'sso_attempts',
    where: (org, c) => sql`org_id = ${org} and expires_at <= ${c.now}`,
  },
  // A pending message is still to be sent (a reminder weeks ahead): only settled ones age.
  mail_records: {
    table: 'outgoing_messages',
    where: (org, c) => sql`org_id = ${org} and status <> 'pending' and updated_at < ${c.mail}`,
  },
  // An event goes with its deliveries and their attempts (the receivers' answers) once none of
  // them is still to be tried.
  webhook_events: {
    table: 'webhook_events',
    where: (org, c) => sql`org_id = ${org} and created_at < ${c.webhooks}
      and not exists (select from webhook_deliveries d where d.org_id = webhook_events.org_id and d.event_id = webhook_events.id and d.status = 'pending')`,
  },
  // A release's comments go together, once its oldest is due (migration 041): one by one, each
  // would leave the figures' lists on a night of its own and so be dated to one session.
  rating_comments: {
    table: 'session_ratings',
    where: (org, c) => sql`org_id = ${org} and comment <> '' and (created_at < ${c.ratings} or released_at in (
      select x.released_at from session_ratings x where x.org_id = ${org} and x.comment <> '' and x.created_at < ${c.ratings} and x.released_at is not null))`,
    action: sql`update session_ratings set comment = ''`,
  },
  // A published cohort whose first round is past the bookings cut-off and whose last round has begun
  // (migration 047): its schedule and groups would say whose anonymous seat is whose. Its members,
  // rounds and groups go with it (cascade); its sessions stay. A rule of its own, run just before
  // bookings_anonymised, so the run counts the cohorts it removes: anonymise_bookings_before deletes
  // the same cohorts first thing (its other callers rely on that), and in a run finds none left.
  ended_cohorts: {
    table: 'cohorts',
    where: (org, c) => sql`org_id = ${org} and status = 'published'
      and exists (select from cohort_rounds r where r.org_id = cohorts.org_id and r.cohort_id = cohorts.id and r.starts_at < ${c.bookings})
      and not exists (select from cohort_rounds r where r.org_id = cohorts.org_id and r.cohort_id = cohorts.id and r.starts_at >= ${c.now})`,
  },
  // The guard of migration 027 checks every row again against the organisation's own setting.
  audit_entries: {
    table: 'audit_log',
    where: (org, c) => sql`org_id = ${org} and at < ${c.audit}`,
  },
};

/** How many rows the rule would touch now (the preview). */
export async function countRule(tx: Tx, rule: RuleSql, org: string, c: Cutoffs): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(rule.table)} where ${rule.where(org, c)}`.execute(tx);
  return rows[0]!.n;
}

/**
 * One bounded batch: at most `limit` rows picked, each touched only if it still matches. Returns how
 * many were picked (fewer than `limit`: the rule is done) and how many this batch touched.
 */
export async function applyRuleBatch(tx: Tx, rule: RuleSql, org: string, c: Cutoffs, limit: number): Promise<{ touched: number; more: boolean }> {
  const table = sql.table(rule.table);
  const where = rule.where(org, c);
  const action = rule.action === undefined || rule.action === 'delete' ? sql`delete from ${table}` : rule.action;
  // Deliveries of the picked events go in the same statement (their attempts by cascade), so the
  // event's foreign key is checked once both are gone.
  const alongside = rule.table === 'webhook_events'
    ? sql`, deliveries as (delete from webhook_deliveries d using picked p where d.org_id = ${org} and d.event_id = p.id and d.status <> 'pending')`
    : sql``;
  const { rows } = await sql<{ picked: number; touched: number }>`
    with picked as (select ctid${rule.table === 'webhook_events' ? sql`, id` : sql``} from ${table} where ${where} limit ${limit})
    ${alongside},
    touched as (${action} where ctid = any(array(select ctid from picked)) and ${where} returning 1)
    select (select count(*) from picked)::int as picked, (select count(*) from touched)::int as touched`.execute(tx);
  return { touched: rows[0]!.touched, more: rows[0]!.picked >= limit };
}

// People who left: deactivated before the cutoff, not yet erased (a stand-in is never a person who
// left), and coaching no session still to come (erasure refuses those until an admin reassigns it).
const departed = (org: string, c: Cutoffs) => sql`org_id = ${org} and not active and anonymised_at is null and deactivated_at < ${c.departed}
  and not exists (select from sessions s where s.org_id = people.org_id and s.coach_id = people.id and s.status = 'scheduled' and s.ends_at > ${c.now})`;

export async function countDeparted(tx: Tx, org: string, c: Cutoffs): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from people where ${departed(org, c)}`.execute(tx);
  return rows[0]!.n;
}

/** The next people to erase, longest gone first. */
export async function pickDeparted(tx: Tx, org: string, c: Cutoffs, limit: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select id from people where ${departed(org, c)} order by deactivated_at, id limit ${limit}`.execute(tx);
  return rows.map((r) => r.id);
}

/**
 * The run's transaction settings: calendar arithmetic in UTC (the audit guard's too), and the
 * run's clock for that guard.
 */
export async function setRunClock(tx: Tx, now: Date): Promise<void> {
  await sql`select set_config('timezone', 'UTC', true), set_config('quartet.retention_now', ${now.toISOString()}, true)`.execute(tx);
}

/** Holds the organisation's retention lock on this connection while `work` runs; undefined if
 * another run holds it (that run is doing this organisation now). */
export async function withRetentionLock<T>(db: Db, orgId: string, work: (conn: Db) => Promise<T>): Promise<T | undefined> {
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ got: boolean }>`
      select pg_try_advisory_lock(hashtext('quartet.retention'), hashtext(${orgId})) as got`.execute(conn);
    if (!rows[0]!.got) return undefined;
    try {
      return await work(conn);
    } finally {
      await sql`select pg_advisory_unlock(hashtext('quartet.retention'), hashtext(${orgId}))`.execute(conn);
    }
  });
}

export interface SettingsRow {
  retention_bookings_months: number;
  retention_mail_days: number;
  retention_webhook_days: number;
  retention_ratings_months: number;
  retention_departed_months: number;
  audit_retention_years: number;
}

const SETTINGS_COLUMNS = sql`retention_bookings_months, retention_mail_days, retention_webhook_days,
  retention_ratings_months, retention_departed_months, audit_retention_years`;

export function settingsOf(row: SettingsRow): RetentionSettings {
  return {
    bookingsMonths: row.retention_bookings_months, mailDays: row.retention_mail_days, webhookDays: row.retention_webhook_days,
    ratingsMonths: row.retention_ratings_months, departedMonths: row.retention_departed_months, auditYears: row.audit_retention_years,
  };
}

export async function readSettingsRow(tx: Tx, orgId: string): Promise<SettingsRow> {
  const { rows } = await sql<SettingsRow>`select ${SETTINGS_COLUMNS} from organisations where id = ${orgId}`.execute(tx);
  return rows[0]!;
}

export async function updateSettingsRow(tx: Tx, orgId: string, s: RetentionSettings): Promise<void> {
  await sql`update organisations set retention_bookings_months = ${s.bookingsMonths}, retention_mail_days = ${s.mailDays},
      retention_webhook_days = ${s.webhookDays}, retention_ratings_months = ${s.ratingsMonths},
      retention_departed_months = ${s.departedMonths}, audit_retention_years = ${s.auditYears}, updated_at = now()
    where id = ${orgId}`.execute(tx);
}

/** Every active or suspended organisation with its settings (as the owner: the run). */
export async function organisationsToSweep(db: Db): Promise<Array<{ id: string } & SettingsRow>> {
  const { rows } = await sql<{ id: string } & SettingsRow>`select id, ${SETTINGS_COLUMNS} from organisations order by id`.execute(db);
  return rows;
}

export async function insertRun(tx: Tx, orgId: string, ranAt: Date, counts: Partial<RuleCounts>): Promise<void> {
  await sql`insert into retention_runs (org_id, ran_at, counts) values (${orgId}, ${ranAt}, ${JSON.stringify(counts)}::jsonb)`.execute(tx);
}

export interface RunRow {
  id: string;
  ran_at: Date;
  finished_at: Date;
  counts: Partial<RuleCounts>;
}

export async function latestRuns(tx: Tx, orgId: string, limit: number): Promise<RunRow[]> {
  const { rows } = await sql<RunRow>`
    select id, ran_at, finished_at, counts from retention_runs where org_id = ${orgId} order by ran_at desc, finished_at desc limit ${limit}`.execute(tx);
  return rows;
}

/** Ended rate-limit windows, across the deployment (their table has no organisation). */
export async function deleteRateLimitRows(db: Db, before: Date, limit: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with picked as (select ctid from rate_limit_hits where window_start < ${before} limit ${limit}),
    gone as (delete from rate_limit_hits where ctid = any(array(select ctid from picked)) and window_start < ${before} returning 1)
    select count(*)::int as n from gone`.execute(db);
  return rows[0]!.n;
}

/** The shortest mail retention of any organisation: the catcher's files are the machine's, and
 * the strictest promise made about mail holds for them. */
export async function shortestMailDays(db: Db): Promise<number | undefined> {
  const { rows } = await sql<{ days: number | null }>`select min(retention_mail_days)::int as days from organisations`.execute(db);
  return rows[0]?.days ?? undefined;
}
