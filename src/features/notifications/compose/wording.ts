// Every sentence Quartet's mails say, in English and German. Names, titles and places are passed
// in as plain text; the layout escapes them for HTML.
import type { Locale } from '../../../db/schema.ts';
import type { SessionChange } from '../outbox/queries.ts';

export interface Wording {
  greeting(name: string): string;
  footer(org: string): string;
  labels: { module: string; when: string; where: string; online: string; coach: string; note: string; details: string; category: string; area: string };
  inRoom(room: string, site: string): string;
  /** A session's calendar entry: its title, and who coaches it. */
  calendarSummary(title: string): string;
  calendarCoach(name: string): string;
  openSession: string;
  mySessions: string;

  confirmedSubject(title: string, when: string): string;
  confirmedBody: string;
  fromWaitingListSubject(title: string, when: string): string;
  fromWaitingListBody: string;
  cancelUntil(minutes: number): string;

  rosterSubject(title: string, when: string, taken: number, capacity: number): string;
  rosterBody: string;
  joined(name: string): string;
  left(name: string): string;
  participantsHeading(taken: number, capacity: number): string;
  noParticipants: string;

  reminderSubject(title: string, when: string): string;
  reminderBody: string;
  reminderCoachBody: string;
  questionForGroup(question: string): string;
  questionForCoach(question: string): string;

  cancelledSubject(title: string, when: string): string;
  cancelledByYou: string;
  cancelledByAdmin: string;
  findAnother: string;

  movedSubject(title: string, when: string): string;
  movedBody(fromWhen: string): string;

  changedSubject(title: string, when: string): string;
  changedBody(changes: SessionChange[]): string;
  overlapHeading: string;

  coachAssignedSubject(title: string, when: string): string;
  coachAssignedBody: string;
  coachRemovedSubject(title: string, when: string): string;
  coachRemovedBody: string;

  sessionCancelledSubject(title: string, when: string): string;
  sessionCancelledBody: string;
  sessionCancelledCoachBody: string;
  reason(text: string): string;
  alternativesHeading: string;
  noAlternatives: string;
  seatsLeft(n: number): string;
  virtual: string;

  absentSubject(coach: string, sessions: number): string;
  absentBody(coach: string, firstDay: string, lastDay: string): string;
  absentSessionsHeading: string;
  absentButton: string;

  assignedSubject(title: string): string;
  assignedBody: string;
  assignedButton: string;

  webhookDisabledSubject: string;
  webhookDisabledBody(failures: number): string;
  webhookDisabledButton: string;

  loginSubject: string;
  loginBody(org: string, minutes: number): string;
  loginButton: string;
  loginIgnore: string;
}

const EN_CHANGES: Record<SessionChange, string> = {
  time: 'the time', place: 'the place', link: 'the meeting link', note: 'the note on the place',
  format: 'in person or online', language: 'the language', coach: 'the coach',
};
const DE_CHANGES: Record<SessionChange, string> = {
  time: 'die Zeit', place: 'der Ort', link: 'der Link zum Treffen', note: 'der Hinweis zum Ort',
  format: 'vor Ort oder online', language: 'die Sprache', coach: 'der Coach',
};

