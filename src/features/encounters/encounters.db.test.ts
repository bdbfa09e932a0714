// Who met whom: the worker's count (who counts, how often, since when), a no-show recorded after the
// count, the rebuild against the count on a long random history, the wall between organisations,
// and a person's erasure taking their encounters with them.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCrontab, type Task } from 'graphile-worker';
import { sql } from 'kysely';
import pg from 'pg';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { hoursAfterPastMonday, hoursAfterReference } from '../../../test/dates.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';
import { openDatabase, type Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import type { BookingStatus } from '../../db/schema.ts';
import { ENCOUNTERS_CRONTAB, countEncountersTask } from './jobs.ts';
import { runEncountersCommand } from './rebuild-cli.ts';
import { countDueEncounters, rebuildOrganisationEncounters } from './service.ts';

let t: TestDatabase;
/** As quartet_app, as the worker and requests run. */
let app: Db;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'quartet-encounters-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['src/cli.ts', ...args], {
    // Not the test process's environment: Vitest puts Vite's BASE_URL=/ there.
    env: { PATH: process.env.PATH, TZ: process.env.TZ, DATABASE_URL: t.url, DATA_DIR: tmp, LOG_LEVEL: 'silent' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  t = await createTestDatabase(6);
  const handle = openDatabase(t.appUrl, 4);
  app = handle.db;
  return () => handle.close();
});

type Row = { person_a: string; person_b: string; first_met: Date; last_met: Date; times: number };

async function encountersOf(orgId: string): Promise<Row[]> {
  return t.db.selectFrom('encounters').where('org_id', '=', orgId)
    .select(['person_a', 'person_b', 'first_met', 'last_met', 'times']).orderBy('person_a').orderBy('person_b').execute();
}

const pair = (x: { id: string }, y: { id: string }) => (x.id < y.id ? [x.id, y.id] : [y.id, x.id]) as [string, string];

function find(rows: Row[], x: { id: string }, y: { id: string }): Row | undefined {
  const [a, b] = pair(x, y);
  return rows.find((r) => r.person_a === a && r.person_b === b);
}

/** A session at `startsAt` with these people's seats, each then set to its status. */
async function heldSession(org: OrgRow, startsAt: Date, seats: Array<[PersonRow, BookingStatus]>) {
  const session = await buildSession(t.db, { org, startsAt, capacity: Math.max(4, seats.length) });
  for (const [person, status] of seats) {
    const booking = await buildBooking(t.db, { session, person });
    if (status !== 'active') {
      await t.db.updateTable('bookings').set({ status, ...(status === 'cancelled' && { cancelled_at: startsAt, cancel_reason: 'employee' }) })
        .where('id', '=', booking.id).execute();
    }
  }
  return session;
}

async function people(org: OrgRow, n: number, department = 'Engineering') {
  return Promise.all(Array.from({ length: n }, () => buildPerson(t.db, { org, department })));
}

