// Availability saved while the coach stops coaching in another transaction (found by a review): the
// save read the person as an active coach, the deactivation's trigger (migration 046) found nothing
// to delete yet, and both committed, so a deactivated person kept availability. The save now holds
// the person's row while it decides, so the two take turns.
import { sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

const AVAILABILITY = { timeZone: 'Europe/Berlin', maxSessionsPerWeek: 2, coachesOnline: true, sites: [], moduleIds: [], windows: [{ weekday: 1, from: '09:00', to: '12:00' }] };

describe('saving availability while the coach stops coaching', () => {
  for (const [what, change] of [['is deactivated', sql`active = false`], ['loses the coach role', sql`roles = '{employee}'`]] as const) {
    it(`keeps none when the coach ${what} in a transaction that commits meanwhile`, async () => {
      const db = t.database.db;
      const org = await buildOrganisation(db);
      const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
      const cookie = await t.cookieFor(admin);
      const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
      const saved = await db.connection().execute(async (conn) => {
        await sql`begin`.execute(conn);
        await sql`update people set ${change} where id = ${coach.id}`.execute(conn);
        const saving = call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, { cookie, body: AVAILABILITY });
        // Long enough for the save to reach the person's row; it waits there once it takes turns.
        await Promise.race([saving, sleep(500)]);
        await sql`commit`.execute(conn);
        return saving;
      });
      expect(saved.status, saved.text).toBe(400);
      expect(await db.selectFrom('coach_availability').where('person_id', '=', coach.id).select('person_id').execute()).toEqual([]);
      expect(await db.selectFrom('coach_windows').where('person_id', '=', coach.id).select('id').execute()).toEqual([]);
    });
  }
});
