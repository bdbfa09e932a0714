// summary.html: the readable half of a person's export, in their language. For each section of
// data.json: what it is, how many entries it holds and where it came from; then the person's rights
// and whom to ask. A static page with no script and no outside resource, so it opens anywhere.
import type { Locale } from '../../db/schema.ts';
import { escapeHtml } from '../../lib/html.ts';
import type { DataExportDocument } from './presenters.ts';

type Section = Exclude<keyof DataExportDocument, 'format' | 'version' | 'exportedAt' | 'requestId' | 'organisation'>;

interface SummaryTexts {
  title: string;
  intro(org: string, at: string): string;
  files: string;
  sectionHeading: string;
  entries: string;
  whatColumn: string;
  sourceColumn: string;
  sections: Record<Section, { name: string; what: string; source: string }>;
  othersHeading: string;
  others: string;
  rightsHeading: string;
  rights: string[];
  askHeading: string;
  ask(org: string): string;
}

const EN: SummaryTexts = {
  title: 'Your data in Quartet',
  intro: (org, at) => `This is everything Quartet, the Peer-to-Peer Learning programme of ${org}, held about you on ${at}. data.json beside this page holds the same in a machine-readable form (JSON, described by its "format" and "version" fields) that you may take to another service.`,
  files: 'Files: data.json (all data, machine-readable), summary.html (this page).',
  sectionHeading: 'What the export holds',
  entries: 'Entries',
  whatColumn: 'What it is',
  sourceColumn: 'Where it came from',
  sections: {
    profile: { name: 'Profile', what: 'Your name, address, department, site, time zone, language, roles and settings, since when you left (if you did), and which privacy notice you were shown when.', source: 'Your organisation’s people list or single sign-on, and your own changes on your profile.' },
    bookings: { name: 'Bookings', what: 'Every seat you took, with the session’s module, time and place; given up, moved, attended or missed.', source: 'Your sign-ups, and changes by your coach or admins.' },
    waitingLists: { name: 'Waiting lists', what: 'Full sessions you joined the waiting list of, with the session’s module, time and place: still waiting, offered a seat, given one, or ended.', source: 'You, and Quartet as seats were freed.' },
    attendance: { name: 'Attendance', what: 'Whether you attended the sessions that took place.', source: 'Recorded by the session’s coach or an admin.' },
    sessionsCoached: { name: 'Sessions you coached or published', what: 'Sessions you led or published, with how many seats were taken, and for those you led how many were attended. Participants are not named: they are other people’s data.', source: 'Your publishing and coaching.' },
    coachAbsences: { name: 'Absences', what: 'Days you reported being away as a coach.', source: 'You.' },
    ratingsGiven: { name: 'Ratings you gave', what: 'Your ratings of sessions, with your comments.', source: 'You, on the session’s page or by the rating mail.' },
    suggestionsTyped: { name: 'Suggestions you typed', what: 'Improvement suggestions you recorded or changed for your group, with what they say now and their status.', source: 'The audit log, the only record of who typed a suggestion.' },
    suggestionSupports: { name: 'Suggestions you supported', what: 'Ideas on the open board you supported.', source: 'You.' },
    boardNotes: { name: 'Notes on the suggestion board', what: 'Internal notes you wrote on suggestions.', source: 'You, as an admin or suggestion owner.' },
    suggestionsAssignedToYou: { name: 'Suggestions assigned to you', what: 'Suggestions you are the owner of.', source: 'Admins of your programme.' },
    suggestionOwnerAppointment: { name: 'Suggestion owner', what: 'The categories and areas you look after as a suggestion owner.', source: 'Admins of your programme.' },
    encounters: { name: 'Colleagues met', what: 'How many colleagues, from how many departments, you took part in sessions with, and how often. Counts only: who they are is their data.', source: 'Counted from the sessions that took place.' },
    signIns: { name: 'Sign-ins', what: 'Your sign-in sessions (when, last seen, ended) and each sign-in with its address and method.', source: 'Quartet, as you signed in.' },
    loginLinks: { name: 'Log-in links', what: 'When log-in links were made for you and used. The links themselves are never kept.', source: 'Your requests on the sign-in page.' },
    ratingLinks: { name: 'Rating links', what: 'When the links in the "rate this session" mails were made and until when they worked. The links themselves are never kept.', source: 'Quartet, the day after your sessions.' },
    mails: { name: 'Mails to you', what: 'Every mail Quartet sent or meant to send you: its kind, when, and whether it was sent.', source: 'Quartet, from the changes that concern you.' },
    auditEntries: { name: 'Audit log', what: 'What you did that is recorded for accountability, and what was done about you (by whom is left out where it is another person).', source: 'Quartet’s audit log.' },
    cohortMemberships: { name: 'Cohorts', what: 'Cohorts you belong to, with your group in each round.', source: 'Admins or coaches who formed the cohort.' },
    cohortsMade: { name: 'Cohorts you formed', what: 'Cohorts you made or published.', source: 'You.' },
    dataExports: { name: 'Data exports', what: 'Your requests for a copy of your data, this one included.', source: 'You.' },
    apiTokens: { name: 'Integration tokens', what: 'Tokens you made as an admin: names, scopes and use. The tokens themselves are never kept.', source: 'You.' },
    idempotencyKeys: { name: 'Repeated requests', what: 'Keys your browser sent with seat changes, so that a repeated request changes nothing twice.', source: 'Your browser.' },
    webhookEvents: { name: 'Events sent to your organisation’s systems', what: 'Events about you (such as a booking) that your organisation’s connected systems received.', source: 'Webhooks your admins set up.' },
    webhookEndpoints: { name: 'Webhooks you set up', what: 'Addresses you set up, as an admin, to receive events.', source: 'You.' },
    otherRecords: { name: 'Other records', what: 'Further records about you from newer parts of Quartet, by table.', source: 'Quartet.' },
  },
  othersHeading: 'What is not in it',
  others: 'Other people’s names, addresses and details, secrets (sign-in tokens, links, passwords of integrations) and their hashes. Where another person appears in a record, it says "(another person)".',
  rightsHeading: 'Your rights',
  rights: [
    'Correct your data: your name, department, time zone and language on your profile; anything else through your admins (Art. 16 GDPR).',
    'Have your data erased, or its use restricted, and object to its use (Art. 17, 18, 21 GDPR).',
    'Take this copy to another service (Art. 20 GDPR), and ask for a new copy at any time (Art. 15 GDPR).',
    'Complain to a data-protection supervisory authority (Art. 77 GDPR).',
  ],
  askHeading: 'Whom to ask',
  ask: (org) => `${org} is responsible for your data in Quartet. Ask your programme’s admins or your organisation’s data-protection officer; their contact is in the privacy notice at the foot of every Quartet page.`,
};

