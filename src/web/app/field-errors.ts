// The API names a field at fault (a 400's `fields`) by its path in the request (body.timeZone,
// windows.2) with an English sentence and, where a schema refused it, a machine-readable reason
// (code, limit). Shown to a person, the field reads as the form labels it and the reason in the
// page's language: our own sentences by their German version, the schema's by code and bound —
// never zod's developer wording, a request path or a regular expression.
import { FIELD_NAMES } from './field-names.ts';

export interface RefusedField {
  field: string;
  message: string;
  code?: string | undefined;
  limit?: number | undefined;
  inclusive?: boolean | undefined;
  origin?: string | undefined;
  format?: string | undefined;
  expected?: string | undefined;
}

export const DE_MESSAGES: Record<string, string> = {
  'ends before it starts (a window across midnight is two windows)': 'endet vor seinem Beginn (ein Zeitfenster über Mitternacht sind zwei Zeitfenster)',
  'overlaps another window of the same day': 'überschneidet sich mit einem anderen Zeitfenster desselben Tages',
  'names a module that does not exist': 'nennt ein Modul, das es nicht gibt',
  'does not match the person’s address': 'stimmt nicht mit der Adresse der Person überein',
  'is not a token from an erasure mail': 'ist kein Code aus einer Löschungs-Mail',
  'names a site with no rooms in use': 'nennt einen Standort ohne Räume in Gebrauch',
  'the organisation has no rooms, so sessions are online': 'die Organisation hat keine Räume, Termine finden also online statt',
  'is not a learning coach': 'ist kein Lern-Coach',
  'is deactivated': 'ist deaktiviert',
  'is the address of no person': 'ist die Adresse keiner Person',
  'is not an IANA time zone': 'ist keine bekannte Zeitzone',
  'is not a claim id': 'ist keine Kennung eines Domain-Anspruchs',
  'is not the slug of the organisation': 'ist nicht das Kürzel der Organisation',
  'names a file that exists already': 'nennt eine Datei, die es schon gibt',
  'name one organisation': 'nennen Sie eine Organisation',
  'must be 2 to 63 lower-case letters, digits and dashes, starting with a letter or digit': 'muss aus 2 bis 63 Kleinbuchstaben, Ziffern und Bindestrichen bestehen und mit einem Buchstaben oder einer Ziffer beginnen',
  'has an offset other than Z or ±HH:MM up to 14:00 in quarter hours': 'hat einen ungültigen UTC-Versatz (Z oder ±HH:MM bis 14:00, in Viertelstunden)',
  'is further ahead than sessions may be planned': 'liegt weiter in der Zukunft, als Termine geplant werden dürfen',
  'the plan’s weeks reach further ahead than sessions may be planned': 'die Wochen des Plans reichen weiter in die Zukunft, als Termine geplant werden dürfen',
  'runs further ahead than sessions may be planned; choose fewer dates': 'reicht weiter in die Zukunft, als Termine geplant werden dürfen; wählen Sie weniger Termine',
  'is not a date (YYYY-MM-DD)': 'ist kein Datum (JJJJ-MM-TT)',
  'is more than a year after the first day': 'liegt mehr als ein Jahr nach dem ersten Tag',
  'is before the first day': 'liegt vor dem ersten Tag',
  'has passed': 'liegt in der Vergangenheit',
  'an in-person session needs a room': 'ein Termin vor Ort braucht einen Raum',
  'a virtual session needs a link': 'ein Online-Termin braucht einen Link',
  'a virtual session meets by link, not in a room': 'ein Online-Termin findet per Link statt, nicht in einem Raum',
  'an in-person session meets in a room, not by link': 'ein Termin vor Ort findet in einem Raum statt, nicht per Link',
  'needs at least one role': 'braucht mindestens eine Rolle',
  'only an admin may publish a session for another coach': 'nur die Administration darf Termine für andere Coaches veröffentlichen',
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
  'names someone twice': 'nennt eine Person zweimal',
  'names a room twice': 'nennt einen Raum zweimal',
  'is in the past': 'liegt in der Vergangenheit',
  'each round must start after the one before has ended': 'jede Runde muss nach dem Ende der vorigen beginnen',
  'names a link twice': 'nennt einen Link zweimal',
  'the person is already in this group': 'die Person ist schon in dieser Gruppe',
  'give either startsAt (one per round) or firstStartsAt with everyWeeks': 'geben Sie entweder einen Beginn pro Runde oder die erste Runde mit dem Abstand in Wochen an',
  'is needed with firstStartsAt': 'wird mit der ersten Runde gebraucht',
  'a virtual cohort meets by link, not in rooms': 'eine Online-Kohorte trifft sich per Link, nicht in Räumen',
  'an in-person cohort meets in rooms': 'eine Kohorte vor Ort trifft sich in Räumen',
  'must be text': 'muss Text sein',
  'must be at most 200 characters': 'darf höchstens 200 Zeichen lang sein',
  'must be at most 254 characters': 'darf höchstens 254 Zeichen lang sein',
  'must be at most 500 characters': 'darf höchstens 500 Zeichen lang sein',
  'must be at most 2000 characters': 'darf höchstens 2000 Zeichen lang sein',
  'is not a version of the notice': 'ist keine Version des Datenschutzhinweises',
  'leaves no date to publish': 'lässt keinen Termin zum Veröffentlichen übrig',
  'must be 6 to 120 months': 'muss zwischen 6 und 120 Monaten liegen',
  'must be 7 to 730 days': 'muss zwischen 7 und 730 Tagen liegen',
  'must be 7 to 365 days': 'muss zwischen 7 und 365 Tagen liegen',
  'must be 1 to 120 months': 'muss zwischen 1 und 120 Monaten liegen',
  'must be 1 to 10 years': 'muss zwischen 1 und 10 Jahren liegen',
  'ends before the working day starts': 'endet vor Beginn des Arbeitstages',
  'names a department nobody works in': 'nennt eine Abteilung, in der niemand arbeitet',
  'names a site that does not exist': 'nennt einen Standort, den es nicht gibt',
  'is not a module of the library (or retired)': 'ist kein Modul der Bibliothek (oder ausgemustert)',
  'is listed twice': 'ist doppelt aufgeführt',
  'lies after the plan’s last week': 'liegt nach der letzten Woche des Plans',
  'is not a date': 'ist kein Datum',
  'must be a Monday': 'muss ein Montag sein',
  'must lie ahead': 'muss in der Zukunft liegen',
  'is no session of this plan': 'ist kein Termin dieses Plans',
  'lies outside the weeks of this plan': 'liegt außerhalb der Wochen dieses Plans',
  'a virtual session has no room': 'ein Online-Termin hat keinen Raum',
  'is no room of this site': 'ist kein Raum dieses Standorts',
  'the plan has virtual sessions: give the meeting link they start with': 'der Plan enthält Online-Termine: geben Sie den Meeting-Link an, mit dem sie beginnen',
  // Messages the request schemas give (schema.ts files), beside the services' own.
  'must be a date like 2027-01-31': 'muss ein Datum wie 2027-01-31 sein',
  'must be a date like 2027-03-01': 'muss ein Datum wie 2027-03-01 sein',
  'must be a time like 09:30': 'muss eine Uhrzeit wie 09:30 sein',
  'letters, digits and -, 2 to 32 characters': 'Buchstaben, Ziffern und -, 2 bis 32 Zeichen',
  'statuses separated by commas': 'Status, durch Kommas getrennt',
  'printable ASCII only': 'nur druckbare ASCII-Zeichen',
  'must be a domain such as example.com': 'muss eine Domain wie example.com sein',
  'issuer and clientId are set together': 'Aussteller-URL und Client-ID gehören zusammen',
  'name at least one domain whose addresses may sign in': 'nennen Sie mindestens eine Domain, deren Adressen sich anmelden dürfen',
  'give org or email': 'geben Sie eine Organisation oder eine E-Mail-Adresse an',
};

