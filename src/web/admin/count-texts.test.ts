// The admin pages' sentences with a number of sessions, months, days or years in them: each number
// takes its singular or plural, in English and German (the area's texts merged over the app's, as
// the area loads them).
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { de } from '../app/locales/de.ts';
import { en } from '../app/locales/en.ts';
import { cohortsDe, cohortsEn } from '../cohorts/cohort-texts.ts';
import { plannerDe, plannerEn } from '../planner/planner-texts.ts';
import { retentionDe, retentionEn } from '../retention/retention-texts.ts';
import { dashboardQuarterDe, dashboardQuarterEn } from './dashboard-texts.ts';
import { adminDe, adminEn } from './texts.ts';

async function translator(lng: 'en' | 'de') {
  const i18n = createInstance();
  await i18n.init({ lng, resources: { en: { translation: en }, de: { translation: de } }, interpolation: { escapeValue: false } });
  for (const [locale, texts] of [['en', [adminEn, plannerEn, retentionEn, dashboardQuarterEn, cohortsEn]], ['de', [adminDe, plannerDe, retentionDe, dashboardQuarterDe, cohortsDe]]] as const) {
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

describe('the counts of a cohort, the dashboard, the planner and a people import', () => {
  const import1 = { rows: 1, created: 1, updated: 0, unchanged: 0, deactivated: 0, bookingsCancelled: 1 };
  const import2 = { rows: 3, created: 1, updated: 1, unchanged: 1, deactivated: 1, bookingsCancelled: 2 };
  const totals = (planned: number, needed: number, participants: number) => ({ planned, needed, demand: 100, achievable: planned, participants });

  it('say one in the singular', async () => {
    const t = await translator('en');
    expect(t('cohorts.preview.confirmPublish', { count: 1 })).toMatch(/^Publish 1 session and book every member\?/);
    expect(t('cohorts.preview.published', { count: 1 })).toBe('Published: 1 session, every member booked.');
    expect(t('dashboardQuarter.fillFigure', { taken: 1, offered: 1, sessions: 1 })).toBe('1 of 1 seat in 1 session held.');
    expect(t('dashboardQuarter.attendanceFigure', { came: 1, taken: 1, noShowPercent: 0, noShows: 0 })).toMatch(/^1 of 1 seat; no-shows/);
    expect(t('planner.totals', totals(1, 1, 1))).toBe('1 of 1 session needed (100 %), 1 is the most the availability allows. 1 person counted.');
    expect(t('people.report', import1)).toBe('1 row: 1 new, 0 changed, 0 unchanged, 0 deactivated, 1 seat given up.');
    const d = await translator('de');
    expect(d('cohorts.preview.confirmPublish', { count: 1 })).toMatch(/^1 Termin veröffentlichen und alle Mitglieder buchen\?/);
    expect(d('cohorts.preview.published', { count: 1 })).toBe('Veröffentlicht: 1 Termin, alle Mitglieder gebucht.');
    expect(d('dashboardQuarter.fillFigure', { taken: 1, offered: 1, sessions: 1 })).toBe('1 von 1 Platz in 1 abgehaltenen Termin.');
    expect(d('dashboardQuarter.attendanceFigure', { came: 1, taken: 1, noShowPercent: 0, noShows: 0 })).toMatch(/^1 von 1 Platz; nicht erschienen/);
    expect(d('planner.totals', totals(1, 1, 1))).toBe('1 von 1 benötigten Termin (100 %), 1 lässt die Verfügbarkeit höchstens zu. 1 Person gezählt.');
    expect(d('people.report', import1)).toBe('1 Zeile: 1 neu, 0 geändert, 0 unverändert, 0 deaktiviert, 1 Platz freigegeben.');
  });

  it('say other numbers in the plural', async () => {
    const t = await translator('en');
    expect(t('cohorts.preview.confirmPublish', { count: 6 })).toMatch(/^Publish 6 sessions and book every member\?/);
    expect(t('cohorts.preview.published', { count: 6 })).toBe('Published: 6 sessions, every member booked.');
    expect(t('dashboardQuarter.fillFigure', { taken: 30, offered: 40, sessions: 10 })).toBe('30 of 40 seats in 10 sessions held.');
    expect(t('planner.totals', totals(8, 10, 40))).toBe('8 of 10 sessions needed (100 %), 8 is the most the availability allows. 40 people counted.');
    expect(t('people.report', import2)).toBe('3 rows: 1 new, 1 changed, 1 unchanged, 1 deactivated, 2 seats given up.');
    const d = await translator('de');
    expect(d('cohorts.preview.published', { count: 6 })).toBe('Veröffentlicht: 6 Termine, alle Mitglieder gebucht.');
    expect(d('dashboardQuarter.fillFigure', { taken: 30, offered: 40, sessions: 10 })).toBe('30 von 40 Plätzen in 10 abgehaltenen Terminen.');
    expect(d('planner.totals', totals(8, 10, 40))).toBe('8 von 10 benötigten Terminen (100 %), 8 lässt die Verfügbarkeit höchstens zu. 40 Personen gezählt.');
    expect(d('people.report', import2)).toBe('3 Zeilen: 1 neu, 1 geändert, 1 unverändert, 1 deaktiviert, 2 Plätze freigegeben.');
  });
});

describe('the new-cohort form’s counts of addresses, people shown and people outside their hours', () => {
  const zones = (count: number) => ({ zones: 2, count, from: '08:00', to: '18:00' });

  it('say one in the singular', async () => {
    const t = await translator('en');
    expect(t('cohorts.picker.fileRead', { count: 1, file: 'hr.csv' })).toBe('1 address read from hr.csv; check it, then add it.');
    expect(t('cohorts.picker.addAll', { count: 1 })).toBe('Add the one shown');
    const d = await translator('de');
    expect(d('cohorts.picker.fileRead', { count: 1, file: 'hr.csv' })).toBe('1 Adresse aus hr.csv gelesen; bitte prüfen und dann hinzufügen.');
    expect(d('cohorts.picker.addAll', { count: 1 })).toBe('Die eine gezeigte Person hinzufügen');
    expect(d('cohorts.form.zones', zones(1))).toBe('Die gewählten Personen arbeiten in 2 Zeitzonen. Zu dieser Zeit träfe sich 1 von ihnen in mindestens einer Runde außerhalb ihrer Arbeitszeit (08:00–18:00 in der eigenen Zeitzone).');
    expect(d('cohorts.form.best', { time: '10:00', zone: 'Europe/Berlin', count: 1 })).toBe('Um 10:00 (Europe/Berlin) wäre es 1.');
  });

  it('say other numbers in the plural', async () => {
    const t = await translator('en');
    expect(t('cohorts.picker.fileRead', { count: 16, file: 'hr.csv' })).toBe('16 addresses read from hr.csv; check them, then add them.');
    expect(t('cohorts.picker.addAll', { count: 16 })).toBe('Add all 16 shown');
    expect(t('cohorts.form.zones', zones(3))).toBe('The chosen people work in 2 time zones. At this time 3 of them would meet outside their working hours (08:00–18:00 in their own zone) in at least one round.');
    const d = await translator('de');
    expect(d('cohorts.picker.fileRead', { count: 16, file: 'hr.csv' })).toBe('16 Adressen aus hr.csv gelesen; bitte prüfen und dann hinzufügen.');
    expect(d('cohorts.form.zones', zones(3))).toMatch(/Zu dieser Zeit träfen sich 3 von ihnen/);
    expect(d('cohorts.form.best', { time: '10:00', zone: 'Europe/Berlin', count: 0 })).toBe('Um 10:00 (Europe/Berlin) wären es 0.');
  });
});
