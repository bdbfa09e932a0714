// The map of personal data as people read it: in one language, the personal columns of a table
// grouped where they share purpose, legal basis and retention (a data-protection officer reads
// "the audit entry: …" once, not six times). The API, the page and docs/PRIVACY.md all use it.
import type { Locale } from '../../db/schema.ts';
import type { DataMap, LegalBasis, PersonalColumn, Texts } from './data-map-types.ts';

export const LEGAL_BASES: Record<LegalBasis, Record<Locale, { label: string; explanation: string }>> = {
  contract: {
    en: { label: 'Art. 6(1)(b) GDPR — contract', explanation: 'Needed to run the programme the employee takes part in.' },
    de: { label: 'Art. 6 Abs. 1 lit. b DSGVO — Vertrag', explanation: 'Erforderlich, um das Programm durchzuführen, an dem die beschäftigte Person teilnimmt.' },
  },
  legitimate_interest: {
    en: { label: 'Art. 6(1)(f) GDPR — legitimate interest', explanation: 'The organisation’s legitimate interest: security, statistics without names, a network of colleagues.' },
    de: { label: 'Art. 6 Abs. 1 lit. f DSGVO — berechtigtes Interesse', explanation: 'Das berechtigte Interesse der Organisation: Sicherheit, Statistik ohne Namen, ein Netzwerk unter Kolleginnen und Kollegen.' },
  },
  legal_obligation: {
    en: { label: 'Art. 6(1)(c) GDPR — legal obligation', explanation: 'Accountability and the records the GDPR requires (Art. 5(2), 13, 30, 32).' },
    de: { label: 'Art. 6 Abs. 1 lit. c DSGVO — rechtliche Verpflichtung', explanation: 'Rechenschaft und die Nachweise, die die DSGVO verlangt (Art. 5 Abs. 2, 13, 30, 32).' },
  },
  consent: {
    en: { label: 'Art. 6(1)(a) GDPR — consent', explanation: 'The person chose it: a rating, a support, a calendar feed. They can take it back.' },
    de: { label: 'Art. 6 Abs. 1 lit. a DSGVO — Einwilligung', explanation: 'Die Person hat es gewählt: eine Bewertung, eine Unterstützung, ein Kalender-Abonnement. Sie kann es zurücknehmen.' },
  },
};

export interface Processing {
  columns: Array<{ name: string; kind: PersonalColumn['kind'] }>;
  purpose: string;
  legalBasis: LegalBasis;
  legalBasisLabel: string;
  retention: string;
}

export interface TableRecord {
  table: string;
  holds: string;
  subjectColumn: string | null;
  processing: Processing[];
  notPersonal: string[];
}

/** Every table of the map, alphabetically; within one, purposes in the order of their first column. */
export function presentTableRecords(map: DataMap, locale: Locale): TableRecord[] {
  return Object.keys(map).sort().map((table) => {
    const declaration = map[table]!;
    const processing: Processing[] = [];
    const notPersonal: string[] = [];
    for (const [name, column] of Object.entries(declaration.columns)) {
      if (!column.personal) {
        notPersonal.push(name);
        continue;
      }
      const purpose = column.purpose[locale];
      const retention = column.retention[locale];
      const same = processing.find((p) => p.purpose === purpose && p.retention === retention && p.legalBasis === column.legalBasis);
      if (same) same.columns.push({ name, kind: column.kind });
      else processing.push({ columns: [{ name, kind: column.kind }], purpose, legalBasis: column.legalBasis, legalBasisLabel: LEGAL_BASES[column.legalBasis][locale].label, retention });
    }
    return { table, holds: declaration.holds[locale], subjectColumn: declaration.subject ?? null, processing, notPersonal };
  });
}

export function presentRecords(map: DataMap, outside: Record<string, Texts>, locale: Locale) {
  return {
    locale,
    controller: null,
    legalBases: (Object.keys(LEGAL_BASES) as LegalBasis[]).map((code) => ({ code, ...LEGAL_BASES[code][locale] })),
    tables: presentTableRecords(map, locale),
    outside: Object.keys(outside).sort().map((table) => ({ table, why: outside[table]![locale] })),
  };
}
