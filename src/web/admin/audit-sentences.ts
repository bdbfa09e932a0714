// The audit log in words: one sentence template per action code, in English and German. Pure (no
// React, no i18next) so that every template can be checked by a test. The entry's detail holds ids
// and field names only; the names come from the API's subject (a session's module and start, a
// booking's holder), null where the person was erased: "a former member".
import type { AuditEntry } from '../app/types.ts';

export type AuditLanguage = 'en' | 'de';

interface Words {
  formerMember: string;
  operator: string;
  system: string;
  token: string;
  aSession: string;
  session: (title: string, date: string) => string;
  inSession: (title: string, date: string) => string;
  quoted: (name: string) => string;
  inASession: string;
  marks: Record<string, string>;
  methods: Record<string, string>;
  fields: Record<string, string>;
  fallback: string;
  /** A counted noun, '#' for the number: a template's {members:people} says members' number with it. */
  units: Record<string, { one: string; other: string }>;
  templates: Record<string, string>;
}

const en: Words = {
  formerMember: 'a former member',
  operator: 'the operator',
  system: 'Quartet',
  token: 'an integration token',
  aSession: 'a session',
  session: (title, date) => `the session ‘${title}’ on ${date}`,
  inSession: (title, date) => `in the session ‘${title}’ on ${date}`,
  quoted: (name) => `‘${name}’`,
  inASession: 'in a session',
  marks: { attended: 'present', no_show: 'absent', active: 'not yet recorded' },
  methods: { link: 'with a log-in link', sso: 'through single sign-on' },
  fields: {
    time: 'time', format: 'format', place: 'room', link: 'online link', note: 'location note', language: 'language', capacity: 'capacity',
    name: 'name', roles: 'roles', active: 'status', timeZone: 'time zone', locale: 'language', department: 'department', site: 'site',
  },
  fallback: '{who} did “{action}”.',
  units: {
    people: { one: '# person', other: '# people' }, groups: { one: '# group', other: '# groups' }, rounds: { one: '# round', other: '# rounds' },
    rows: { one: '# row', other: '# rows' }, weeks: { one: '# week', other: '# weeks' }, sessions: { one: '# session', other: '# sessions' },
    sessionsOf: { one: '# session', other: '# sessions' }, coaches: { one: '# coach', other: '# coaches' },
  },
  templates: {
    'session.published': '{who} published {session}.',
    'session.changed': '{who} changed the {fields} of {session}.',
    'session.cancelled': '{who} cancelled {session}.',
    'session.coach_changed': '{who} gave {session} to another coach.',
    'session.no_suggestions': '{who} recorded that the group had no suggestions {inSession}.',
    'session.no_suggestions_withdrawn': '{who} withdrew “no suggestions” {inSession}.',
    'booking.placed': '{who} gave {holder} a seat {inSession}.',
    'booking.cancelled_for': '{who} cancelled the seat of {holder} {inSession}.',
    'booking.seats_traded': '{who} swapped the seat of {holder} {inSession} with another person’s.',
    'booking.attendance_recorded': '{who} recorded {holder} as {mark} {inSession}.',
    'auth.signed_in': '{who} signed in {method}.',
    'settings.changed': '{who} changed the programme settings ({changed}).',
    'retention.settings_changed': '{who} changed how long data is kept ({changed}).',
    'module.added': '{who} added the module {name}.',
    'module.changed': '{who} changed the {fields} of the module {name}.',
    'room.added': '{who} added the room {name}.',
    'room.changed': '{who} changed the {fields} of the room {name}.',
    'cohort.published': '{who} published a cohort: {members:people} in {groups:groups} over {rounds:rounds}.',
    'cohort.member_swapped': '{who} swapped two members of a cohort.',
    'people.data_export_requested': '{who} asked for a copy of their data.',
    'people.data_export_prepared': '{who} prepared the copy of the data of {person}.',
    'people.data_export_downloaded': '{who} downloaded the copy of their data.',
    'people.details_read': '{who} read the contact details of {count:people}.',
    'people.changed': '{who} changed the {fields} of {person}.',
    'people.profile_changed': '{who} changed their own {fields}.',
    'people.imported': '{who} imported people from a file.',
    'people.admin_appointed': '{who} made {person} an admin.',
    'person.erased': '{who} erased the data of a member.',
    'person.erasure_requested': '{who} asked for their data to be erased.',
    'absence.reported': '{who} reported being away from {firstDay} to {lastDay}.',
    'absence.withdrawn': '{who} withdrew a reported absence.',
    'availability.changed': '{who} changed the availability of {person}.',
    'message.retried': '{who} sent a failed message again.',
    'suggestion.added': '{who} recorded a suggestion.',
    'suggestion.changed': '{who} changed the {fields} of a suggestion.',
    'suggestion.removed': '{who} removed a suggestion.',
    'suggestion.status_changed': '{who} moved a suggestion from “{from}” to “{to}”.',
    'suggestion.responded': '{who} answered a suggestion.',
    'suggestion.assigned': '{who} assigned a suggestion to an owner.',
    'suggestion.commented': '{who} added an internal note to a suggestion.',
    'suggestion.merged': '{who} merged a suggestion into another one.',
    'suggestion.owner_appointed': '{who} made {person} a suggestion owner.',
    'suggestion.owner_dismissed': '{who} removed {person} as a suggestion owner.',
    'suggestion.exported': '{who} exported the suggestion board ({rows:rows}).',
    'suggestion.category_added': '{who} added a suggestion category.',
    'suggestion.category_changed': '{who} changed the {fields} of a suggestion category.',
    'privacy.notice_changed': '{who} changed the privacy notice.',
    'sso.settings_changed': '{who} changed the single sign-on settings.',
    'sso.domain_approved': '{who} approved the e-mail domain {domain}.',
    'sso.domain_rejected': '{who} rejected the e-mail domain {domain}.',
    'token.created': '{who} created the integration token {name}.',
    'token.revoked': '{who} revoked the integration token {name}.',
    'webhook.created': '{who} added a webhook endpoint.',
    'webhook.changed': '{who} changed a webhook endpoint.',
    'webhook.enabled': '{who} turned a webhook endpoint on.',
    'webhook.disabled': '{who} turned a webhook endpoint off.',
    'webhook.secret_rotated': '{who} made a new secret for a webhook endpoint.',
    'webhook.deleted': '{who} removed a webhook endpoint.',
    'webhook.redelivered': '{who} delivered a webhook event again.',
    'organisation.created': '{who} created the organisation.',
    'organisation.suspended': '{who} suspended the organisation.',
    'organisation.resumed': '{who} resumed the organisation.',
    'organisation.exported': '{who} exported the organisation’s data.',
    'plan.proposed': '{who} drew up a session plan for {weeks:weeks}: {sessionsPlanned} of {sessionsNeeded:sessionsOf} placed.',
    'plan.published': '{who} published a session plan: {sessions:sessions} for {coaches:coaches}.',
  },
};

