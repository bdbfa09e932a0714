// Program settings: read by everyone in the organisation, changed by its admins.
import type { MixingSetting, WaitlistMode } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { InputError } from '../../lib/errors.ts';
import { isTimeZone } from '../../lib/zones.ts';
import { audit } from '../audit/service.ts';
import { rescheduleReminders } from '../notifications/outbox/service.ts';
import { getProgramSettings, updateProgramSettings, type ProgramSettingsRow } from './queries.ts';

export interface ProgramSettings {
  defaultCapacity: number;
  participantsVisible: boolean;
  maxFutureBookings: number;
  cancellationCutoffMinutes: number;
  reminderHoursBefore: number;
  defaultTimeZone: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  suggestionWindowDays: number;
  participantsAddSuggestions: boolean;
  boardOpenToEmployees: boolean;
  mixing: MixingSetting;
  mixingRepeatMonths: number;
  mixingSlackWeeks: number;
  cohortSearchSeconds: number;
  waitlistMode: WaitlistMode;
  waitlistOfferHours: number;
}

export function presentSettings(row: ProgramSettingsRow): ProgramSettings {
  return {
    defaultCapacity: row.default_capacity,
    participantsVisible: row.participants_visible,
    maxFutureBookings: row.max_future_bookings,
    cancellationCutoffMinutes: row.cancellation_cutoff_minutes,
    reminderHoursBefore: row.reminder_hours_before,
    defaultTimeZone: row.default_time_zone,
    sessionIdleMinutes: row.session_idle_minutes,
    sessionAbsoluteHours: row.session_absolute_hours,
    suggestionWindowDays: row.suggestion_window_days,
    participantsAddSuggestions: row.participants_add_suggestions,
    boardOpenToEmployees: row.board_open_to_employees,
    mixing: row.mixing,
    mixingRepeatMonths: row.mixing_repeat_months,
    mixingSlackWeeks: row.mixing_slack_weeks,
    cohortSearchSeconds: row.cohort_search_seconds,
    waitlistMode: row.waitlist_mode,
    waitlistOfferHours: row.waitlist_offer_hours,
  };
}

export async function readSettings(tx: Tx, actor: Actor): Promise<ProgramSettings> {
  return presentSettings(await getProgramSettings(tx, actor.orgId));
}

export async function changeSettings(tx: Tx, actor: Actor, input: Partial<ProgramSettings>): Promise<ProgramSettings> {
  requireRole(actor, 'admin');
  if (input.defaultTimeZone !== undefined && !isTimeZone(input.defaultTimeZone)) {
    throw new InputError([{ field: 'defaultTimeZone', message: 'is not an IANA time zone' }]);
  }
  const changes: Partial<ProgramSettingsRow> = {
    ...(input.defaultCapacity !== undefined && { default_capacity: input.defaultCapacity }),
    ...(input.participantsVisible !== undefined && { participants_visible: input.participantsVisible }),
    ...(input.maxFutureBookings !== undefined && { max_future_bookings: input.maxFutureBookings }),
    ...(input.cancellationCutoffMinutes !== undefined && { cancellation_cutoff_minutes: input.cancellationCutoffMinutes }),
    ...(input.reminderHoursBefore !== undefined && { reminder_hours_before: input.reminderHoursBefore }),
    ...(input.defaultTimeZone !== undefined && { default_time_zone: input.defaultTimeZone }),
    ...(input.sessionIdleMinutes !== undefined && { session_idle_minutes: input.sessionIdleMinutes }),
    ...(input.sessionAbsoluteHours !== undefined && { session_absolute_hours: input.sessionAbsoluteHours }),
    ...(input.suggestionWindowDays !== undefined && { suggestion_window_days: input.suggestionWindowDays }),
    ...(input.participantsAddSuggestions !== undefined && { participants_add_suggestions: input.participantsAddSuggestions }),
    ...(input.boardOpenToEmployees !== undefined && { board_open_to_employees: input.boardOpenToEmployees }),
    ...(input.mixing !== undefined && { mixing: input.mixing }),
    ...(input.mixingRepeatMonths !== undefined && { mixing_repeat_months: input.mixingRepeatMonths }),
    ...(input.mixingSlackWeeks !== undefined && { mixing_slack_weeks: input.mixingSlackWeeks }),
    ...(input.cohortSearchSeconds !== undefined && { cohort_search_seconds: input.cohortSearchSeconds }),
    ...(input.waitlistMode !== undefined && { waitlist_mode: input.waitlistMode }),
    ...(input.waitlistOfferHours !== undefined && { waitlist_offer_hours: input.waitlistOfferHours }),
  };
  const before = await getProgramSettings(tx, actor.orgId);
  await updateProgramSettings(tx, actor.orgId, changes);
  const changed = Object.fromEntries(
    Object.entries(changes).filter(([k, v]) => before[k as keyof ProgramSettingsRow] !== v).map(([k, v]) => [k, { from: before[k as keyof ProgramSettingsRow], to: v }]),
  );
  if ('reminder_hours_before' in changed) await rescheduleReminders(tx, actor.orgId);
  if (Object.keys(changed).length > 0) await audit(tx, actor, 'settings.changed', { kind: 'organisation', id: actor.orgId }, changed);
  return readSettings(tx, actor);
}
