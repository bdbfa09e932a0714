// The shape of the map of personal data (data-map.ts): every column of every table of
// organisation data is declared either personal (with what it is for, on what legal basis, and
// how long it is kept) or not personal. The catalog test keeps the map equal to the database.
export type LegalBasis =
  /** Art. 6(1)(b): needed to run the programme the employee takes part in. */
  | 'contract'
  /** Art. 6(1)(f): the organisation's legitimate interest (security, statistics, the network). */
  | 'legitimate_interest'
  /** Art. 6(1)(c): a legal obligation (accountability, Art. 5(2), 30). */
  | 'legal_obligation'
  /** Art. 6(1)(a): the person chose it (an optional setting, a rating, a calendar address). */
  | 'consent';

export interface Texts { en: string; de: string }

export interface PersonalColumn {
  personal: true;
  /** How the column relates to a person: it names or addresses them, points at them by id, or
   * holds something they wrote or did. */
  kind: 'identity' | 'reference' | 'content' | 'activity';
  purpose: Texts;
  legalBasis: LegalBasis;
  retention: Texts;
}

export interface NotPersonalColumn {
  personal: false;
  /** Why it is not personal, in a few words (for reviewers; not shown to users). */
  why: string;
}

export type ColumnDeclaration = PersonalColumn | NotPersonalColumn;

export interface TableDeclaration {
  /** What the table holds, for the records of processing. */
  holds: Texts;
  /** The column naming the person the rows are about, if rows are about one person. */
  subject?: string;
  columns: Record<string, ColumnDeclaration>;
}

export type DataMap = Record<string, TableDeclaration>;
