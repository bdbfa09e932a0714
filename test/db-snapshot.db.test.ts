// The two ways tests tell that nothing was written: snapshot() hashes every row, watchChanges()
// notes each write as it happens. Each must see what the app role writes and commits, and nothing
// rolled back or updated to the same values.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/pool.ts';
import { inOrg } from '../src/db/transaction.ts';
import { onCleanup } from './cleanup.ts';
import { createTestDatabase } from './db.ts';
import { snapshot, watchChanges } from './db-snapshot.ts';
import { buildModule, buildOrganisation } from './factories.ts';

describe('telling that nothing was written', () => {
  it('snapshot and the change log agree: a committed insert, update or delete shows, a rollback or an identical update does not', async () => {
    const database = await createTestDatabase(2);
    const org = await buildOrganisation(database.db);
    const module = await buildModule(database.db, { org });
    const changes = await watchChanges(database.db);
    const app = openDatabase(database.appUrl, 2);
    onCleanup(() => app.close());
    const read = async () => ({ hashes: await snapshot(database.db), notes: await changes() });

    const start = await read();
    // As the app role, under row-level security, as a request writes.
    await inOrg(app.db, org.id, (tx) => tx.updateTable('modules').set({ title: module.title }).where('id', '=', module.id).execute());
    await expect(inOrg(app.db, org.id, async (tx) => {
      await tx.updateTable('modules').set({ title: 'Rolled back' }).where('id', '=', module.id).execute();
      throw new Error('refused');
    })).rejects.toThrow('refused');
    expect(await read()).toEqual(start);

    await inOrg(app.db, org.id, (tx) => tx.updateTable('modules').set({ title: 'Renamed' }).where('id', '=', module.id).execute());
    const renamed = await read();
    expect(renamed.hashes.modules).not.toBe(start.hashes.modules);
    expect(renamed.notes.modules).toBe((start.notes.modules ?? 0) + 1);

    // Written and taken back in one transaction: the hashes cannot tell, the log can.
    await inOrg(app.db, org.id, async (tx) => {
      await tx.updateTable('modules').set({ title: 'Briefly' }).where('id', '=', module.id).execute();
      await tx.updateTable('modules').set({ title: 'Renamed' }).where('id', '=', module.id).execute();
    });
    const back = await read();
    expect(back.hashes).toEqual(renamed.hashes);
    expect(back.notes.modules).toBe(renamed.notes.modules! + 2);

    const added = await buildModule(database.db, { org });
    expect((await read()).notes.modules).toBe(back.notes.modules! + 1);
    await inOrg(app.db, org.id, (tx) => tx.deleteFrom('modules').where('id', '=', added.id).execute());
    const deleted = await read();
    expect(deleted.hashes).toEqual(back.hashes);
    expect(deleted.notes.modules).toBe(back.notes.modules! + 2);
    // Tables that change on a read by design are left out of both.
    await sql`truncate table rate_limit_hits`.execute(database.db);
    expect(await read()).toEqual(deleted);
  });
});