type Language = 'en' | 'de';

/** "Seats per session: at least 1" / "Plätze pro Termin: mindestens 1"; `labels` are the form's own, by field. */
export function fieldError(f: RefusedField, language: string, labels: Record<string, string> = {}): string {
  const lang: Language = language.startsWith('de') ? 'de' : 'en';
  return `${fieldName(f.field, lang, labels)}: ${fieldReason(f, lang)}`;
}

function fieldName(field: string, lang: Language, labels: Record<string, string>): string {
  // Schema checks name the request part too (body.timeZone); the form knows the field alone.
  const plain = field.replace(/^(?:body|querystring|params|headers)\./, '');
  // The whole body at fault (not JSON, empty): the form as such.
  if (field === 'body') return WHOLE_FORM[lang];
  const known = (key: string) => (Object.hasOwn(labels, key) ? labels[key] : Object.hasOwn(FIELD_NAMES, key) ? FIELD_NAMES[key]![lang] : undefined);
  const whole = known(field) ?? known(plain);
  if (whole) return whole;
  // "windows.3": the fourth window, as the form numbers them; "workingHours.to" by its last part.
  const item = /^(.+)\.(\d+)(?:\..*)?$/.exec(plain);
  const list = item && known(item[1]!);
  if (list) return `${list} ${Number(item[2]) + 1}`;
  return known(plain.split('.').at(-1)!) ?? GENERIC_FIELD[lang];
}

const GENERIC_FIELD: Record<Language, string> = { en: 'One entry', de: 'Eine Angabe' };
const WHOLE_FORM: Record<Language, string> = { en: 'The form', de: 'Das Formular' };