describe('the count of who met whom', () => {
  it('pairs those who attended or kept their seat, of sessions held; not no-shows, given-up seats, cancelled or future sessions', async () => {
    const org = await buildOrganisation(t.db);
    const [ana, ben, cem, dora, eli] = await people(org, 5) as [PersonRow, PersonRow, PersonRow, PersonRow, PersonRow];
    await heldSession(org, hoursAfterPastMonday(-48), [[ana, 'attended'], [ben, 'active'], [cem, 'no_show'], [dora, 'cancelled']]);
    const called = await heldSession(org, hoursAfterPastMonday(-24), [[cem, 'active'], [dora, 'active']]);
    await t.db.updateTable('sessions').set({ status: 'cancelled', cancelled_at: hoursAfterPastMonday(-30), cancel_reason: 'Coach ill' }).where('id', '=', called.id).execute();
    await heldSession(org, hoursAfterReference(24), [[ana, 'active'], [eli, 'active']]);

    const counted = await countDueEncounters(app);
    expect(counted.sessions).toBeGreaterThanOrEqual(2);
    const rows = await encountersOf(org.id);
    expect(rows).toEqual([{ person_a: pair(ana, ben)[0], person_b: pair(ana, ben)[1], first_met: hoursAfterPastMonday(-48), last_met: hoursAfterPastMonday(-48), times: 1 }]);
    // Nothing new has ended: a second count changes nothing.
    expect(await countDueEncounters(app)).toEqual({ sessions: 0, pairs: 0 });
    expect(await encountersOf(org.id)).toEqual(rows);
  });

  it('keeps how often and when first and last, over several sessions and counts', async () => {
    const org = await buildOrganisation(t.db);
    const [ana, ben, cem] = await people(org, 3) as [PersonRow, PersonRow, PersonRow];
    await heldSession(org, hoursAfterPastMonday(-300), [[ana, 'attended'], [ben, 'attended']]);
    await countDueEncounters(app);
    await heldSession(org, hoursAfterPastMonday(-200), [[ana, 'attended'], [ben, 'active'], [cem, 'attended']]);
    await heldSession(org, hoursAfterPastMonday(-100), [[ben, 'attended'], [ana, 'attended']]);
    await countDueEncounters(app);
    const rows = await encountersOf(org.id);
    expect(find(rows, ana, ben)).toMatchObject({ first_met: hoursAfterPastMonday(-300), last_met: hoursAfterPastMonday(-100), times: 3 });
    expect(find(rows, ana, cem)).toMatchObject({ first_met: hoursAfterPastMonday(-200), last_met: hoursAfterPastMonday(-200), times: 1 });
    expect(find(rows, ben, cem)).toMatchObject({ times: 1 });
    expect(rows).toHaveLength(3);
  });

  it('counts a session again when a no-show is recorded after its count, under the app role', async () => {
    const org = await buildOrganisation(t.db);
    const [ana, ben, cem] = await people(org, 3) as [PersonRow, PersonRow, PersonRow];
    const session = await heldSession(org, hoursAfterPastMonday(-72), [[ana, 'active'], [ben, 'active'], [cem, 'active']]);
    await countDueEncounters(app);
    expect(await encountersOf(org.id)).toHaveLength(3);

    await inOrg(app, org.id, (tx) => tx.updateTable('bookings').set({ status: 'no_show' }).where('session_id', '=', session.id).where('person_id', '=', cem.id).execute());
    const marked = await t.db.selectFrom('sessions').select('encounters_counted_at').where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(marked.encounters_counted_at).toBeNull();
    expect(await countDueEncounters(app)).toEqual({ sessions: 1, pairs: 1 });
    const rows = await encountersOf(org.id);
    expect(rows.map((r) => [r.person_a, r.person_b])).toEqual([pair(ana, ben)]);

    // And back: the coach corrects it to attended.
    await inOrg(app, org.id, (tx) => tx.updateTable('bookings').set({ status: 'attended' }).where('session_id', '=', session.id).where('person_id', '=', cem.id).execute());
    await countDueEncounters(app);
    expect(await encountersOf(org.id)).toHaveLength(3);
  });

  it('does not miss a no-show recorded while a count is marking the session (real concurrency)', async () => {
    const org = await buildOrganisation(t.db);
    const [ana, ben, cem] = await people(org, 3) as [PersonRow, PersonRow, PersonRow];
    const session = await heldSession(org, hoursAfterPastMonday(-80), [[ana, 'active'], [ben, 'active'], [cem, 'active']]);
    const counting = new pg.Client({ connectionString: t.appUrl });
    const coach = new pg.Client({ connectionString: t.appUrl });
    await Promise.all([counting.connect(), coach.connect()]);
    try {
      // The count has marked the session and read its seats, and not committed yet.
      await counting.query('begin');
      await counting.query('select * from count_encounters()');
      await coach.query('begin');
      await coach.query(`select set_config('app.org_id', $1, true)`, [org.id]);
      const recorded = coach.query(`update bookings set status = 'no_show' where session_id = $1 and person_id = $2`, [session.id, cem.id]);
      await new Promise((r) => setTimeout(r, 200));
      await counting.query('commit');
      await recorded;
      await coach.query('commit');
    } finally {
      await Promise.all([counting.end(), coach.end()]);
    }
    // The count saw three people; the no-show took its mark away, so the next count corrects it.
    const marked = await t.db.selectFrom('sessions').select('encounters_counted_at').where('id', '=', session.id).executeTakeFirstOrThrow();
    expect(marked.encounters_counted_at).toBeNull();
    await countDueEncounters(app);
    expect((await encountersOf(org.id)).map((r) => [r.person_a, r.person_b])).toEqual([pair(ana, ben)]);
  });

  it('runs as the worker’s scheduled task, every quarter of an hour', async () => {
    const [entry] = parseCrontab(ENCOUNTERS_CRONTAB);
    expect(entry?.task).toBe('count_encounters');
    const fires = Array.from({ length: 60 }, (_, min) => min).filter((min) => entry!.match({ min, hour: 9, date: 1, month: 3, dow: 1 }));
    expect(fires).toEqual([0, 15, 30, 45]);
    const org = await buildOrganisation(t.db);
    const [ana, ben] = await people(org, 2);
    await heldSession(org, hoursAfterPastMonday(-7), [[ana!, 'attended'], [ben!, 'active']]);
    const logged: unknown[] = [];
    const logger = { info: (o: unknown) => logged.push(o) } as unknown as Logger;
    await countEncountersTask(app, logger)(undefined, {} as Parameters<Task>[1]);
    expect(await encountersOf(org.id)).toHaveLength(1);
    expect(logged).toEqual([{ sessions: 1, pairs: 1 }]);
  });

  it('goes through a long history in rounds of a bounded number of sessions', async () => {
    const org = await buildOrganisation(t.db);
    const crowd = await people(org, 4);
    for (let i = 0; i < 5; i++) await heldSession(org, hoursAfterPastMonday(-1000 - i * 10), crowd.map((p) => [p, 'attended'] as [PersonRow, BookingStatus]));
    expect(await countDueEncounters(app, { round: 2 })).toEqual({ sessions: 5, pairs: 6 + 6 + 6 });
    expect((await encountersOf(org.id)).map((r) => r.times)).toEqual([5, 5, 5, 5, 5, 5]);
  });
});

