// The catalog meta-test (issue 15): the map of personal data against a freshly migrated database.
// Every column of every table is declared personal or not, no declaration outlives its column, no
// table of organisation data is missing, and every table with org_id is under forced row-level
// security. The second half changes the schema on purpose (rolled back) to show the check fails.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { checkDataMap, describeProblems, hasProblems } from './catalog-check.ts';
import { DATA_MAP, OUTSIDE_THE_MAP } from './data-map.ts';
import type { DataMap } from './data-map-types.ts';
import { readCatalog } from './queries.ts';
import type { Db } from '../../db/pool.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(2);
});

class RolledBack extends Error {}

type Problems = ReturnType<typeof checkDataMap>;

/** The problems `change` brings, beyond those the database had before it (rolled back after). */
async function problemsAddedBy(change: (tx: Db) => Promise<unknown>, map: DataMap = DATA_MAP): Promise<Problems> {
  const before = checkDataMap(await readCatalog(t.db), map, OUTSIDE_THE_MAP);
  let after: Problems | undefined;
  await t.db.transaction().execute(async (tx) => {
    await change(tx);
    after = checkDataMap(await readCatalog(tx), map, OUTSIDE_THE_MAP);
    throw new RolledBack();
  }).catch((error: unknown) => {
    if (!(error instanceof RolledBack)) throw error;
  });
  return Object.fromEntries(Object.entries(after!).map(([kind, list]: [string, string[]]) =>
    [kind, list.filter((item) => !before[kind as keyof Problems].includes(item))])) as unknown as Problems;
}

describe('the map of personal data against the migrated database', () => {
  it('declares every column of every table, and nothing the database does not have', async () => {
    const problems = checkDataMap(await readCatalog(t.db), DATA_MAP, OUTSIDE_THE_MAP);
    expect(hasProblems(problems), `\n${describeProblems(problems)}\n`).toBe(false);
  });

  it('puts every table with org_id under forced row-level security', async () => {
    const catalog = await readCatalog(t.db);
    const organisationTables = catalog.tables.filter((table) => table.hasOrgId);
    expect(organisationTables.length).toBeGreaterThan(30);
    expect(organisationTables.filter((table) => !table.rowSecurityForced).map((table) => table.table)).toEqual([]);
  });

  it('sees the references to people the map relies on', async () => {
    const catalog = await readCatalog(t.db);
    const references = catalog.columns.filter((c) => c.referencesPeople).map((c) => `${c.table}.${c.column}`);
    expect(references).toEqual(expect.arrayContaining(['bookings.person_id', 'sessions.coach_id', 'encounters.person_a', 'encounters.person_b']));
    expect(references).not.toContain('bookings.org_id');
  });
});

describe('the check fails when the schema moves away from the map', () => {
  it('reports a new column, a new table of people’s data without row-level security, and a dropped column', async () => {
    const problems = await problemsAddedBy(async (tx) => {
      await sql`alter table people add column nickname text`.execute(tx);
      await sql`alter table modules drop column summary`.execute(tx);
      await sql`create table throwaway_notes (
        org_id uuid not null references organisations (id), person_id uuid not null, body text,
        foreign key (org_id, person_id) references people (org_id, id))`.execute(tx);
    });
    expect(problems.undeclaredColumns).toEqual(['people.nickname']);
    expect(problems.vanishedColumns).toEqual(['modules.summary']);
    expect(problems.unclassifiedTables).toEqual(['throwaway_notes']);
    expect(problems.unprotectedTables).toEqual(['throwaway_notes']);
    expect(describeProblems(problems)).toContain('people.nickname');
    // Rolled back: the database is the migrated one again.
    const { columns } = await readCatalog(t.db);
    expect(columns.some((c) => c.table === 'people' && c.column === 'nickname')).toBe(false);
  });

  it('reports a reference to people declared not personal, and a table said to hold nobody’s data that does', async () => {
    const map: DataMap = { ...DATA_MAP, rooms: { ...DATA_MAP.rooms!, columns: { ...DATA_MAP.rooms!.columns, keeper_id: { personal: false, why: 'forgotten' } } } };
    const problems = await problemsAddedBy(async (tx) => {
      await sql`alter table rooms add column keeper_id uuid, add foreign key (org_id, keeper_id) references people (org_id, id)`.execute(tx);
      await sql`alter table schema_migrations add column org_id uuid`.execute(tx);
    }, map);
    expect(problems.referencesDeclaredNotPersonal).toEqual(['rooms.keeper_id']);
    expect(problems.outsideButOrganisationData).toEqual(['schema_migrations']);
    expect(problems.unprotectedTables).toEqual(['schema_migrations']);
  });
});