const DE: SummaryTexts = {
  title: 'Ihre Daten in Quartet',
  intro: (org, at) => `Dies ist alles, was Quartet, das Peer-to-Peer-Learning-Programm von ${org}, am ${at} über Sie gespeichert hatte. data.json neben dieser Seite enthält dasselbe maschinenlesbar (JSON, beschrieben durch die Felder „format“ und „version“), das Sie zu einem anderen Dienst mitnehmen können.`,
  files: 'Dateien: data.json (alle Daten, maschinenlesbar), summary.html (diese Seite).',
  sectionHeading: 'Was der Export enthält',
  entries: 'Einträge',
  whatColumn: 'Was es ist',
  sourceColumn: 'Woher es stammt',
  sections: {
    profile: { name: 'Profil', what: 'Ihr Name, Ihre Adresse, Abteilung, Standort, Zeitzone, Sprache, Rollen und Einstellungen, seit wann Sie ausgeschieden sind (falls ja) und welche Datenschutzhinweise Ihnen wann gezeigt wurden.', source: 'Die Personenliste Ihrer Organisation oder das Single Sign-on und Ihre eigenen Änderungen im Profil.' },
    bookings: { name: 'Buchungen', what: 'Jeder Platz, den Sie gebucht haben, mit Modul, Zeit und Ort des Termins; zurückgegeben, verschoben, teilgenommen oder verpasst.', source: 'Ihre Anmeldungen und Änderungen durch Ihren Coach oder die Administration.' },
    waitingLists: { name: 'Wartelisten', what: 'Ausgebuchte Termine, auf deren Warteliste Sie sich eingetragen haben, mit Modul, Zeit und Ort des Termins: noch wartend, Platz angeboten, Platz erhalten oder beendet.', source: 'Sie, und Quartet, als Plätze frei wurden.' },
    attendance: { name: 'Teilnahme', what: 'Ob Sie an den stattgefundenen Terminen teilgenommen haben.', source: 'Erfasst vom Coach des Termins oder der Administration.' },
    sessionsCoached: { name: 'Termine, die Sie geleitet oder veröffentlicht haben', what: 'Termine, die Sie geleitet oder veröffentlicht haben, mit der Zahl der gebuchten Plätze und, für die von Ihnen geleiteten, der wahrgenommenen. Teilnehmende werden nicht genannt: Das sind Daten anderer.', source: 'Ihre Veröffentlichungen und Ihre Arbeit als Coach.' },
    coachAbsences: { name: 'Abwesenheiten', what: 'Tage, an denen Sie sich als Coach abwesend gemeldet haben.', source: 'Sie.' },
    ratingsGiven: { name: 'Ihre Bewertungen', what: 'Ihre Bewertungen von Terminen mit Ihren Kommentaren.', source: 'Sie, auf der Seite des Termins oder über die Bewertungsmail.' },
    suggestionsTyped: { name: 'Von Ihnen erfasste Vorschläge', what: 'Verbesserungsvorschläge, die Sie für Ihre Gruppe erfasst oder geändert haben, mit ihrem heutigen Text und Status.', source: 'Das Audit-Protokoll, die einzige Aufzeichnung, wer einen Vorschlag getippt hat.' },
    suggestionSupports: { name: 'Unterstützte Vorschläge', what: 'Ideen am offenen Board, die Sie unterstützt haben.', source: 'Sie.' },
    boardNotes: { name: 'Notizen am Vorschlags-Board', what: 'Interne Notizen, die Sie zu Vorschlägen geschrieben haben.', source: 'Sie, als Administration oder Verantwortliche(r) für Vorschläge.' },
    suggestionsAssignedToYou: { name: 'Ihnen zugewiesene Vorschläge', what: 'Vorschläge, für die Sie verantwortlich sind.', source: 'Die Administration Ihres Programms.' },
    suggestionOwnerAppointment: { name: 'Verantwortung für Vorschläge', what: 'Die Kategorien und Bereiche, für die Sie Vorschläge betreuen.', source: 'Die Administration Ihres Programms.' },
    encounters: { name: 'Getroffene Kolleginnen und Kollegen', what: 'Mit wie vielen Kolleginnen und Kollegen aus wie vielen Abteilungen Sie an Terminen teilgenommen haben, und wie oft. Nur Zahlen: Wer sie sind, sind ihre Daten.', source: 'Gezählt aus den stattgefundenen Terminen.' },
    signIns: { name: 'Anmeldungen', what: 'Ihre Anmeldesitzungen (wann, zuletzt gesehen, beendet) und jede Anmeldung mit Adresse und Verfahren.', source: 'Quartet, bei Ihrer Anmeldung.' },
    loginLinks: { name: 'Anmeldelinks', what: 'Wann Anmeldelinks für Sie erstellt und benutzt wurden. Die Links selbst werden nie gespeichert.', source: 'Ihre Anfragen auf der Anmeldeseite.' },
    ratingLinks: { name: 'Bewertungslinks', what: 'Wann die Links der Bewertungsmails erstellt wurden und bis wann sie galten. Die Links selbst werden nie gespeichert.', source: 'Quartet, am Tag nach Ihren Terminen.' },
    mails: { name: 'Mails an Sie', what: 'Jede Mail, die Quartet Ihnen geschickt hat oder schicken wollte: Art, Zeitpunkt und ob sie versandt wurde.', source: 'Quartet, aus den Änderungen, die Sie betreffen.' },
    auditEntries: { name: 'Audit-Protokoll', what: 'Was Sie getan haben und zur Nachvollziehbarkeit protokolliert ist, und was Sie betreffend getan wurde (von wem, bleibt offen, wo es eine andere Person war).', source: 'Das Audit-Protokoll von Quartet.' },
    cohortMemberships: { name: 'Kohorten', what: 'Kohorten, zu denen Sie gehören, mit Ihrer Gruppe in jeder Runde.', source: 'Administration oder Coaches, die die Kohorte gebildet haben.' },
    cohortsMade: { name: 'Von Ihnen gebildete Kohorten', what: 'Kohorten, die Sie angelegt oder veröffentlicht haben.', source: 'Sie.' },
    dataExports: { name: 'Datenexporte', what: 'Ihre Anforderungen einer Kopie Ihrer Daten, diese eingeschlossen.', source: 'Sie.' },
    apiTokens: { name: 'Integrations-Tokens', what: 'Tokens, die Sie als Administration erstellt haben: Namen, Berechtigungen und Nutzung. Die Tokens selbst werden nie gespeichert.', source: 'Sie.' },
    idempotencyKeys: { name: 'Wiederholte Anfragen', what: 'Schlüssel, die Ihr Browser bei Platzänderungen mitschickte, damit eine wiederholte Anfrage nichts doppelt ändert.', source: 'Ihr Browser.' },
    webhookEvents: { name: 'An Systeme Ihrer Organisation gesendete Ereignisse', what: 'Ereignisse über Sie (etwa eine Buchung), die angebundene Systeme Ihrer Organisation erhalten haben.', source: 'Von Ihrer Administration eingerichtete Webhooks.' },
    webhookEndpoints: { name: 'Von Ihnen eingerichtete Webhooks', what: 'Adressen, die Sie als Administration für Ereignisse eingerichtet haben.', source: 'Sie.' },
    otherRecords: { name: 'Weitere Aufzeichnungen', what: 'Weitere Aufzeichnungen über Sie aus neueren Teilen von Quartet, nach Tabelle.', source: 'Quartet.' },
  },
  othersHeading: 'Was nicht enthalten ist',
  others: 'Namen, Adressen und Angaben anderer Personen, Geheimnisse (Anmelde-Tokens, Links, Passwörter von Integrationen) und ihre Hashes. Wo eine andere Person in einem Eintrag vorkommt, steht „(another person)“.',
  rightsHeading: 'Ihre Rechte',
  rights: [
    'Ihre Daten berichtigen: Name, Abteilung, Zeitzone und Sprache in Ihrem Profil, alles andere über die Administration (Art. 16 DSGVO).',
    'Ihre Daten löschen oder ihre Verarbeitung einschränken lassen und der Verarbeitung widersprechen (Art. 17, 18, 21 DSGVO).',
    'Diese Kopie zu einem anderen Dienst mitnehmen (Art. 20 DSGVO) und jederzeit eine neue Kopie anfordern (Art. 15 DSGVO).',
    'Sich bei einer Datenschutz-Aufsichtsbehörde beschweren (Art. 77 DSGVO).',
  ],
  askHeading: 'An wen Sie sich wenden',
  ask: (org) => `${org} ist für Ihre Daten in Quartet verantwortlich. Wenden Sie sich an die Administration Ihres Programms oder an die Datenschutzbeauftragten Ihrer Organisation; die Kontaktdaten stehen in den Datenschutzhinweisen am Fuß jeder Quartet-Seite.`,
};

