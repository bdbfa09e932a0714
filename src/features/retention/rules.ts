// The retention rules by name, the settings they read, and the instants they cut at. Pure: the
// same cutoffs serve the admin's preview and the run, so both ask one question of each rule.
import { DateTime } from 'luxon';

/** Each organisation's rules, in the order a run applies them (and the report lists them). */
export const RULES = [
  'login_links',
  'sign_in_sessions',
  'idempotency_keys',
  'rating_links',
  'sso_attempts',
  'mail_records',
  'webhook_events',
  'rating_comments',
  'ended_cohorts',
  'bookings_anonymised',
  'departed_people',
  'audit_entries',
] as const;
export type RuleName = (typeof RULES)[number];

/** Rules that act on the whole deployment, not one organisation: reported by the run, not per organisation. */
export const DEPLOYMENT_RULES = ['rate_limit_rows', 'caught_mail_files'] as const;
export type DeploymentRuleName = (typeof DEPLOYMENT_RULES)[number];

export interface RetentionSettings {
  bookingsMonths: number;
  mailDays: number;
  webhookDays: number;
  ratingsMonths: number;
  departedMonths: number;
  auditYears: number;
}

/** The documented defaults (migrations 027 and 029 give the columns the same). */
export const DEFAULT_SETTINGS: RetentionSettings = {
  bookingsMonths: 24, mailDays: 90, webhookDays: 30, ratingsMonths: 24, departedMonths: 12, auditYears: 3,
};

/** Bounds of each setting: the database's checks say the same. */
export const BOUNDS: Record<keyof RetentionSettings, { min: number; max: number }> = {
  bookingsMonths: { min: 6, max: 120 },
  mailDays: { min: 7, max: 730 },
  webhookDays: { min: 7, max: 365 },
  ratingsMonths: { min: 6, max: 120 },
  departedMonths: { min: 1, max: 120 },
  auditYears: { min: 1, max: 10 },
};

/** An Idempotency-Key answers retries for a day (as Stripe's do); a retry later is a new request. */
export const IDEMPOTENCY_HOURS = 24;
/** Rate-limit windows are at most an hour long; a day later none can still be counting. */
export const RATE_LIMIT_ROW_HOURS = 24;

export interface Cutoffs {
  /** The run's clock: what has expired by now goes. */
  now: Date;
  idempotency: Date;
  mail: Date;
  webhooks: Date;
  ratings: Date;
  bookings: Date;
  departed: Date;
  audit: Date;
}

// Calendar arithmetic in UTC, as the run's transactions do theirs (the audit log's guard checks the
// same instant with its own expression): a month back from 31 March is the end of February.
export function cutoffsAt(now: Date, s: RetentionSettings): Cutoffs {
  const t = DateTime.fromJSDate(now, { zone: 'utc' });
  return {
    now,
    idempotency: t.minus({ hours: IDEMPOTENCY_HOURS }).toJSDate(),
    mail: t.minus({ days: s.mailDays }).toJSDate(),
    webhooks: t.minus({ days: s.webhookDays }).toJSDate(),
    ratings: t.minus({ months: s.ratingsMonths }).toJSDate(),
    bookings: t.minus({ months: s.bookingsMonths }).toJSDate(),
    departed: t.minus({ months: s.departedMonths }).toJSDate(),
    audit: t.minus({ years: s.auditYears }).toJSDate(),
  };
}

/** Rows each rule touched; a rule missing from it was not applied (see `wired`). */
export type RuleCounts = Partial<Record<RuleName, number>>;


/** The nightly run's hour, UTC (graphile-worker's crontab is in UTC). */
export const RUN_HOUR_UTC = 3;

/** When the next nightly run starts after `now`. */
export function nextRunAfter(now: Date): Date {
  const t = DateTime.fromJSDate(now, { zone: 'utc' });
  const today = t.startOf('day').set({ hour: RUN_HOUR_UTC });
  return (today > t ? today : today.plus({ days: 1 })).toJSDate();
}
