// The erasure confirmation's figures: each of the three counts takes its own singular or plural, in
// English and German (one sentence, nested translations).
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { erasureDe, erasureEn } from './erasure-texts.ts';

async function translator(lng: 'en' | 'de') {
  const i18n = createInstance();
  await i18n.init({ lng, resources: { en: { translation: erasureEn }, de: { translation: erasureDe } }, interpolation: { escapeValue: false } });
  return Object.assign((past: number, ratings: number, supports: number) => i18n.t('erasure.staysAnonymous', { past, ratings, supports }), {
    refusal: (sessions: number) => i18n.t('errors.ERASURE_COACH_HAS_SESSIONS', { sessions }),
    willCancel: (count: number) => i18n.t('erasure.willCancel', { count }),
  });
}

describe('what stays, anonymous', () => {
  it('says one seat, one rating and one support in the singular, and other counts in the plural', async () => {
    const en = await translator('en');
    expect(en(1, 1, 1)).toBe('Stays, anonymous: 1 past seat and its attendance, 1 rating (without comment), 1 support of an idea.');
    expect(en(3, 0, 2)).toBe('Stays, anonymous: 3 past seats and attendance, 0 ratings (without comments), 2 supports of ideas.');
    const de = await translator('de');
    expect(de(1, 1, 1)).toBe('Bleibt anonym erhalten: 1 vergangener Platz und seine Teilnahme, 1 Bewertung (ohne Kommentar), 1 Unterstützung einer Idee.');
    expect(de(0, 2, 5)).toBe('Bleibt anonym erhalten: 0 vergangene Plätze und Teilnahmen, 2 Bewertungen (ohne Kommentare), 5 Unterstützungen von Ideen.');
  });
});

describe('the refusal to erase a coach of sessions that have not ended', () => {
  it('says one session in the singular, and other counts in the plural', async () => {
    const en = await translator('en');
    expect(en.refusal(1)).toBe('This person coaches 1 session that has not ended. Give it to another coach or cancel it first.');
    expect(en.refusal(2)).toBe('This person coaches 2 sessions that have not ended. Give them to another coach or cancel them first.');
    const de = await translator('de');
    expect(de.refusal(1)).toBe('Diese Person leitet 1 Termin, der noch nicht vorbei ist. Geben Sie ihn zuerst einem anderen Coach oder sagen Sie ihn ab.');
    expect(de.refusal(2)).toBe('Diese Person leitet 2 Termine, die noch nicht vorbei sind. Geben Sie sie zuerst einem anderen Coach oder sagen Sie sie ab.');
  });
});

describe('the seats still to come that the erasure gives up', () => {
  it('calls a session a Termin in German, in the singular as in the plural', async () => {
    const de = await translator('de');
    expect(de.willCancel(1)).toBe('Ihr Platz in 1 kommenden Termin wird freigegeben; der Coach wird benachrichtigt.');
    expect(de.willCancel(2)).toBe('Ihre Plätze in 2 kommenden Terminen werden freigegeben; die Coaches werden benachrichtigt.');
    const en = await translator('en');
    expect(en.willCancel(1)).toBe('Your seat in 1 session still to come is given up; its coach is told.');
  });
});
