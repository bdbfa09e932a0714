// The campaign view's median hours to a first response may be a fraction: written with the reader's
// decimal sign ("1,5 Stunden" in German, not "1.5 Stunden").
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { de } from '../app/locales/de.ts';
import { en } from '../app/locales/en.ts';
import { boardDe, boardEn } from './texts.ts';

async function translator(lng: 'en' | 'de') {
  const i18n = createInstance();
  await i18n.init({ lng, resources: { en: { translation: { ...en, ...boardEn } }, de: { translation: { ...de, ...boardDe } } }, interpolation: { escapeValue: false } });
  return (key: string, options: Record<string, unknown>) => i18n.t(key, options);
}

describe('the campaign view’s hours to a first response', () => {
  it('writes a fraction with the reader’s decimal sign, and one hour in the singular', async () => {
    const t = await translator('en');
    expect(t('campaign.hours', { count: 1.5 })).toBe('1.5 hours');
    expect(t('campaign.hours', { count: 1 })).toBe('1 hour');
    const d = await translator('de');
    expect(d('campaign.hours', { count: 1.5 })).toBe('1,5 Stunden');
    expect(d('campaign.hours', { count: 1 })).toBe('1 Stunde');
    expect(d('campaign.hours', { count: 1200 })).toBe('1.200 Stunden');
  });
});
