// What the learning loop's mails say, in English and German: the weekly digest of outcomes, the
// owners' weekly digest, and the request to rate a session.
import type { Locale, SuggestionStatus } from '../../../db/schema.ts';

export interface LoopWording {
  status: Record<SuggestionStatus, string>;
  digestSubject(n: number): string;
  digestBody: string;
  digestItem(title: string, status: string, module: string, day: string): string;
  digestMerged: string;
  digestResponse(text: string): string;
  digestButton: string;
  digestOptOut(url: string): string;

  ownerSubject(n: number): string;
  ownerBody(assigned: number, unassigned: number): string;
  ownerAssignedHeading: string;
  ownerUnassignedHeading: string;
  /** `recorded`: the day the group recorded it (the board keeps no day a status was reached). */
  ownerItem(title: string, status: string, module: string, recorded: string): string;
  ownerButton: string;

  rateSubject(title: string, when: string): string;
  rateBody: string;
  rateOption(rating: number): string;
  rateAfter(days: number): string;
  rateAnonymous: string;
}

const EN: LoopWording = {
  status: { new: 'new', in_review: 'in review', planned: 'planned', done: 'done', declined: 'declined' },
  digestSubject: (n) => (n === 1 ? 'What became of a suggestion of your group' : `What became of ${n} suggestions of your groups`),
  digestBody: 'this week the organisation answered suggestions that your learning groups made:',
  digestItem: (title, status, module, day) => `“${title}” (${module}, ${day}): ${status}`,
  digestMerged: 'merged with a similar suggestion, which it follows',
  digestResponse: (text) => `The answer: ${text}`,
  digestButton: 'See all your groups’ suggestions',
  digestOptOut: (url) => `You get this at most once a week. To stop it, turn off the weekly digest on your profile: ${url}`,

  ownerSubject: (n) => (n === 1 ? '1 suggestion waits for you' : `${n} suggestions wait for you`),
  ownerBody: (assigned, unassigned) =>
    `this is what waits for you on the suggestion board: ${assigned} assigned to you and not yet done, ${unassigned} new in your categories and areas that nobody has taken yet.`,
  ownerAssignedHeading: 'Assigned to you:',
  ownerUnassignedHeading: 'New, not yet taken:',
  ownerItem: (title, status, module, recorded) => `“${title}” (${module}, recorded on ${recorded}): ${status}`,
  ownerButton: 'Open the board',

  rateSubject: (title, when) => `How was “${title}” (${when})?`,
  rateBody: 'thank you for taking part. How useful was the session for you? One click is enough:',
  rateOption: (rating) => ['', '1 – not useful', '2 – a little useful', '3 – useful', '4 – very useful', '5 – excellent'][rating] ?? String(rating),
  rateAfter: (days) => `You can add a comment after clicking, or rate later on “My sessions” (for ${days} days).`,
  rateAnonymous: 'Nobody sees who rated what: coaches and admins see only averages of at least five ratings.',
};

const DE: LoopWording = {
  status: { new: 'neu', in_review: 'in Prüfung', planned: 'geplant', done: 'umgesetzt', declined: 'abgelehnt' },
  digestSubject: (n) => (n === 1 ? 'Was aus einem Vorschlag Ihrer Gruppe wurde' : `Was aus ${n} Vorschlägen Ihrer Gruppen wurde`),
  digestBody: 'diese Woche hat die Organisation auf Vorschläge Ihrer Lerngruppen geantwortet:',
  digestItem: (title, status, module, day) => `„${title}“ (${module}, ${day}): ${status}`,
  digestMerged: 'mit einem ähnlichen Vorschlag zusammengeführt, dem er folgt',
  digestResponse: (text) => `Die Antwort: ${text}`,
  digestButton: 'Alle Vorschläge Ihrer Gruppen ansehen',
  digestOptOut: (url) => `Sie erhalten dies höchstens einmal pro Woche. Abbestellen können Sie die Wochenübersicht in Ihrem Profil: ${url}`,

  ownerSubject: (n) => (n === 1 ? '1 Vorschlag wartet auf Sie' : `${n} Vorschläge warten auf Sie`),
  ownerBody: (assigned, unassigned) =>
    `das wartet im Vorschlags-Board auf Sie: ${assigned} Ihnen zugewiesen und noch nicht umgesetzt, ${unassigned} neu in Ihren Kategorien und Bereichen, die noch niemand übernommen hat.`,
  ownerAssignedHeading: 'Ihnen zugewiesen:',
  ownerUnassignedHeading: 'Neu, noch nicht übernommen:',
  ownerItem: (title, status, module, recorded) => `„${title}“ (${module}, erfasst am ${recorded}): ${status}`,
  ownerButton: 'Board öffnen',

  rateSubject: (title, when) => `Wie war „${title}“ (${when})?`,
  rateBody: 'danke für Ihre Teilnahme. Wie nützlich war der Termin für Sie? Ein Klick genügt:',
  rateOption: (rating) => ['', '1 – nicht nützlich', '2 – etwas nützlich', '3 – nützlich', '4 – sehr nützlich', '5 – hervorragend'][rating] ?? String(rating),
  rateAfter: (days) => `Nach dem Klick können Sie einen Kommentar ergänzen, oder später unter „Meine Termine“ bewerten (${days} Tage lang).`,
  rateAnonymous: 'Niemand sieht, wer wie bewertet hat: Coaches und Admins sehen nur Durchschnitte aus mindestens fünf Bewertungen.',
};

export function loopWording(locale: Locale): LoopWording {
  return locale === 'de' ? DE : EN;
}