const de: Words = {
  formerMember: 'ein ehemaliges Mitglied',
  operator: 'der Betreiber',
  system: 'Quartet',
  token: 'ein Integrationsschlüssel',
  aSession: 'einen Termin',
  session: (title, date) => `den Termin „${title}“ am ${date}`,
  inSession: (title, date) => `im Termin „${title}“ am ${date}`,
  quoted: (name) => `„${name}“`,
  inASession: 'in einem Termin',
  marks: { attended: 'anwesend', no_show: 'abwesend', active: 'noch nicht erfasst' },
  methods: { link: 'mit einem Anmeldelink', sso: 'per Single Sign-on' },
  fields: {
    time: 'Zeit', format: 'Format', place: 'Raum', link: 'Online-Link', note: 'Ortshinweis', language: 'Sprache', capacity: 'Kapazität',
    name: 'Name', roles: 'Rollen', active: 'Status', timeZone: 'Zeitzone', locale: 'Sprache', department: 'Abteilung', site: 'Standort',
  },
  fallback: '{who}: „{action}“.',
  // In the case the sentence needs: sessionsOf after „von“ (dative).
  units: {
    people: { one: '# Person', other: '# Personen' }, groups: { one: '# Gruppe', other: '# Gruppen' }, rounds: { one: '# Runde', other: '# Runden' },
    rows: { one: '# Zeile', other: '# Zeilen' }, weeks: { one: '# Woche', other: '# Wochen' }, sessions: { one: '# Termin', other: '# Termine' },
    sessionsOf: { one: '# Termin', other: '# Terminen' }, coaches: { one: '# Lernbegleitung', other: '# Lernbegleitungen' },
  },
  templates: {
    'session.published': '{who} hat {session} veröffentlicht.',
    'session.changed': '{who} hat {inSession} Folgendes geändert: {fields}.',
    'session.cancelled': '{who} hat {session} abgesagt.',
    'session.coach_changed': '{who} hat {session} einer anderen Lernbegleitung übergeben.',
    'session.no_suggestions': '{who} hat festgehalten, dass die Gruppe {inSession} keine Vorschläge hatte.',
    'session.no_suggestions_withdrawn': '{who} hat „keine Vorschläge“ {inSession} zurückgenommen.',
    'booking.placed': '{who} hat {holder} einen Platz {inSession} gegeben.',
    'booking.cancelled_for': '{who} hat den Platz von {holder} {inSession} storniert.',
    'booking.seats_traded': '{who} hat den Platz von {holder} {inSession} mit dem einer anderen Person getauscht.',
    'booking.attendance_recorded': '{who} hat {holder} {inSession} als {mark} erfasst.',
    'auth.signed_in': '{who} hat sich {method} angemeldet.',
    'settings.changed': '{who} hat die Programmeinstellungen geändert ({changed}).',
    'retention.settings_changed': '{who} hat die Aufbewahrungsfristen geändert ({changed}).',
    'module.added': '{who} hat das Modul {name} hinzugefügt.',
    'module.changed': '{who} hat beim Modul {name} Folgendes geändert: {fields}.',
    'room.added': '{who} hat den Raum {name} hinzugefügt.',
    'room.changed': '{who} hat beim Raum {name} Folgendes geändert: {fields}.',
    'cohort.published': '{who} hat eine Kohorte veröffentlicht: {members:people} in {groups:groups} über {rounds:rounds}.',
    'cohort.member_swapped': '{who} hat zwei Mitglieder einer Kohorte getauscht.',
    'people.data_export_requested': '{who} hat eine Kopie der eigenen Daten angefordert.',
    'people.data_export_prepared': '{who} hat die Kopie der Daten von {person} vorbereitet.',
    'people.data_export_downloaded': '{who} hat die Kopie der eigenen Daten heruntergeladen.',
    'people.details_read': '{who} hat die Kontaktdaten von {count:people} gelesen.',
    'people.changed': '{who} hat bei {person} Folgendes geändert: {fields}.',
    'people.profile_changed': '{who} hat im eigenen Profil Folgendes geändert: {fields}.',
    'people.imported': '{who} hat Personen aus einer Datei importiert.',
    'people.admin_appointed': '{who} hat {person} zum Admin gemacht.',
    'person.erased': '{who} hat die Daten eines Mitglieds gelöscht.',
    'person.erasure_requested': '{who} hat die Löschung der eigenen Daten beantragt.',
    'absence.reported': '{who} hat eine Abwesenheit vom {firstDay} bis {lastDay} gemeldet.',
    'absence.withdrawn': '{who} hat eine gemeldete Abwesenheit zurückgenommen.',
    'availability.changed': '{who} hat die Verfügbarkeit von {person} geändert.',
    'message.retried': '{who} hat eine fehlgeschlagene Nachricht erneut gesendet.',
    'suggestion.added': '{who} hat einen Vorschlag erfasst.',
    'suggestion.changed': '{who} hat bei einem Vorschlag Folgendes geändert: {fields}.',
    'suggestion.removed': '{who} hat einen Vorschlag entfernt.',
    'suggestion.status_changed': '{who} hat einen Vorschlag von „{from}“ auf „{to}“ gesetzt.',
    'suggestion.responded': '{who} hat einen Vorschlag beantwortet.',
    'suggestion.assigned': '{who} hat einen Vorschlag einer verantwortlichen Person zugewiesen.',
    'suggestion.commented': '{who} hat eine interne Notiz zu einem Vorschlag geschrieben.',
    'suggestion.merged': '{who} hat einen Vorschlag mit einem anderen zusammengeführt.',
    'suggestion.owner_appointed': '{who} hat {person} als vorschlagsverantwortlich eingesetzt.',
    'suggestion.owner_dismissed': '{who} hat {person} als vorschlagsverantwortlich abberufen.',
    'suggestion.exported': '{who} hat das Vorschlagsboard exportiert ({rows:rows}).',
    'suggestion.category_added': '{who} hat eine Vorschlagskategorie hinzugefügt.',
    'suggestion.category_changed': '{who} hat bei einer Vorschlagskategorie Folgendes geändert: {fields}.',
    'privacy.notice_changed': '{who} hat den Datenschutzhinweis geändert.',
    'sso.settings_changed': '{who} hat die Single-Sign-on-Einstellungen geändert.',
    'sso.domain_approved': '{who} hat die E-Mail-Domain {domain} bestätigt.',
    'sso.domain_rejected': '{who} hat die E-Mail-Domain {domain} abgelehnt.',
    'token.created': '{who} hat den Integrationsschlüssel {name} erstellt.',
    'token.revoked': '{who} hat den Integrationsschlüssel {name} widerrufen.',
    'webhook.created': '{who} hat einen Webhook-Endpunkt hinzugefügt.',
    'webhook.changed': '{who} hat einen Webhook-Endpunkt geändert.',
    'webhook.enabled': '{who} hat einen Webhook-Endpunkt eingeschaltet.',
    'webhook.disabled': '{who} hat einen Webhook-Endpunkt ausgeschaltet.',
    'webhook.secret_rotated': '{who} hat ein neues Geheimnis für einen Webhook-Endpunkt erzeugt.',
    'webhook.deleted': '{who} hat einen Webhook-Endpunkt entfernt.',
    'webhook.redelivered': '{who} hat ein Webhook-Ereignis erneut zugestellt.',
    'organisation.created': '{who} hat die Organisation angelegt.',
    'organisation.suspended': '{who} hat die Organisation gesperrt.',
    'organisation.resumed': '{who} hat die Organisation wieder freigegeben.',
    'organisation.exported': '{who} hat die Daten der Organisation exportiert.',
    'plan.proposed': '{who} hat einen Terminplan für {weeks:weeks} entworfen: {sessionsPlanned} von {sessionsNeeded:sessionsOf} eingeplant.',
    'plan.published': '{who} hat einen Terminplan veröffentlicht: {sessions:sessions} für {coaches:coaches}.',
  },
};

