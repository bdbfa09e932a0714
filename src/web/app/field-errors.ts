// The API names a field at fault with an English sentence (a 400's `fields`). Shown in German,
// the field gets its German name and the sentence its German version; one we have no words for
// falls back to "ist ungültig" rather than English in a German page.

const DE_FIELDS: Record<string, string> = {
  firstDay: 'Erster Tag', lastDay: 'Letzter Tag', timeZone: 'Zeitzone', tz: 'Zeitzone', defaultTimeZone: 'Standard-Zeitzone',
  startsAt: 'Beginn', roomId: 'Raum', onlineUrl: 'Link', coachId: 'Coach', roles: 'Rollen', name: 'Name', email: 'E-Mail-Adresse',
  capacity: 'Plätze', note: 'Hinweis', reason: 'Grund', moduleId: 'Modul', language: 'Sprache', department: 'Abteilung', site: 'Standort',
  'querystring.freeTo': 'Zeitraum', weeks: 'Abstand in Wochen', occurrences: 'Anzahl der Termine', title: 'Titel', code: 'Kürzel',
  summary: 'Beschreibung', durationMinutes: 'Dauer',
  body: 'Text', area: 'Bereich', response: 'Antwort', intoId: 'Vorschlag', categoryIds: 'Kategorien', categoryId: 'Kategorie',
  reflectionQuestionEn: 'Reflexionsfrage (Englisch)', reflectionQuestionDe: 'Reflexionsfrage (Deutsch)',
  url: 'Adresse (URL)', events: 'Ereignisse', description: 'Beschreibung',
  maxSessionsPerWeek: 'Höchstens pro Woche', coachesOnline: 'Online-Runden', sites: 'Standorte', moduleIds: 'Module', windows: 'Zeitfenster',
  personIds: 'Personen', coachIds: 'Coaches', roomIds: 'Räume', onlineUrls: 'Meeting-Links', rounds: 'Runden',
  firstStartsAt: 'Erste Runde', everyWeeks: 'Abstand in Wochen', personId: 'Person', swapWith: 'Tauschpartner', toGroup: 'Gruppe', round: 'Runde',
};

export const DE_MESSAGES: Record<string, string> = {
  'ends before it starts (a window across midnight is two windows)': 'endet vor seinem Beginn (ein Zeitfenster über Mitternacht sind zwei Zeitfenster)',
  'overlaps another window of the same day': 'überschneidet sich mit einem anderen Zeitfenster desselben Tages',
  'names a module that does not exist': 'nennt ein Modul, das es nicht gibt',
  'names a site without rooms': 'nennt einen Standort ohne Räume',
  'the organisation has no rooms, so sessions are online': 'die Organisation hat keine Räume, Runden finden also online statt',
  'is not a learning coach': 'ist kein Lern-Coach',
  'is not an IANA time zone': 'ist keine bekannte Zeitzone',
  'is not a claim id': 'ist keine Kennung eines Domain-Anspruchs',
  'must be 2 to 63 lower-case letters, digits and dashes, starting with a letter or digit': 'muss aus 2 bis 63 Kleinbuchstaben, Ziffern und Bindestrichen bestehen und mit einem Buchstaben oder einer Ziffer beginnen',
  'has an offset other than Z or ±HH:MM up to 14:00 in quarter hours': 'hat einen ungültigen UTC-Versatz (Z oder ±HH:MM bis 14:00, in Viertelstunden)',
  'is further ahead than sessions may be planned': 'liegt weiter in der Zukunft, als Runden geplant werden dürfen',
  'runs further ahead than sessions may be planned; choose fewer dates': 'reicht weiter in die Zukunft, als Runden geplant werden dürfen; wählen Sie weniger Termine',
  'is not a date (YYYY-MM-DD)': 'ist kein Datum (JJJJ-MM-TT)',
  'is more than a year after the first day': 'liegt mehr als ein Jahr nach dem ersten Tag',
  'is before the first day': 'liegt vor dem ersten Tag',
  'has passed': 'liegt in der Vergangenheit',
  'an in-person session needs a room': 'eine Runde vor Ort braucht einen Raum',
  'a virtual session needs a link': 'eine Online-Runde braucht einen Link',
  'needs at least one role': 'braucht mindestens eine Rolle',
  'only an admin may publish a session for another coach': 'nur die Administration darf Runden für andere Coaches veröffentlichen',
  'is required': 'fehlt',
  'is not an ISO 8601 date-time': 'ist kein gültiger Zeitpunkt',
  'must not contain the NUL character': 'enthält ein unzulässiges Zeichen',
  'must be in the years 1 to 9999': 'muss zwischen den Jahren 1 und 9999 liegen',
  'name at least one field to change': 'mindestens ein Feld muss sich ändern',
  'name at least one setting': 'mindestens eine Einstellung muss sich ändern',
  'is not an e-mail address': 'ist keine E-Mail-Adresse',
  'is not a cursor this API returned': 'ist keine gültige Seitenangabe',
  'is not a cursor from a previous page': 'ist keine gültige Seitenangabe',
  'give freeFrom and freeTo together, freeTo after freeFrom': 'Beginn und Ende gehören zusammen, das Ende nach dem Beginn',
  'a declined suggestion needs a reason the group can read': 'eine Ablehnung braucht eine Begründung, die die Gruppe lesen kann',
  'is the suggestion itself': 'ist derselbe Vorschlag',
  'name at least one category or area the owner works on': 'nennen Sie mindestens eine Kategorie oder einen Bereich für die verantwortliche Person',
  'must be an https:// address': 'muss eine https://-Adresse sein',
  'must not contain a user name or password': 'darf keinen Benutzernamen und kein Passwort enthalten',
  'must not point to a private, loopback or link-local address': 'darf nicht auf eine private, Loopback- oder Link-Local-Adresse zeigen',
  'names a host that cannot be found': 'nennt einen Host, der nicht gefunden wird',
  'only an admin may assign other coaches': 'nur die Administration darf andere Coaches einteilen',
  'a coach cannot also be a member of the cohort': 'ein Coach kann nicht zugleich Mitglied der Kohorte sein',
  'is not a member of this cohort': 'ist kein Mitglied dieser Kohorte',
  'the person is already in this group': 'die Person ist schon in dieser Gruppe',
  'give either startsAt (one per round) or firstStartsAt with everyWeeks': 'geben Sie entweder einen Beginn pro Runde oder die erste Runde mit dem Abstand in Wochen an',
  'is needed with firstStartsAt': 'wird mit der ersten Runde gebraucht',
  'a virtual cohort meets by link, not in rooms': 'eine Online-Kohorte trifft sich per Link, nicht in Räumen',
  'an in-person cohort meets in rooms': 'eine Kohorte vor Ort trifft sich in Räumen',
};

export function fieldError(f: { field: string; message: string }, language: string): string {
  if (!language.startsWith('de')) return `${f.field}: ${f.message}`;
  // Schema checks name the request part too (body.timeZone); the German name is the field's.
  const plain = f.field.replace(/^(?:body|querystring|params)\./, '');
  // "windows.3": the fourth window, named as the list with its number.
  const item = /^(.+)\.(\d+)$/.exec(plain);
  const name = DE_FIELDS[f.field] ?? DE_FIELDS[plain] ?? (item && DE_FIELDS[item[1]!] ? `${DE_FIELDS[item[1]!]} ${Number(item[2]) + 1}` : f.field);
  return `${name}: ${DE_MESSAGES[f.message] ?? 'ist ungültig'}`;
}
