// An erased coach in the planner's proposals: input, sessions and gaps named the coach by id beside
// their weekly windows, days away and seats held. Erasure now puts the stand-in in their place and
// drops all those times; publishing the plan then names the coach's sessions COACH_INACTIVE (the
// stand-in is inactive) instead of failing as "Coach not found". Proposals stored before (a coach
// erased before erasure rewrote them, or since, with days away left) are cleaned by migration 051.
import { DateTime } from 'luxon';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession, type PersonRow } from '../../../test/factories.ts';
import { readMigrations } from '../../db/migrate.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

const BERLIN = 'Europe/Berlin';
const MONDAY = REFERENCE_MONDAY.toISOString().slice(0, 10);

describe('erasing a coach a draft plan names', () => {
  it('leaves their id nowhere in the stored proposal, and publishing names their sessions COACH_INACTIVE', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db, { default_capacity: 4 });
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const adminCookie = await t.cookieFor(admin);
    await buildModule(db, { org, title: 'Feedback' });
    await buildRoom(db, { org, site: 'Hamburg', capacity: 6, timeZone: BERLIN });
    await db.insertInto('people').values(Array.from({ length: 40 }, (_, i) => ({
      org_id: org.id, email: `hh-${i}-${org.id}@example.test`, name: `HH ${i}`, department: i % 2 ? 'Sales' : 'Engineering', site: 'Hamburg', time_zone: BERLIN,
    }))).execute();
    const coaches: PersonRow[] = [];
    for (let i = 0; i < 2; i++) {
      const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: `Coach ${i}`, timeZone: BERLIN, site: 'Hamburg' });
      const saved = await call(t, 'PUT', `/api/admin/coaches/${coach.id}/availability`, { cookie: adminCookie, body: {
        timeZone: BERLIN, maxSessionsPerWeek: 3, coachesOnline: true, sites: ['Hamburg'], moduleIds: [],
        windows: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, from: i === 0 ? '08:00' : '13:00', to: i === 0 ? '12:30' : '17:30' })),
      } });
      expect(saved.status, saved.text).toBe(200);
      coaches.push(coach);
    }
    // A day away of the coach to be erased, so the input holds one.
    const away = DateTime.fromISO(MONDAY, { zone: BERLIN }).plus({ days: 9 });
    await db.insertInto('coach_absences').values({
      org_id: org.id, coach_id: coaches[0]!.id, first_day: away.toISODate()!, last_day: away.toISODate()!,
      starts_at: away.toJSDate(), ends_at: away.plus({ days: 1 }).toJSDate(),
    }).execute();
    // A seat the coach to be erased holds as a participant, so the input holds one.
    const attended = await buildSession(db, { org, coach: coaches[1]!, startsAt: away.plus({ days: 2, hours: 14 }).toJSDate(), format: 'virtual' });
    await buildBooking(db, { session: attended, person: coaches[0]! });
    const proposed = await call(t, 'POST', '/api/admin/planner/proposals', { cookie: adminCookie, body: {
      weeks: 4, startsOn: MONDAY, frequency: { every: 1, unit: 'month' }, virtualShare: 0.3,
    } });
    expect(proposed.status, proposed.text).toBe(201);
    const sessions = proposed.body.sessions as Array<{ key: string; coachId: string }>;
    const gone = coaches[0]!;
    expect(new Set(sessions.map((s) => s.coachId))).toEqual(new Set(coaches.map((c) => c.id)));
    const stored = () => db.selectFrom('plan_proposals').where('id', '=', proposed.body.id).select(['input', 'sessions', 'gaps']).executeTakeFirstOrThrow();
    expect(JSON.stringify(await stored())).toContain(gone.id);
    const before = (await stored()).input as { coaches: Array<{ id: string; away?: unknown[]; attending?: unknown[] }> };
    const theirs = before.coaches.find((c) => c.id === gone.id)!;
    expect([theirs.away?.length, theirs.attending?.length]).toEqual([1, 1]);

    const erased = await call(t, 'POST', `/api/admin/people/${gone.id}/erasure`, { cookie: adminCookie, body: { confirmEmail: gone.email } });
    expect(erased.status, erased.text).toBe(200);
    const after = await stored();
    expect(JSON.stringify(after), 'the erased coach’s id in the proposal').not.toContain(gone.id);
    const input = after.input as { coaches: Array<{ id: string; windows: unknown[]; exceptions?: unknown[]; booked?: unknown[]; away?: unknown[]; attending?: unknown[] }> };
    const standIn = input.coaches.find((c) => c.id !== coaches[1]!.id)!;
    expect([standIn.windows, standIn.exceptions, standIn.booked, standIn.away, standIn.attending]).toEqual([[], [], [], [], []]);

    const refused = await call(t, 'POST', `/api/admin/planner/proposals/${proposed.body.id}/publish`, { cookie: adminCookie, body: { onlineUrl: 'https://meet.example.test/quartet' } });
    expect([refused.status, refused.body.code], refused.text).toEqual([409, 'PLAN_CONFLICTS']);
    expect(refused.body.conflicts.map((c: { sessionKey: string; conflicts: string[] }) => [c.sessionKey, c.conflicts]).sort())
      .toEqual(sessions.filter((s) => s.coachId === gone.id).map((s) => [s.key, ['COACH_INACTIVE']]).sort());
  });
});

