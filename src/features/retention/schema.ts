// Shapes of the retention settings, the preview and the history of runs (validation, the OpenAPI
// document, and the web app's types). Bounds are checked by the service, which names each field's.
import { z } from 'zod';

const Whole = z.number().int();

export const RetentionSettings = z
  .object({
    bookingsMonths: Whole.describe('Months after a session that its bookings and attendance stay tied to people; then anonymised (6–120, default 24)'),
    mailDays: Whole.describe('Days a sent, moot or failed mail record (and a caught mail file) is kept; then deleted (7–730, default 90)'),
    webhookDays: Whole.describe('Days a webhook event is kept with its deliveries and the answers once none is pending (7–365, default 30)'),
    ratingsMonths: Whole.describe('Months a rating keeps its comment; then it is removed (6–120, default 24). The rating stops naming its rater with its booking (bookingsMonths)'),
    departedMonths: Whole.describe('Months after a person was deactivated that they are erased (1–120, default 12)'),
    auditYears: Whole.describe('Years an audit entry is kept (1–10, default 3)'),
  })
  .meta({ id: 'RetentionSettings' });

export const RetentionSettingsChange = RetentionSettings.partial().strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'name at least one setting' });

const RuleName = z.enum([
  'login_links', 'sign_in_sessions', 'idempotency_keys', 'rating_links', 'sso_attempts', 'mail_records', 'webhook_events',
  'rating_comments', 'ended_cohorts', 'bookings_anonymised', 'departed_people', 'audit_entries',
]);

const RuleCount = z.object({
  rule: RuleName,
  rows: z.number().int().nullable().describe('Rows the rule touches; null where this deployment does not apply the rule yet'),
});

export const RetentionRun = z
  .object({
    id: z.uuid(),
    ranAt: z.iso.datetime().describe("The run's clock: what had expired by then"),
    finishedAt: z.iso.datetime(),
    rules: z.array(RuleCount),
  })
  .meta({ id: 'RetentionRun' });

export const RetentionOverview = z
  .object({
    settings: RetentionSettings,
    nextRun: z.object({
      at: z.iso.datetime().describe('When the next nightly run starts (03:00 UTC)'),
      rules: z.array(RuleCount).describe('What that run will touch if nothing else changes before it'),
    }),
    runs: z.array(RetentionRun).describe('The latest runs, newest first'),
  })
  .meta({ id: 'RetentionOverview' });
