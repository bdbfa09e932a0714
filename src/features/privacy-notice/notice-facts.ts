// What the privacy notice states that the code decides: the version of its wording, and the
// retention periods it names — taken from the retention rules' settings and defaults
// (features/retention), so the notice cannot drift from what the nightly run does. The notice's words are the web app's
// (src/web/privacy-notice/privacy-notice-texts.ts); they take these figures from the API.
import { DEFAULT_SETTINGS, type RetentionSettings } from '../retention/rules.ts';

/**
 * The version of the notice's wording. Raise it when the texts change materially (what is
 * processed, why, how long, who sees it, the rights): everyone is then shown the short notice again.
 */
export const PRIVACY_NOTICE_VERSION = 1;

/** The version a person acknowledges: the wording's, then the organisation's revision (0 before its first details). */
export function noticeVersion(revision: number | undefined): string {
  return `${PRIVACY_NOTICE_VERSION}.${revision ?? 0}`;
}

export interface RetentionPeriods {
  mailRecordsDays: number;
  bookingsAnonymisedMonths: number;
  ratingsAnonymisedMonths: number;
  auditEntriesYears: number;
  deactivatedPeopleErasedMonths: number;
}

/**
 * The periods the notice names: the organisation's retention settings, or the rules' defaults for a
 * visitor (sign-in links and ended sign-ins go at once, without a setting).
 */
export function retentionPeriods(settings: RetentionSettings = DEFAULT_SETTINGS): RetentionPeriods {
  return {
    mailRecordsDays: settings.mailDays,
    bookingsAnonymisedMonths: settings.bookingsMonths,
    ratingsAnonymisedMonths: settings.ratingsMonths,
    auditEntriesYears: settings.auditYears,
    deactivatedPeopleErasedMonths: settings.departedMonths,
  };
}
