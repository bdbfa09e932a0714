// Texts of the records of processing page (added to the translations when the page's module loads).
// The records themselves come from the API in the reader's language.
export const privacyRecordsEn = {
  admin: { privacyRecords: 'Records of processing' },
  privacyRecords: {
    title: 'Records of processing',
    intro: 'What personal data Quartet holds for your organisation, table by table: what each item is for, on what legal basis, and how long it is kept (Art. 30 GDPR). The list is generated from Quartet’s code, and a test fails whenever the database holds a column that is not on it.',
    print: 'Print',
    printedOn: 'As of {{date}}',
    controller: 'Your organisation’s controller details are set under Privacy notice.',
    legalBasesTitle: 'Legal bases',
    contentsTitle: 'Tables',
    personalCount_one: '{{count}} purpose',
    personalCount_other: '{{count}} purposes',
    noPersonal: 'no personal data',
    subject: 'Each row is about the person in {{column}}.',
    columns: 'Data',
    purpose: 'Purpose',
    legalBasis: 'Legal basis',
    retention: 'Kept',
    notPersonal: 'Not personal: {{columns}}',
    outsideTitle: 'Tables without anyone’s data',
    kind: { identity: 'identifies', reference: 'points to a person', content: 'content', activity: 'activity' },
  },
};

export const privacyRecordsDe: typeof privacyRecordsEn = {
  admin: { privacyRecords: 'Verarbeitungsverzeichnis' },
  privacyRecords: {
    title: 'Verzeichnis der Verarbeitungstätigkeiten',
    intro: 'Welche personenbezogenen Daten Quartet für Ihre Organisation speichert, Tabelle für Tabelle: wofür jede Angabe dient, auf welcher Rechtsgrundlage und wie lange sie aufbewahrt wird (Art. 30 DSGVO). Die Liste wird aus dem Code von Quartet erzeugt; ein Test schlägt fehl, sobald die Datenbank eine Spalte enthält, die hier fehlt.',
    print: 'Drucken',
    printedOn: 'Stand {{date}}',
    controller: 'Die Angaben zur verantwortlichen Stelle Ihrer Organisation pflegen Sie unter Datenschutzhinweise.',
    legalBasesTitle: 'Rechtsgrundlagen',
    contentsTitle: 'Tabellen',
    personalCount_one: '{{count}} Zweck',
    personalCount_other: '{{count}} Zwecke',
    noPersonal: 'keine personenbezogenen Daten',
    subject: 'Jede Zeile betrifft die Person in {{column}}.',
    columns: 'Daten',
    purpose: 'Zweck',
    legalBasis: 'Rechtsgrundlage',
    retention: 'Aufbewahrung',
    notPersonal: 'Nicht personenbezogen: {{columns}}',
    outsideTitle: 'Tabellen ohne Daten von Personen',
    kind: { identity: 'identifiziert', reference: 'verweist auf eine Person', content: 'Inhalt', activity: 'Aktivität' },
  },
};
