// The refusals that carry a number from the organisation's settings (the mixing rule's months and
// weeks, the limit of upcoming bookings, the cut-off's minutes), which may each be set to 1: the
// sentence takes that number's singular or plural, in English and German. The cut-off is said as the
// mails say it, in whole hours or days where the minutes divide evenly.
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { wording } from '../../../features/notifications/compose/wording.ts';
import { addLeadFormat } from '../lead.ts';
import { de } from './de.ts';
import { en } from './en.ts';

async function i18n(lng: 'en' | 'de') {
  const instance = createInstance();
  await instance.init({ lng, resources: { en: { translation: en }, de: { translation: de } }, interpolation: { escapeValue: false } });
  addLeadFormat(instance);
  return instance;
}

async function translator(lng: 'en' | 'de') {
  const instance = await i18n(lng);
  return (code: string, details: Record<string, number>) => instance.t(`errors.${code}`, details);
}

describe('a refusal with a number in it', () => {
  it('says one month, week, minute or booking in the singular', async () => {
    const t = await translator('en');
    expect(t('REPEAT_ENCOUNTER', { months: 1, weeks: 1 })).toMatch(/^You met someone in this group within the last 1 month\. Another session of this module in the next 1 week has a free seat/);
    expect(t('LIMIT_REACHED', { limit: 1 })).toMatch(/^You already hold 1 upcoming booking, the most allowed at a time\./);
    expect(t('SOLVES_BUSY', { limit: 1 })).toBe('1 cohort of your organisation is being solved; try again when one is done.');
    expect(t('CANCELLATION_CUTOFF', { cutoffMinutes: 1 })).toMatch(/^Seats can be given up or moved until 1 minute before the start\./);
    expect(t('CANCELLATION_CUTOFF', { cutoffMinutes: 60 })).toMatch(/^Seats can be given up or moved until 1 hour before the start\./);
    const d = await translator('de');
    expect(d('REPEAT_ENCOUNTER', { months: 1, weeks: 1 })).toMatch(/^Sie haben vor weniger als 1 Monat schon jemanden aus dieser Gruppe getroffen\. Ein anderer Termin dieses Moduls innerhalb von 1 Woche hat/);
    expect(d('LIMIT_REACHED', { limit: 1 })).toMatch(/^Sie haben schon 1 anstehende Buchung, mehr sind/);
    expect(d('SOLVES_BUSY', { limit: 1 })).toMatch(/^In Ihrer Organisation wird gerade 1 Kohorte gebildet;/);
    expect(d('CANCELLATION_CUTOFF', { cutoffMinutes: 1 })).toMatch(/^Plätze können bis 1 Minute vor Beginn/);
    expect(d('CANCELLATION_CUTOFF', { cutoffMinutes: 1440 })).toMatch(/^Plätze können bis 1 Tag vor Beginn/);
  });

  it('says other numbers in the plural', async () => {
    const t = await translator('en');
    expect(t('REPEAT_ENCOUNTER', { months: 6, weeks: 4 })).toMatch(/within the last 6 months\. Another session of this module in the next 4 weeks has/);
    expect(t('LIMIT_REACHED', { limit: 2 })).toMatch(/^You already hold 2 upcoming bookings,/);
    expect(t('SOLVES_BUSY', { limit: 2 })).toBe('2 cohorts of your organisation are being solved; try again when one is done.');
    expect(t('CANCELLATION_CUTOFF', { cutoffMinutes: 120 })).toMatch(/^Seats can be given up or moved until 2 hours before the start\./);
    const d = await translator('de');
    expect(d('REPEAT_ENCOUNTER', { months: 6, weeks: 4 })).toMatch(/vor weniger als 6 Monaten .* innerhalb von 4 Wochen hat/);
    expect(d('CANCELLATION_CUTOFF', { cutoffMinutes: 120 })).toMatch(/^Plätze können bis 2 Stunden vor Beginn/);
    expect(d('CANCELLATION_CUTOFF', { cutoffMinutes: 90 })).toMatch(/^Plätze können bis 90 Minuten vor Beginn/);
    expect(d('SOLVES_BUSY', { limit: 2 })).toMatch(/^In Ihrer Organisation werden gerade 2 Kohorten gebildet;/);
  });
});

describe('the cut-off on “My sessions”', () => {
  it.each([1, 45, 60, 120, 1440, 2880, 1500])('says %i minutes as the confirmation mail does', async (minutes) => {
    for (const lng of ['en', 'de'] as const) {
      const page = (await i18n(lng)).t('mySessions.cutoff', { cutoffMinutes: minutes });
      const lead = / (\d+ \S+) (?:before the start|vor Beginn)/;
      expect(page.match(lead)?.[1]).toBe(wording(lng).cancelUntil(minutes).match(lead)?.[1]);
    }
  });
});
