// Texts every page carries: the footer's link and the short notice at first sign-in (loaded with
// the frame, so kept short; the full notice's texts load with its page).
export const privacyFooterEn = {
  privacyNotice: {
    footerLink: 'Privacy',
    promptTitle: 'Your data in Quartet',
    promptTitleChanged: 'The privacy notice has changed',
    promptChanged: 'Your organisation has updated its privacy notice. In short:',
    promptKeeps: 'Quartet keeps what the programme needs: your profile, your bookings and attendance, and the ratings you choose to give.',
    promptHidden: 'Who else holds a seat stays hidden unless your organisation chooses to show it, and no figure is shown about fewer than {{minimum}} people.',
    promptRights: 'On your profile you can download everything Quartet holds about you, or erase your account.',
    promptController: 'Responsible for your data: {{controller}}. Questions: {{email}}.',
    promptReadMore: 'Read the full privacy notice',
    promptOk: 'OK',
    promptLater: 'Not now',
    promptHint: '“Not now” hides this until you next open Quartet; OK records that you have read it.',
  },
};

export const privacyFooterDe: typeof privacyFooterEn = {
  privacyNotice: {
    footerLink: 'Datenschutz',
    promptTitle: 'Ihre Daten in Quartet',
    promptTitleChanged: 'Der Datenschutzhinweis hat sich geändert',
    promptChanged: 'Ihre Organisation hat ihren Datenschutzhinweis aktualisiert. Kurz gesagt:',
    promptKeeps: 'Quartet speichert, was das Programm braucht: Ihr Profil, Ihre Buchungen und Teilnahmen und die Bewertungen, die Sie abgeben möchten.',
    promptHidden: 'Wer sonst noch einen Platz hat, bleibt verborgen, sofern Ihre Organisation es nicht anzeigen lässt, und keine Zahl beruht auf weniger als {{minimum}} Personen.',
    promptRights: 'In Ihrem Profil können Sie alles herunterladen, was Quartet über Sie speichert, oder Ihr Konto löschen.',
    promptController: 'Verantwortlich für Ihre Daten: {{controller}}. Fragen: {{email}}.',
    promptReadMore: 'Den vollständigen Datenschutzhinweis lesen',
    promptOk: 'OK',
    promptLater: 'Später',
    promptHint: '„Später“ blendet dies aus, bis Sie Quartet das nächste Mal öffnen; OK hält fest, dass Sie es gelesen haben.',
  },
};
