// The admin pages' sentences with a number of sessions, months, days or years in them: each number
// takes its singular or plural, in English and German (the area's texts merged over the app's, as
// the area loads them).
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { de } from '../app/locales/de.ts';
import { en } from '../app/locales/en.ts';
import { plannerDe, plannerEn } from '../planner/planner-texts.ts';
import { retentionDe, retentionEn } from '../retention/retention-texts.ts';
import { adminDe, adminEn } from './texts.ts';

async function translator(lng: 'en' | 'de') {
  const i18n = createInstance();
  await i18n.init({ lng, resources: { en: { translation: en }, de: { translation: de } }, interpolation: { escapeValue: false } });
  for (const [locale, texts] of [['en', [adminEn, plannerEn, retentionEn]], ['de', [adminDe, plannerDe, retentionDe]]] as const) {
    for (const t of texts) i18n.addResourceBundle(locale, 'translation', t, true, false);
  }
  return (key: string, options: Record<string, unknown>) => i18n.t(key, options);
}

describe('a refusal that counts upcoming sessions', () => {
  it('says one session in the singular', async () => {
    const t = await translator('en');
    expect(t('errors.COACH_HAS_SESSIONS', { sessions: 1 })).toBe('This coach runs 1 upcoming session; reassign or cancel it first.');
    expect(t('errors.ROOM_IN_USE', { sessions: 1 })).toBe('1 upcoming session is planned in this room; move it to another room first.');
    const d = await translator('de');
    expect(d('errors.COACH_HAS_SESSIONS', { sessions: 1 })).toBe('Dieser Coach leitet 1 anstehenden Termin; übergeben oder sagen Sie ihn zuerst ab.');
    expect(d('errors.ROOM_IN_USE', { sessions: 1 })).toBe('In diesem Raum ist 1 anstehender Termin geplant; verlegen Sie ihn zuerst in einen anderen Raum.');
  });

  it('says other numbers in the plural', async () => {
    const t = await translator('en');
    expect(t('errors.COACH_HAS_SESSIONS', { sessions: 3 })).toBe('This coach runs 3 upcoming sessions; reassign or cancel them first.');
    expect(t('errors.ROOM_IN_USE', { sessions: 2 })).toBe('2 upcoming sessions are planned in this room; move them to another room first.');
    const d = await translator('de');
    expect(d('errors.COACH_HAS_SESSIONS', { sessions: 3 })).toBe('Dieser Coach leitet 3 anstehende Termine; übergeben oder sagen Sie diese zuerst ab.');
    expect(d('errors.ROOM_IN_USE', { sessions: 2 })).toBe('In diesem Raum sind 2 anstehende Termine geplant; verlegen Sie diese zuerst in einen anderen Raum.');
  });
});

describe('the planner’s count of sessions to publish and published', () => {
  it('says one session in the singular and more in the plural', async () => {
    const t = await translator('en');
    expect(t('planner.confirm', { count: 1 })).toBe('Publish 1 session now?');
    expect(t('planner.confirm', { count: 12 })).toBe('Publish 12 sessions now?');
    expect(t('planner.published', { when: 'Mon, 7 Dec 2026', count: 1 })).toBe('Published Mon, 7 Dec 2026: 1 session.');
    const d = await translator('de');
    expect(d('planner.confirm', { count: 1 })).toBe('Jetzt 1 Termin veröffentlichen?');
    expect(d('planner.confirm', { count: 12 })).toBe('Jetzt 12 Termine veröffentlichen?');
    expect(d('planner.published', { when: 'Mo., 7. Dez. 2026', count: 1 })).toBe('Veröffentlicht Mo., 7. Dez. 2026: 1 Termin.');
  });
});

describe('the unit after a retention rule’s number', () => {
  it('is singular for 1 and plural otherwise', async () => {
    const t = await translator('en');
    expect([t('retention.years', { count: 1 }), t('retention.months', { count: 1 }), t('retention.days', { count: 1 })]).toEqual(['year', 'month', 'day']);
    expect([t('retention.years', { count: 7 }), t('retention.months', { count: 24 }), t('retention.days', { count: 90 })]).toEqual(['years', 'months', 'days']);
    const d = await translator('de');
    expect([d('retention.years', { count: 1 }), d('retention.months', { count: 1 }), d('retention.days', { count: 1 })]).toEqual(['Jahr', 'Monat', 'Tag']);
    expect([d('retention.years', { count: 7 }), d('retention.months', { count: 24 }), d('retention.days', { count: 90 })]).toEqual(['Jahre', 'Monate', 'Tage']);
  });
});