describe('the rebuild', () => {
  it('equals the incremental result on a random history with late changes, and what the bookings say', async () => {
    const org = await buildOrganisation(t.db);
    const other = await buildOrganisation(t.db);
    const crowd = [...await people(org, 10, 'Sales'), ...await people(org, 8, 'Finance')];
    const strangers = await people(other, 4);
    let seed = 7;
    const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const statuses: BookingStatus[] = ['attended', 'attended', 'attended', 'active', 'no_show', 'cancelled'];
    const bookings: Array<{ id: string; session_id: string }> = [];

    // 120 sessions, a day apart, counted as time goes by (every ten days), with changes made to
    // sessions already counted: statuses recorded late, seats given up afterwards.
    const first = -24 * 400;
    for (let i = 0; i < 120; i++) {
      const startsAt = hoursAfterPastMonday(first + i * 24);
      const seats = [...crowd].sort(() => rand() - 0.5).slice(0, 2 + Math.floor(rand() * 3));
      const session = await heldSession(org, startsAt, seats.map((p) => [p, pick(statuses)] as [PersonRow, BookingStatus]));
      bookings.push(...await t.db.selectFrom('bookings').select(['id', 'session_id']).where('session_id', '=', session.id).execute());
      if (i % 15 === 0) await heldSession(other, startsAt, strangers.map((p) => [p, 'attended'] as [PersonRow, BookingStatus]));
      if (i % 10 === 9) {
        await countDueEncounters(app, { now: hoursAfterPastMonday(first + i * 24 + 2) });
        for (let k = 0; k < 4; k++) {
          const late = pick(bookings);
          const status = pick(statuses);
          await t.db.updateTable('bookings').set({ status, cancelled_at: status === 'cancelled' ? startsAt : null, cancel_reason: status === 'cancelled' ? 'admin' : null })
            .where('id', '=', late.id).execute();
        }
      }
    }
    await countDueEncounters(app);
    const incremental = await encountersOf(org.id);
    const elsewhere = await encountersOf(other.id);

    const rebuilt = await inOrg(t.db, org.id, (tx) => rebuildOrganisationEncounters(tx, org.id));
    expect(rebuilt.sessions).toBe(0);
    expect(rebuilt.pairs).toBe(incremental.length);
    expect(await encountersOf(org.id)).toEqual(incremental);
    expect(await encountersOf(other.id)).toEqual(elsewhere);

    // And both are what the bookings say, computed here independently of the database's functions.
    const { rows: seats } = await sql<{ session_id: string; person_id: string; starts_at: Date }>`
      select b.session_id, b.person_id, s.starts_at from bookings b join sessions s on s.id = b.session_id
      where b.org_id = ${org.id} and b.status in ('attended', 'active') and s.status <> 'cancelled' and s.ends_at <= now()`.execute(t.db);
    const bySession = Map.groupBy(seats, (s) => s.session_id);
    const expected = new Map<string, Row>();
    for (const group of bySession.values()) {
      for (const x of group) {
        for (const y of group) {
          if (x.person_id >= y.person_id) continue;
          const key = `${x.person_id}|${y.person_id}`;
          const row = expected.get(key) ?? { person_a: x.person_id, person_b: y.person_id, first_met: x.starts_at, last_met: x.starts_at, times: 0 };
          row.times += 1;
          if (x.starts_at < row.first_met) row.first_met = x.starts_at;
          if (x.starts_at > row.last_met) row.last_met = x.starts_at;
          expected.set(key, row);
        }
      }
    }
    const byIds = (p: Row, q: Row) => (p.person_a === q.person_a ? (p.person_b < q.person_b ? -1 : 1) : p.person_a < q.person_a ? -1 : 1);
    const sorted = [...expected.values()].sort(byIds);
    expect(incremental.length).toBeGreaterThan(50);
    expect(incremental).toEqual(sorted);
  });

  it('is the command `quartet encounters rebuild`, for one organisation or all', async () => {
    const org = await buildOrganisation(t.db);
    const [ana, ben] = await people(org, 2);
    await heldSession(org, hoursAfterPastMonday(-10), [[ana!, 'attended'], [ben!, 'attended']]);
    const one = await cli('encounters', 'rebuild', '--org', org.slug);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual({ organisations: [{ slug: org.slug, sessionsNewlyCounted: 1, pairs: 1 }] });
    const all = await runEncountersCommand(t.db, {});
    expect(all.organisations.find((o) => o.slug === org.slug)).toEqual({ slug: org.slug, sessionsNewlyCounted: 0, pairs: 1 });
    const unknown = await cli('encounters', 'rebuild', '--org', 'no-such-org');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no-such-org/);
  });
});

