// The data map's checker on made-up catalogs: each kind of disagreement is found and named, and a
// map that fits its catalog passes.
import { describe, expect, it } from 'vitest';
import { checkDataMap, describeProblems, hasProblems, type Catalog } from './catalog-check.ts';
import type { DataMap } from './data-map-types.ts';

const texts = { en: 'x', de: 'x' };
const mine = { personal: true as const, kind: 'reference' as const, legalBasis: 'contract' as const, purpose: texts, retention: texts };

const catalog: Catalog = {
  tables: [
    { table: 'notes', hasOrgId: true, rowSecurityForced: true },
    { table: 'versions', hasOrgId: false, rowSecurityForced: false },
  ],
  columns: [
    { table: 'notes', column: 'org_id', referencesPeople: false },
    { table: 'notes', column: 'author_id', referencesPeople: true },
    { table: 'notes', column: 'body', referencesPeople: false },
    { table: 'versions', column: 'version', referencesPeople: false },
  ],
};

const map: DataMap = {
  notes: {
    holds: texts,
    subject: 'author_id',
    columns: { org_id: { personal: false, why: 'the organisation' }, author_id: mine, body: { ...mine, kind: 'content' } },
  },
};
const outside = { versions: 'which migrations ran' };

describe('checkDataMap', () => {
  it('passes a map that declares its catalog exactly', () => {
    const problems = checkDataMap(catalog, map, outside);
    expect(hasProblems(problems)).toBe(false);
    expect(describeProblems(problems)).toBe('');
  });

  it('names an undeclared column, a declared one that is gone, a new table and a vanished one', () => {
    const changed: Catalog = {
      tables: [...catalog.tables, { table: 'tags', hasOrgId: true, rowSecurityForced: true }],
      columns: [...catalog.columns.filter((c) => c.column !== 'body'), { table: 'notes', column: 'mood', referencesPeople: false }, { table: 'tags', column: 'org_id', referencesPeople: false }],
    };
    const problems = checkDataMap(changed, { ...map, gone: { holds: texts, columns: {} } }, outside);
    expect(problems.undeclaredColumns).toEqual(['notes.mood']);
    expect(problems.vanishedColumns).toEqual(['notes.body']);
    expect(problems.unclassifiedTables).toEqual(['tags']);
    expect(problems.vanishedTables).toEqual(['gone']);
    const message = describeProblems(problems);
    for (const item of ['notes.mood', 'notes.body', 'tags', 'gone']) expect(message).toContain(item);
    expect(message).toContain('src/features/privacy/data-map.ts');
  });

  it('refuses a reference to people declared not personal', () => {
    const lax: DataMap = { notes: { ...map.notes!, subject: undefined, columns: { ...map.notes!.columns, author_id: { personal: false, why: 'an id' } } } };
    expect(checkDataMap(catalog, lax, outside).referencesDeclaredNotPersonal).toEqual(['notes.author_id']);
  });

  it('refuses organisation data listed as outside the map, and org_id without forced row-level security', () => {
    const leaky: Catalog = {
      tables: [{ table: 'notes', hasOrgId: true, rowSecurityForced: false }, { table: 'versions', hasOrgId: true, rowSecurityForced: true }],
      columns: [...catalog.columns, { table: 'versions', column: 'org_id', referencesPeople: false }],
    };
    const problems = checkDataMap(leaky, map, outside);
    expect(problems.outsideButOrganisationData).toEqual(['versions']);
    expect(problems.unprotectedTables).toEqual(['notes']);
  });

  it('refuses empty texts and a subject that is not a personal column', () => {
    const thin: DataMap = {
      notes: {
        holds: { en: 'notes', de: ' ' },
        subject: 'body',
        columns: { org_id: { personal: false, why: '' }, author_id: { ...mine, retention: { en: 'kept', de: '' } }, body: { personal: false, why: 'text' } },
      },
    };
    expect(checkDataMap(catalog, thin, outside).incompleteDeclarations).toEqual([
      'notes.author_id: purpose or retention',
      'notes.org_id: why not personal',
      'notes: subject body is not a personal column',
      'notes: what it holds',
    ]);
  });
});