export const SUMMARY_TEXTS: Record<Locale, SummaryTexts> = { en: EN, de: DE };

function countOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value === null || value === undefined) return 0;
  if (typeof value === 'object') {
    const entries = Object.values(value as Record<string, unknown>);
    // A group of lists (sign-ins, other records) counts their entries; a single record counts one.
    return entries.every(Array.isArray) ? entries.reduce<number>((n, list) => n + (list as unknown[]).length, 0) : 1;
  }
  return 1;
}

/** The page, complete and escaped; `at` is the export's moment as the reader reads dates. */
export function summaryHtml(doc: DataExportDocument, locale: Locale, at: string): string {
  const w = SUMMARY_TEXTS[locale];
  const e = escapeHtml;
  const org = doc.organisation.name;
  const rows = (Object.keys(w.sections) as Section[]).map((key) => {
    const s = w.sections[key];
    const count = key === 'encounters' ? Number((doc.encounters as { people?: number } | null)?.people ?? 0) : countOf(doc[key]);
    return `<tr><th scope="row">${e(s.name)}<br><code>${e(key)}</code></th><td>${count}</td><td>${e(s.what)}</td><td>${e(s.source)}</td></tr>`;
  });
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(w.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}code{font-size:.85em;color:#555}</style>
</head>
<body>
<h1>${e(w.title)}</h1>
<p>${e(w.intro(org, at))}</p>
<p>${e(w.files)}</p>
<h2>${e(w.sectionHeading)}</h2>
<table><thead><tr><th scope="col"></th><th scope="col">${e(w.entries)}</th><th scope="col">${e(w.whatColumn)}</th><th scope="col">${e(w.sourceColumn)}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
<h2>${e(w.othersHeading)}</h2>
<p>${e(w.others)}</p>
<h2>${e(w.rightsHeading)}</h2>
<ul>${w.rights.map((r) => `<li>${e(r)}</li>`).join('')}</ul>
<h2>${e(w.askHeading)}</h2>
<p>${e(w.ask(org))}</p>
</body>
</html>
`;
}