const WORDS: Record<AuditLanguage, Words> = { en, de };

/** The action codes with a sentence of their own (the rest get the generic one). */
export const SENTENCE_ACTIONS = Object.keys(en.templates);

export function auditSentence(entry: AuditEntry, language: AuditLanguage, now = new Date()): string {
  const w = WORDS[language];
  const locale = language === 'de' ? 'de-DE' : 'en-GB';
  const list = (items: string[]) => (items.length === 0 ? '–' : new Intl.ListFormat(locale, { type: 'conjunction' }).format(items));
  const day = (iso: string) => {
    const d = new Date(iso);
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', ...(d.getFullYear() !== now.getFullYear() && { year: 'numeric' }) }).format(d);
  };
  const detail = entry.detail;
  const subject = entry.subject;
  const text = (key: string) => (typeof detail[key] === 'string' || typeof detail[key] === 'number' ? String(detail[key]) : '?');
  const fieldNames = (names: unknown) => list((Array.isArray(names) ? names : []).map((f) => w.fields[String(f)] ?? String(f)));
  const known = subject?.name && subject.startsAt ? { title: subject.name, date: day(subject.startsAt) } : null;
  const values: Record<string, string> = {
    who: who(entry, w),
    action: entry.action,
    session: known ? w.session(known.title, known.date) : w.aSession,
    inSession: known ? w.inSession(known.title, known.date) : w.inASession,
    holder: subject?.person ?? w.formerMember,
    person: subject?.name ?? w.formerMember,
    name: subject?.name ? w.quoted(subject.name) : typeof detail.name === 'string' ? w.quoted(detail.name) : w.quoted('?'),
    fields: fieldNames(detail.fields),
    // settings.changed and retention.settings_changed keep { field: { from, to } }.
    changed: list(Object.keys(detail)),
    mark: w.marks[text('mark')] ?? text('mark'),
    method: w.methods[text('method')] ?? text('method'),
    count: String(Array.isArray(detail.people) ? detail.people.length : 0),
    firstDay: typeof detail.firstDay === 'string' ? day(detail.firstDay) : '?',
    lastDay: typeof detail.lastDay === 'string' ? day(detail.lastDay) : '?',
    domain: text('domain'),
    from: text('from'),
    to: text('to'),
    rows: text('rows'),
    members: text('members'),
    groups: text('groups'),
    rounds: text('rounds'),
    weeks: text('weeks'),
    sessionsPlanned: text('sessionsPlanned'),
    sessionsNeeded: text('sessionsNeeded'),
    sessions: text('sessions'),
    coaches: text('coaches'),
  };
  const template = w.templates[entry.action] ?? w.fallback;
  const plural = new Intl.PluralRules(locale);
  const counted = (unit: string, n: string) => {
    const forms = w.units[unit];
    return forms ? forms[plural.select(Number(n)) === 'one' ? 'one' : 'other'].replace('#', n) : n;
  };
  const sentence = template.replace(/\{(\w+)(?::(\w+))?\}/g, (_, key: string, unit: string | undefined) => {
    const value = values[key] ?? '?';
    return unit ? counted(unit, value) : value;
  });
  return sentence.charAt(0).toLocaleUpperCase(locale) + sentence.slice(1);
}

function who(entry: AuditEntry, w: Words): string {
  switch (entry.actor.kind) {
    case 'person':
      return entry.actor.name ?? w.formerMember;
    case 'operator':
      return w.operator;
    case 'token':
      return w.token;
    default:
      return w.system;
  }
}
