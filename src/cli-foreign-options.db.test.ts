// An option a command does not read is refused before it runs: an operator who adds --dry-run to
// an erasure or a deletion, expecting a preview, must not get the real thing.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { buildOrganisation, buildPerson, type OrgRow, type PersonRow } from '../test/factories.ts';
import { runCli } from '../test/run-cli.ts';

let t: TestDatabase;
let org: OrgRow;
let person: PersonRow;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quartet-cli-options-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const cli = (...args: string[]) => runCli(t.url, tmp, args);

beforeAll(async () => {
  t = await createTestDatabase(2);
  org = await buildOrganisation(t.db, { name: 'Options' });
  person = await buildPerson(t.db, { org, roles: ['employee', 'admin'] });
});

describe('an option the command does not take', () => {
  it('refuses `people erase … --dry-run` and erases nobody', async () => {
    const run = await cli('people', 'erase', '--org', org.slug, '--email', person.email, '--dry-run');
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe('"people erase" does not take --dry-run (it takes --org, --email); nothing was done. See quartet --help.');
    expect(run.stdout).toBe('');
    const still = await t.db.selectFrom('people').where('id', '=', person.id).select(['name', 'email']).executeTakeFirst();
    expect(still).toEqual({ name: person.name, email: person.email });
  });

  it('refuses options of other commands, naming those it takes', async () => {
    const suspend = await cli('org', 'suspend', '--slug', org.slug, '--dry-run');
    expect(suspend.code).toBe(1);
    expect(suspend.stderr).toMatch(/^"org suspend" does not take --dry-run \(it takes --slug\)/);
    expect((await t.db.selectFrom('organisations').where('id', '=', org.id).select('status').executeTakeFirstOrThrow()).status).toBe('active');
    const list = await cli('sessions', 'list', '--as', person.email, '--reason', 'x', '--capacity', '3');
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/^"sessions list" does not take --reason, --capacity \(it takes --as, --org, --limit\)/);
    expect((await cli('org', 'list', '--slug', org.slug)).stderr).toMatch(/^"org list" does not take --slug \(it takes none\)/);
  });

  it('still runs a command with its own options', async () => {
    const list = await cli('sessions', 'list', '--as', person.email, '--org', org.slug, '--limit', '2');
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
  });
});
