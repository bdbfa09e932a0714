// The notice's retention periods come from the organisation's settings, and some may be set as low as
// one (a departed person erased after 1 month, the audit log kept 1 year): each period takes its own
// singular or plural, in English and German.
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { privacyNoticeDe, privacyNoticeEn } from './privacy-notice-texts.ts';

async function translator(lng: 'en' | 'de') {
  const i18n = createInstance();
  await i18n.init({ lng, resources: { en: { translation: privacyNoticeEn }, de: { translation: privacyNoticeDe } }, interpolation: { escapeValue: false } });
  return (key: string, count: number) => i18n.t(`privacyNotice.${key}`, { count });
}

describe('how long the privacy notice says data is kept', () => {
  it('says one day, month or year in the singular', async () => {
    const en = await translator('en');
    expect(en('howLongMails', 1)).toBe('Records of the mails sent to you: 1 day.');
    expect(en('howLongBookings', 1)).toBe('Bookings and attendance: after 1 month they are kept only without your name, for figures.');
    expect(en('howLongRatings', 1)).toBe('Ratings: after 1 month the comment is removed and the rating kept without you.');
    expect(en('howLongAudit', 1)).toBe('Audit log entries: 1 year.');
    expect(en('howLongDeparted', 1)).toBe('When you leave (your account is deactivated): everything about you is erased after 1 month.');
    const de = await translator('de');
    expect(de('howLongMails', 1)).toBe('Protokolle der Mails an Sie: 1 Tag.');
    expect(de('howLongBookings', 1)).toBe('Buchungen und Teilnahmen: nach 1 Monat nur noch ohne Ihren Namen, für Zahlen.');
    expect(de('howLongAudit', 1)).toBe('Einträge im Audit-Protokoll: 1 Jahr.');
    expect(de('howLongDeparted', 1)).toBe('Wenn Sie ausscheiden (Ihr Konto wird deaktiviert): Alles über Sie wird nach 1 Monat gelöscht.');
  });

  it('says other periods in the plural', async () => {
    const en = await translator('en');
    expect(en('howLongAudit', 3)).toBe('Audit log entries: 3 years.');
    expect(en('howLongDeparted', 12)).toBe('When you leave (your account is deactivated): everything about you is erased after 12 months.');
    const de = await translator('de');
    expect(de('howLongMails', 90)).toBe('Protokolle der Mails an Sie: 90 Tage.');
    expect(de('howLongRatings', 24)).toBe('Bewertungen: nach 24 Monaten wird der Kommentar entfernt und die Bewertung ohne Bezug zu Ihnen behalten.');
  });
});
