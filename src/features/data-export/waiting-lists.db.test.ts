// A person's copy of their data and their waiting lists: an entry is shown with its session (module,
// start), as a booking is, not as a bare row of otherRecords that never says which session it was.
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';
import { DATA_MAP } from '../privacy/data-map.ts';
import { prepareExport } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

describe('the export of a person who waits in a line and coaches', () => {
  it('says which session each waiting-list entry is for, and holds their availability', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const person = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const module = await buildModule(db, { org, title: 'Negotiation basics' });
    const full = await buildSession(db, { org, module, capacity: 1 });
    await buildBooking(db, { session: full });
    await sql`insert into waitlist_entries (org_id, session_id, person_id) values (${org.id}, ${full.id}, ${person.id})`.execute(db);
    await sql`insert into coach_availability (org_id, person_id, time_zone, max_sessions_per_week) values (${org.id}, ${person.id}, 'Europe/Berlin', 3)`.execute(db);
    await sql`insert into coach_windows (org_id, person_id, weekday, starts_minute, ends_minute) values (${org.id}, ${person.id}, 2, 540, 720)`.execute(db);

    const { rows: [request] } = await sql<{ id: string }>`insert into data_exports (org_id, person_id) values (${org.id}, ${person.id}) returning id`.execute(db);
    expect(await prepareExport(t.ctx.db, org.id, request!.id, DATA_MAP)).toBe('ready');
    const { rows: [stored] } = await sql<{ archive: Buffer }>`select archive from data_exports where id = ${request!.id}`.execute(db);
    const files = unzipSync(new Uint8Array(stored!.archive));
    const data = JSON.parse(strFromU8(files['data.json']!)) as { waitingLists: unknown[]; otherRecords: Record<string, Array<Record<string, unknown>>> };

    expect(data.otherRecords.coach_windows).toEqual([expect.objectContaining({ weekday: 2, startsMinute: 540, endsMinute: 720 })]);
    expect(data.waitingLists).toEqual([expect.objectContaining({
      status: 'waiting', endedAt: null,
      session: expect.objectContaining({ id: full.id, startsAt: full.starts_at.toISOString(), module: expect.objectContaining({ title: 'Negotiation basics' }) }),
    })]);
    // Once, in its own section: not again, without its session, among the other records.
    expect(data.otherRecords.waitlist_entries).toBeUndefined();
    expect(strFromU8(files['summary.html']!)).toMatch(/Waiting lists<br><code>waitingLists<\/code><\/th><td>1</);
  });
});