describe('proposals stored before erasure took every time of the coach out (migration 051)', () => {
  const times = { windows: [{ weekday: 1, start: '09:00', end: '12:00' }], exceptions: [{ date: '2027-01-05', windows: [] }],
    booked: [{ start: '2027-01-04T09:00:00.000Z', end: '2027-01-04T10:30:00.000Z' }],
    away: [{ start: '2027-01-06T00:00:00.000Z', end: '2027-01-07T00:00:00.000Z' }],
    attending: [{ start: '2027-01-08T09:00:00.000Z', end: '2027-01-08T10:30:00.000Z' }] };
  const coachEntry = (id: string) => ({ id, zone: BERLIN, modules: [], sites: ['Hamburg'], virtual: true, weeklyMax: 3, ...times });

  async function storeProposal(orgId: string, coachIds: string[]) {
    const row = await t.database.db.insertInto('plan_proposals').values({
      org_id: orgId, demand: JSON.stringify({ weeks: 1 }), horizon_start: new Date('2027-01-04T00:00:00Z'), weeks: 1,
      input: JSON.stringify({ horizon: { start: '2027-01-04T00:00:00.000Z', weeks: 1 }, coaches: coachIds.map(coachEntry) }),
      sessions: JSON.stringify(coachIds.map((coachId, i) => ({ key: `s${i + 1}`, coachId }))),
      gaps: JSON.stringify([{ placeId: 'virtual-berlin', coachesAtMaximum: coachIds }]), achievable_per_week: [1],
    }).returning('id').executeTakeFirstOrThrow();
    return async () => t.database.db.selectFrom('plan_proposals').where('id', '=', row.id).select(['input', 'sessions', 'gaps']).executeTakeFirstOrThrow();
  }

  async function runMigration051() {
    const migration = (await readMigrations()).find((m) => m.version === '051')!;
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    try {
      await client.query(migration.sql);
    } finally {
      await client.end();
    }
  }

  it('gives a coach erased before a stand-in, takes every time of theirs and of an erased coach’s stand-in out, and leaves the others', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const kept = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const erasedLongAgo = crypto.randomUUID(); // their row went with the erasure, their id stayed here
    const { id: standIn } = await db.insertInto('people').values({
      org_id: org.id, email: `si-${org.id}@erased.invalid`, name: '(erased)', time_zone: 'UTC', roles: ['employee'], active: false, anonymised_at: new Date(),
    }).returning('id').executeTakeFirstOrThrow();
    const read = await storeProposal(org.id, [erasedLongAgo, standIn, kept.id]);

    await runMigration051();

    const after = await read();
    expect(JSON.stringify(after)).not.toContain(erasedLongAgo);
    const coachesAfter = (after.input as { coaches: Array<ReturnType<typeof coachEntry>> }).coaches;
    const [fresh, sameStandIn, same] = coachesAfter;
    const made = await db.selectFrom('people').where('id', '=', fresh!.id).select(['org_id', 'active', 'anonymised_at']).executeTakeFirstOrThrow();
    expect([made.org_id, made.active, made.anonymised_at !== null]).toEqual([org.id, false, true]);
    for (const gone of [fresh!, sameStandIn!]) {
      expect([gone.windows, gone.exceptions, gone.booked, gone.away, gone.attending]).toEqual([[], [], [], [], []]);
    }
    expect(sameStandIn!.id).toBe(standIn);
    expect(same).toEqual(coachEntry(kept.id));
    expect((after.sessions as Array<{ coachId: string }>).map((s) => s.coachId)).toEqual([fresh!.id, standIn, kept.id]);
    expect(after.gaps).toEqual([{ placeId: 'virtual-berlin', coachesAtMaximum: [fresh!.id, standIn, kept.id] }]);
  });
});
