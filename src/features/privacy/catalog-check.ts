// Holds the map of personal data against the database catalog. Pure: it takes the catalog as rows
// (queries.ts reads them) and the map, and returns every disagreement, so the catalog test and its
// own tests (with a catalog made up or changed on purpose) ask the same question.
import type { DataMap } from './data-map-types.ts';

export interface CatalogTable {
  table: string;
  hasOrgId: boolean;
  /** relrowsecurity and relforcerowsecurity: the app role cannot read past row-level security. */
  rowSecurityForced: boolean;
}

export interface CatalogColumn {
  table: string;
  column: string;
  /** A foreign key from this column to people (the non-org_id column of (org_id, x) → people). */
  referencesPeople: boolean;
}

export interface Catalog {
  /** Base tables of the public schema (views are derived from them and not listed). */
  tables: CatalogTable[];
  columns: CatalogColumn[];
}

export interface MapProblems {
  /** Tables the map and the outside list both miss (`table`). */
  unclassifiedTables: string[];
  /** Tables the map declares that the database no longer has. */
  vanishedTables: string[];
  /** `table.column` in the database, not in the table's declaration. */
  undeclaredColumns: string[];
  /** `table.column` declared, not in the database. */
  vanishedColumns: string[];
  /** `table.column` pointing at people, declared not personal. */
  referencesDeclaredNotPersonal: string[];
  /** Declarations that say too little: empty texts, a subject that is no personal column. */
  incompleteDeclarations: string[];
  /** Tables said to hold nobody's data that carry org_id or point at people. */
  outsideButOrganisationData: string[];
  /** Tables with org_id whose row-level security is not enabled and forced. */
  unprotectedTables: string[];
}

const blank = (text: string | undefined) => text === undefined || text.trim().length === 0;

export function checkDataMap(catalog: Catalog, map: DataMap, outside: Record<string, unknown>): MapProblems {
  const problems: MapProblems = {
    unclassifiedTables: [], vanishedTables: [], undeclaredColumns: [], vanishedColumns: [],
    referencesDeclaredNotPersonal: [], incompleteDeclarations: [], outsideButOrganisationData: [], unprotectedTables: [],
  };
  const columnsOf = new Map<string, CatalogColumn[]>();
  for (const c of catalog.columns) columnsOf.set(c.table, [...(columnsOf.get(c.table) ?? []), c]);
  const tableNames = new Set(catalog.tables.map((t) => t.table));

  for (const table of catalog.tables) {
    const columns = columnsOf.get(table.table) ?? [];
    if (table.hasOrgId && !table.rowSecurityForced) problems.unprotectedTables.push(table.table);
    const declaration = map[table.table];
    if (!declaration) {
      if (table.table in outside) {
        if (table.hasOrgId || columns.some((c) => c.referencesPeople)) problems.outsideButOrganisationData.push(table.table);
      } else {
        problems.unclassifiedTables.push(table.table);
      }
      continue;
    }
    for (const column of columns) {
      const declared = declaration.columns[column.column];
      const key = `${table.table}.${column.column}`;
      if (!declared) problems.undeclaredColumns.push(key);
      else if (column.referencesPeople && !declared.personal) problems.referencesDeclaredNotPersonal.push(key);
    }
    const present = new Set(columns.map((c) => c.column));
    for (const name of Object.keys(declaration.columns)) {
      if (!present.has(name)) problems.vanishedColumns.push(`${table.table}.${name}`);
    }
  }
  for (const table of Object.keys(map)) if (!tableNames.has(table)) problems.vanishedTables.push(table);

  for (const [table, declaration] of Object.entries(map)) {
    if (blank(declaration.holds.en) || blank(declaration.holds.de)) problems.incompleteDeclarations.push(`${table}: what it holds`);
    if (declaration.subject !== undefined && declaration.columns[declaration.subject]?.personal !== true) {
      problems.incompleteDeclarations.push(`${table}: subject ${declaration.subject} is not a personal column`);
    }
    for (const [name, column] of Object.entries(declaration.columns)) {
      const texts = column.personal
        ? [column.purpose.en, column.purpose.de, column.retention.en, column.retention.de]
        : [column.why];
      if (texts.some(blank)) problems.incompleteDeclarations.push(`${table}.${name}: ${column.personal ? 'purpose or retention' : 'why not personal'}`);
    }
  }
  for (const list of Object.values(problems)) list.sort();
  return problems;
}

export function hasProblems(problems: MapProblems): boolean {
  return Object.values(problems).some((list) => list.length > 0);
}

const EXPLAINED: Record<keyof MapProblems, string> = {
  unclassifiedTables: 'Tables in neither the data map nor OUTSIDE_THE_MAP — declare every column in src/features/privacy/data-map.ts',
  vanishedTables: 'Tables in the data map that the database no longer has — remove their entries',
  undeclaredColumns: 'Columns not declared — add each to its table in src/features/privacy/data-map.ts, personal (purpose, legal basis, retention) or not (why)',
  vanishedColumns: 'Columns declared that the database no longer has — remove them from the data map',
  referencesDeclaredNotPersonal: 'Columns that point at people (a foreign key to people) declared not personal — declare them personal',
  incompleteDeclarations: 'Declarations with an empty text or a wrong subject',
  outsideButOrganisationData: 'Tables in OUTSIDE_THE_MAP that carry org_id or point at people — move them into the data map',
  unprotectedTables: 'Tables with org_id without forced row-level security — call protect_organisation_table(\'name\') in their migration',
};

/** The failure message: every kind of disagreement with what to do about it. */
export function describeProblems(problems: MapProblems): string {
  return (Object.keys(EXPLAINED) as Array<keyof MapProblems>)
    .filter((kind) => problems[kind].length > 0)
    .map((kind) => `${EXPLAINED[kind]}:\n${problems[kind].map((item) => `  - ${item}`).join('\n')}`)
    .join('\n\n');
}