describe('encounters and privacy', () => {
  it('shows an organisation only its own, and nothing without one', async () => {
    const [mine, theirs] = [await buildOrganisation(t.db), await buildOrganisation(t.db)];
    for (const org of [mine, theirs]) {
      const [x, y] = await people(org, 2);
      await heldSession(org, hoursAfterPastMonday(-5), [[x!, 'attended'], [y!, 'attended']]);
    }
    await countDueEncounters(app);
    const seen = await inOrg(app, mine.id, (tx) => tx.selectFrom('encounters').select('org_id').execute());
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.org_id))).toEqual(new Set([mine.id]));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from encounters`.execute(app);
    expect(rows[0]!.n).toBe(0);
    // Requests read them; only the count writes.
    await expect(inOrg(app, mine.id, (tx) => sql`delete from encounters`.execute(tx))).rejects.toThrow(/permission denied/);
  });

  it('removes a person’s encounters when the person is erased, and keeps the others’', async () => {
    const org = await buildOrganisation(t.db);
    const [ana, ben, cem] = await people(org, 3) as [PersonRow, PersonRow, PersonRow];
    await heldSession(org, hoursAfterPastMonday(-20), [[ana, 'attended'], [ben, 'attended'], [cem, 'attended']]);
    await countDueEncounters(app);
    expect(await encountersOf(org.id)).toHaveLength(3);
    // As a request would erase them (issue 15), under the app role.
    await inOrg(app, org.id, async (tx) => {
      await tx.deleteFrom('bookings').where('person_id', '=', cem.id).execute();
      await tx.deleteFrom('people').where('id', '=', cem.id).execute();
    });
    const rows = await encountersOf(org.id);
    expect(rows.map((r) => [r.person_a, r.person_b])).toEqual([pair(ana, ben)]);
    // Counted again (a booking went), the rest stands.
    await countDueEncounters(app);
    expect((await encountersOf(org.id)).map((r) => [r.person_a, r.person_b])).toEqual([pair(ana, ben)]);
  });
});