const list = (items: string[], and: string) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`;

const EN: Wording = {
  greeting: (name) => `Hello ${name},`,
  footer: (org) => `Quartet · Peer-to-Peer Learning at ${org}. This message was sent automatically; replies are not read.`,
  labels: { module: 'Module', when: 'When', where: 'Where', online: 'Online', coach: 'Coach', note: 'Note', details: 'Details', category: 'Category', area: 'Department or area' },
  inRoom: (room, site) => `${room}, ${site}`,
  calendarSummary: (title) => `Quartet: ${title}`,
  calendarCoach: (name) => `Coach: ${name}`,
  openSession: 'Open the session',
  mySessions: 'My sessions',

  confirmedSubject: (title, when) => `Seat confirmed: ${title}, ${when}`,
  confirmedBody: 'your seat in this Peer-to-Peer Learning session is confirmed. The calendar invitation is attached.',
  fromWaitingListSubject: (title, when) => `Seat from the waiting list: ${title}, ${when}`,
  fromWaitingListBody: 'a seat became free in this Peer-to-Peer Learning session, and you had your place on its waiting list: the seat is yours now. The calendar invitation is attached.',
  cancelUntil: (minutes) => `If you cannot come, please give your seat back until ${formatLead(minutes, 'en')} before the start, so a colleague can take it.`,

  rosterSubject: (title, when, taken, capacity) => `Your group for ${title}, ${when}: ${taken} of ${capacity} seats taken`,
  rosterBody: 'the group of a session you coach has changed.',
  joined: (name) => `${name} took a seat.`,
  left: (name) => `${name} gave their seat back; it is open again.`,
  participantsHeading: (taken, capacity) => `Participants (${taken} of ${capacity} seats taken)`,
  noParticipants: 'Nobody holds a seat at the moment.',

  reminderSubject: (title, when) => `Reminder: ${title}, ${when}`,
  reminderBody: 'a reminder that your Peer-to-Peer Learning session is coming up.',
  reminderCoachBody: 'a reminder that the session you coach is coming up.',
  questionForGroup: (q) => `At the end, your group answers one question together: “${q}” Your ideas go to the people who can act on them.`,
  questionForCoach: (q) => `At the end, ask the group: “${q}” Record its suggestions on the session page afterwards.`,

  cancelledSubject: (title, when) => `Seat cancelled: ${title}, ${when}`,
  cancelledByYou: 'your seat has been cancelled as you asked, and the calendar entry is withdrawn.',
  cancelledByAdmin: 'an administrator of your programme has cancelled your seat; the calendar entry is withdrawn.',
  findAnother: 'Find another session',

  movedSubject: (title, when) => `Seat moved: ${title}, now ${when}`,
  movedBody: (fromWhen) => `your seat has moved from the session on ${fromWhen} to the one below. The calendar entry of the old session is withdrawn and the new invitation is attached.`,

  changedSubject: (title, when) => `Session changed: ${title}, ${when}`,
  changedBody: (changes) => `the session you booked has changed (${list(changes.map((c) => EN_CHANGES[c]), 'and')}). Your calendar entry is updated; here is how it stands now.`,

  overlapHeading: 'At its new time it overlaps another session you hold a seat in; please give one of the two seats back:',

  coachAssignedSubject: (title, when) => `You now coach: ${title}, ${when}`,
  coachAssignedBody: 'an administrator has handed this session to you. Here is the group.',
  coachRemovedSubject: (title, when) => `Handed to another coach: ${title}, ${when}`,
  coachRemovedBody: 'this session has been handed to another coach; you no longer run it.',

  sessionCancelledSubject: (title, when) => `Session cancelled: ${title}, ${when}`,
  sessionCancelledBody: 'the session you booked has been cancelled, and its calendar entry is withdrawn.',
  sessionCancelledCoachBody: 'a session you coach has been cancelled by an administrator.',
  reason: (text) => `Reason: ${text}`,
  alternativesHeading: 'Other sessions of this module with free seats:',
  noAlternatives: 'No other session of this module has free seats right now; new ones are published regularly.',
  seatsLeft: (n) => (n === 1 ? '1 seat left' : `${n} seats left`),
  virtual: 'online',

  absentSubject: (coach, n) => `Coach away: ${coach}, ${n === 1 ? '1 session needs' : `${n} sessions need`} a new coach`,
  absentBody: (coach, first, last) => `${coach} has reported being away from ${first} to ${last}. Please hand these sessions to another coach, or cancel them; their participants hear of either.`,
  absentSessionsHeading: 'Sessions without a coach:',
  absentButton: 'Reassign or cancel',
  assignedSubject: (title) => `A suggestion for you: “${title}”`,
  assignedBody: "an admin has asked you to take care of this suggestion of a learning group. Set its status and answer the group on the board; the group reads your response.",
  assignedButton: 'Open it on the board',
  webhookDisabledSubject: 'A webhook was turned off after repeated failures',
  webhookDisabledBody: (n) => `Quartet has turned off this webhook endpoint: ${n} deliveries in a row failed every attempt. Nothing more is sent to it until an admin turns it on again. The delivery log shows what the endpoint answered.`,
  webhookDisabledButton: 'Open the webhooks',

  loginSubject: 'Your Quartet sign-in link',
  loginBody: (org, minutes) => `here is your link to sign in to Quartet at ${org}. It works once, for ${minutes} minutes.`,
  loginButton: 'Sign in to Quartet',
  loginIgnore: 'If you did not ask for this link, ignore this mail; nobody can sign in without it.',
};

const DE: Wording = {
  greeting: (name) => `Hallo ${name},`,
  footer: (org) => `Quartet · Peer-to-Peer Learning bei ${org}. Diese Nachricht wurde automatisch versandt; Antworten werden nicht gelesen.`,
  labels: { module: 'Modul', when: 'Wann', where: 'Wo', online: 'Online', coach: 'Coach', note: 'Hinweis', details: 'Details', category: 'Kategorie', area: 'Abteilung oder Bereich' },
  inRoom: (room, site) => `${room}, ${site}`,
  calendarSummary: (title) => `Quartet-Termin: ${title}`,
  calendarCoach: (name) => `Begleitet von ${name}`,
  openSession: 'Termin öffnen',
  mySessions: 'Meine Termine',

  confirmedSubject: (title, when) => `Platz bestätigt: ${title}, ${when}`,
  confirmedBody: 'Ihr Platz in diesem Peer-to-Peer-Learning-Termin ist bestätigt. Die Kalendereinladung ist beigefügt.',
  fromWaitingListSubject: (title, when) => `Platz von der Warteliste: ${title}, ${when}`,
  fromWaitingListBody: 'in diesem Peer-to-Peer-Learning-Termin ist ein Platz frei geworden, und Sie standen auf seiner Warteliste: Der Platz gehört jetzt Ihnen. Die Kalendereinladung ist beigefügt.',
  cancelUntil: (minutes) => `Wenn Sie nicht kommen können, geben Sie Ihren Platz bitte bis ${formatLead(minutes, 'de')} vor Beginn zurück, damit ihn jemand anderes nehmen kann.`,

  rosterSubject: (title, when, taken, capacity) => `Ihre Gruppe für ${title}, ${when}: ${taken} von ${capacity} Plätzen belegt`,
  rosterBody: 'die Gruppe eines Termins, den Sie begleiten, hat sich geändert.',
  joined: (name) => `${name} hat einen Platz genommen.`,
  left: (name) => `${name} hat den Platz zurückgegeben; er ist wieder frei.`,
  participantsHeading: (taken, capacity) => `Teilnehmende (${taken} von ${capacity} Plätzen belegt)`,
  noParticipants: 'Zurzeit hat niemand einen Platz.',

  reminderSubject: (title, when) => `Erinnerung: ${title}, ${when}`,
  reminderBody: 'eine Erinnerung: Ihr Peer-to-Peer-Learning-Termin steht bevor.',
  reminderCoachBody: 'eine Erinnerung: Der Termin, den Sie begleiten, steht bevor.',
  questionForGroup: (q) => `Zum Schluss beantwortet Ihre Gruppe gemeinsam eine Frage: „${q}“ Ihre Ideen gehen an die, die etwas bewegen können.`,
  questionForCoach: (q) => `Fragen Sie die Gruppe zum Schluss: „${q}“ Erfassen Sie ihre Vorschläge danach auf der Seite des Termins.`,

  cancelledSubject: (title, when) => `Platz storniert: ${title}, ${when}`,
  cancelledByYou: 'Ihr Platz wurde wie gewünscht storniert, und der Kalendereintrag wird entfernt.',
  cancelledByAdmin: 'eine Administratorin oder ein Administrator Ihres Programms hat Ihren Platz storniert; der Kalendereintrag wird entfernt.',
  findAnother: 'Einen anderen Termin finden',

  movedSubject: (title, when) => `Platz verlegt: ${title}, jetzt ${when}`,
  movedBody: (fromWhen) => `Ihr Platz wurde von dem Termin am ${fromWhen} in den unten genannten verlegt. Der Kalendereintrag des alten Termins wird entfernt, die neue Einladung ist beigefügt.`,

  changedSubject: (title, when) => `Termin geändert: ${title}, ${when}`,
  changedBody: (changes) => `an Ihrem gebuchten Termin hat sich etwas geändert (${list(changes.map((c) => DE_CHANGES[c]), 'und')}). Ihr Kalendereintrag wird aktualisiert; so sieht es jetzt aus.`,

  overlapHeading: 'Zur neuen Zeit überschneidet er sich mit einem anderen Termin, in dem Sie einen Platz haben; bitte geben Sie einen der beiden Plätze zurück:',

  coachAssignedSubject: (title, when) => `Sie begleiten jetzt: ${title}, ${when}`,
  coachAssignedBody: 'eine Administratorin oder ein Administrator hat Ihnen diesen Termin übertragen. Hier ist die Gruppe.',
  coachRemovedSubject: (title, when) => `An einen anderen Coach übergeben: ${title}, ${when}`,
  coachRemovedBody: 'dieser Termin wurde an einen anderen Coach übergeben; Sie begleiten ihn nicht mehr.',

  sessionCancelledSubject: (title, when) => `Termin abgesagt: ${title}, ${when}`,
  sessionCancelledBody: 'der Termin, den Sie gebucht haben, wurde abgesagt; der Kalendereintrag wird entfernt.',
  sessionCancelledCoachBody: 'ein Termin, den Sie begleiten, wurde von der Administration abgesagt.',
  reason: (text) => `Grund: ${text}`,
  alternativesHeading: 'Andere Termine dieses Moduls mit freien Plätzen:',
  noAlternatives: 'Zurzeit hat kein anderer Termin dieses Moduls freie Plätze; neue Termine werden regelmäßig veröffentlicht.',
  seatsLeft: (n) => (n === 1 ? '1 Platz frei' : `${n} Plätze frei`),
  virtual: 'online',

  absentSubject: (coach, n) => `Coach abwesend: ${coach}, ${n === 1 ? '1 Termin braucht' : `${n} Termine brauchen`} einen neuen Coach`,
  absentBody: (coach, first, last) => `${coach} hat eine Abwesenheit von ${first} bis ${last} gemeldet. Bitte übertragen Sie diese Termine einem anderen Coach oder sagen Sie sie ab; die Teilnehmenden werden in beiden Fällen benachrichtigt.`,
  absentSessionsHeading: 'Termine ohne Coach:',
  absentButton: 'Neu zuweisen oder absagen',
  assignedSubject: (title) => `Ein Vorschlag für Sie: „${title}“`,
  assignedBody: 'eine Administratorin oder ein Administrator bittet Sie, sich um diesen Vorschlag einer Lerngruppe zu kümmern. Setzen Sie im Board den Status und antworten Sie der Gruppe; sie liest Ihre Antwort.',
  assignedButton: 'Im Board öffnen',
  webhookDisabledSubject: 'Ein Webhook wurde nach wiederholten Fehlern abgeschaltet',
  webhookDisabledBody: (n) => `Quartet hat diesen Webhook-Endpunkt abgeschaltet: ${n} Zustellungen in Folge sind bei jedem Versuch gescheitert. Bis eine Administratorin oder ein Administrator ihn wieder einschaltet, wird nichts mehr an ihn gesendet. Im Zustellprotokoll steht, was der Endpunkt geantwortet hat.`,
  webhookDisabledButton: 'Webhooks öffnen',

  loginSubject: 'Ihr Anmeldelink für Quartet',
  loginBody: (org, minutes) => `hier ist Ihr Link zur Anmeldung bei Quartet (${org}). Er gilt einmal und ${minutes} Minuten lang.`,
  loginButton: 'Bei Quartet anmelden',
  loginIgnore: 'Wenn Sie diesen Link nicht angefordert haben, ignorieren Sie diese E-Mail; ohne ihn kann sich niemand anmelden.',
};

const UNITS: Record<Locale, Record<'days' | 'hours' | 'minutes', [one: string, other: string]>> = {
  en: { days: ['day', 'days'], hours: ['hour', 'hours'], minutes: ['minute', 'minutes'] },
  de: { days: ['Tag', 'Tage'], hours: ['Stunde', 'Stunden'], minutes: ['Minute', 'Minuten'] },
};

// Whole days or hours where the minutes divide evenly; the pages say a cut-off the same way
// (web/app/lead.ts), so a page and a mail never give one cut-off two ways.
function leadUnit(minutes: number): [count: number, unit: 'days' | 'hours' | 'minutes'] {
  if (minutes > 0 && minutes % 1440 === 0) return [minutes / 1440, 'days'];
  if (minutes > 0 && minutes % 60 === 0) return [minutes / 60, 'hours'];
  return [minutes, 'minutes'];
}

function formatLead(minutes: number, locale: Locale): string {
  const [count, unit] = leadUnit(minutes);
  const [one, other] = UNITS[locale][unit];
  return `${count} ${count === 1 ? one : other}`;
}

export function wording(locale: Locale): Wording {
  return locale === 'de' ? DE : EN;
}