// Our own sentences with a zone or time in them (lib/time.ts parseStart): worded around what they name.
const DE_PATTERNS: Array<[RegExp, string]> = [
  [/^does not exist in (\S+) \(the clocks skip it\)$/, 'gibt es in $1 nicht (die Uhren überspringen diese Zeit)'],
  [/^occurs twice in (\S+) \(the clocks go back\); add the offset, e\.g\. (\S+) or (\S+)$/,
    'kommt in $1 zweimal vor (die Uhren werden zurückgestellt); geben Sie die Abweichung von UTC an, z. B. $2 oder $3'],
];

function fieldReason(f: RefusedField, lang: Language): string {
  // Our own sentences (services, and messages the schemas give) exist in both languages.
  if (Object.hasOwn(DE_MESSAGES, f.message)) return lang === 'de' ? DE_MESSAGES[f.message]! : f.message;
  const pattern = DE_PATTERNS.find(([english]) => english.test(f.message));
  if (pattern) return lang === 'de' ? f.message.replace(pattern[0], pattern[1]) : f.message;
  if (f.code !== undefined) return reasonByCode(f, lang) ?? GENERIC_REASON[lang];
  // A service's sentence with figures in it: written for people in English, unknown in German.
  return lang === 'de' ? GENERIC_REASON.de : f.message;
}

const GENERIC_REASON: Record<Language, string> = { en: 'is not valid', de: 'ist ungültig' };

function reasonByCode(f: RefusedField, lang: Language): string | undefined {
  const de = lang === 'de';
  const n = f.limit?.toLocaleString(de ? 'de-DE' : 'en-GB');
  const many = (f.origin === 'array' || f.origin === 'set') ? 'entries' : f.origin === 'string' ? 'characters' : undefined;
  switch (f.code) {
    case 'required': return de ? 'muss ausgefüllt sein' : 'is required';
    case 'too_small':
      if (n === undefined) return undefined;
      if (many === 'characters' && f.limit === 1) return de ? 'muss ausgefüllt sein' : 'is required';
      if (many === 'entries') return de ? `mindestens ${n} auswählen` : `choose at least ${n}`;
      if (f.origin === 'date') return de ? 'liegt zu früh' : 'is too early';
      if (f.inclusive === false) return de ? `muss größer als ${n} sein` : `must be more than ${n}`;
      if (many === 'characters') return de ? `mindestens ${n} Zeichen` : `at least ${n} characters`;
      return de ? `mindestens ${n}` : `at least ${n}`;
    case 'too_big':
      if (n === undefined) return undefined;
      if (f.origin === 'date') return de ? 'liegt zu spät' : 'is too late';
      if (f.inclusive === false) return de ? `muss kleiner als ${n} sein` : `must be less than ${n}`;
      if (many === 'characters') return de ? `höchstens ${n} Zeichen` : `at most ${n} characters`;
      if (many === 'entries') return de ? `höchstens ${n} auswählen` : `choose at most ${n}`;
      return de ? `höchstens ${n}` : `at most ${n}`;
    case 'not_multiple_of': return de ? 'hat einen unpassenden Schritt' : 'is not in an allowed step';
    case 'invalid_type':
      if (f.expected === 'number' || f.expected === 'int') return de ? 'muss eine Zahl sein' : 'must be a number';
      return undefined;
    case 'invalid_format': return FORMATS[f.format ?? '']?.[lang] ?? (de ? 'hat nicht die erwartete Form' : 'is not in the expected form');
    case 'invalid_value': return de ? 'ist keine der angebotenen Möglichkeiten' : 'is not one of the choices offered';
    case 'unrecognized_keys': return de ? 'enthält eine unbekannte Angabe' : 'contains something this form does not take';
    case 'unreadable': return de ? 'konnte nicht gelesen werden' : 'could not be read';
    // Our own: people named in a list who were deactivated meanwhile, `limit` of them.
    case 'deactivated':
      if (n === undefined) return undefined;
      if (f.limit === 1) return de ? '1 davon ist deaktiviert' : '1 of them is deactivated';
      return de ? `${n} davon sind deaktiviert` : `${n} of them are deactivated`;
    default: return undefined;
  }
}

const FORMATS: Record<string, Record<Language, string>> = {
  email: { en: 'is not an e-mail address', de: 'ist keine E-Mail-Adresse' },
  uuid: { en: 'is not a valid id', de: 'ist keine gültige Kennung' },
  guid: { en: 'is not a valid id', de: 'ist keine gültige Kennung' },
  url: { en: 'is not a web address', de: 'ist keine Web-Adresse' },
  datetime: { en: 'is not a valid date and time', de: 'ist kein gültiger Zeitpunkt' },
  date: { en: 'is not a date', de: 'ist kein Datum' },
  time: { en: 'is not a time of day', de: 'ist keine Uhrzeit' },
};
