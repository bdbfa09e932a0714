// A setting of one month or one week read "1 months" and "1 weeks" in the refusal of a repeat
// encounter: spans inside sentences are nested plurals, in both languages.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { de } from './locales/de.ts';
import { en } from './locales/en.ts';

const t = await (async () => {
  const instance = i18next.createInstance();
  await instance.init({ resources: { en: { translation: en }, de: { translation: de } }, lng: 'en', interpolation: { escapeValue: false } });
  return (lng: string, months: number, weeks: number) => instance.t('errors.REPEAT_ENCOUNTER', { lng, months, weeks });
})();

describe('the repeat-encounter refusal', () => {
  it('reads one month and one week in the singular', () => {
    expect(t('en', 1, 1)).toContain('within the last month. Another session of this module in the next week has');
    expect(t('de', 1, 1)).toContain('Sie haben im letzten Monat schon jemanden aus dieser Gruppe getroffen. Ein anderer Termin dieses Moduls in der nächsten Woche hat');
  });

  it('reads more in the plural', () => {
    expect(t('en', 12, 5)).toContain('within the last 12 months. Another session of this module in the next 5 weeks has');
    expect(t('de', 12, 5)).toContain('in den letzten 12 Monaten schon jemanden aus dieser Gruppe getroffen. Ein anderer Termin dieses Moduls in den nächsten 5 Wochen hat');
  });
});
