// Retention against a published cohort (migration 047): the cohort's schedule named each member in
// a group of every round, and cohort_groups (or the round's start and the group's coach) named the
// session, so the one stand-in found in all of a member's group sessions was the member, with their
// attendance and no-shows. The reviewer's attack is run after retention: it must find nobody. The
// cohorts it deletes are counted like every other row it touches (the preview, the run's report).
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow } from '../../../test/factories.ts';
import { inOrg } from '../../db/transaction.ts';
import { cutoffsAt, DEFAULT_SETTINGS } from './rules.ts';
import { countDue, runRetention } from './service.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});

const NOW = REFERENCE_MONDAY;
const DAY = 86_400_000;

/** A published cohort of eight in two groups a round, its rounds `starts` apart, each group a session
 * whose seats were marked attended or no-show (the rounds still ahead of NOW hold active seats). */
async function publishedCohort(org: OrgRow, starts: Date[]) {
  const db = t.db;
  const module = await buildModule(db, { org });
  const coaches = [await buildPerson(db, { org, roles: ['coach', 'employee'] }), await buildPerson(db, { org, roles: ['coach', 'employee'] })];
  const members = [];
  for (let i = 0; i < 8; i++) members.push(await buildPerson(db, { org, name: `Member ${i}` }));
  const ids = members.map((m) => m.id);
  // Round 0: 0–3 | 4–7; round 1: evens | odds; a round 2, if any, like round 0.
  const groupings = [[ids.slice(0, 4), ids.slice(4)], [ids.filter((_, i) => i % 2 === 0), ids.filter((_, i) => i % 2 === 1)]];
  const schedule = starts.map((_, r) => groupings[r % 2]!);
  const { rows: [cohort] } = await sql<{ id: string }>`insert into cohorts (org_id, name, module_id, status, rounds, time_zone, duration_minutes,
      format, seed, solver_status, schedule, created_by, published_at, published_by)
    values (${org.id}, 'Leadership cohort', ${module.id}, 'published', ${starts.length}, 'Europe/Berlin', 90, 'virtual', 1, 'done',
      ${JSON.stringify(schedule)}::jsonb, ${coaches[0]!.id}, ${starts[0]!}, ${coaches[0]!.id}) returning id`.execute(db);
  for (const [position, m] of members.entries()) {
    await sql`insert into cohort_members (org_id, cohort_id, person_id, position, department) values (${org.id}, ${cohort!.id}, ${m.id}, ${position}, 'Engineering')`.execute(db);
  }
  for (const [round, startsAt] of starts.entries()) {
    await sql`insert into cohort_rounds (org_id, cohort_id, round, starts_at) values (${org.id}, ${cohort!.id}, ${round}, ${startsAt})`.execute(db);
    for (const [groupNo, people] of schedule[round]!.entries()) {
      const coach = coaches[(groupNo + round) % 2]!;
      const session = await buildSession(db, { org, module, coach, startsAt });
      await sql`insert into cohort_groups (org_id, cohort_id, round, group_no, coach_id, online_url, session_id)
        values (${org.id}, ${cohort!.id}, ${round}, ${groupNo}, ${coach.id}, ${session.online_url}, ${session.id})`.execute(db);
      for (const personId of people) {
        const booking = await buildBooking(db, { session, person: { id: personId } });
        if (startsAt < NOW) {
          const mark = ids.indexOf(personId) === 0 ? 'no_show' : 'attended';
          await sql`update bookings set status = ${mark} where id = ${booking.id}`.execute(db);
        }
      }
    }
  }
  return { cohortId: cohort!.id, members: ids };
}

/** The attack: the stand-ins present in every session of the member's groups, the sessions found
 * through cohort_groups.session_id or, as well, through the round's start and the group's coach. */
async function standInsOfAllGroupsOf(cohortId: string, member: string): Promise<string[]> {
  const { rows } = await sql<{ person_id: string }>`
    with mine as (
      select (r.n - 1)::int as round, (g.n - 1)::int as group_no
      from cohorts c, jsonb_array_elements(c.schedule) with ordinality r(groups, n), jsonb_array_elements(r.groups) with ordinality g(members, n)
      where c.id = ${cohortId} and g.members ? ${member}::text
    ), their_sessions as (
      select distinct s.id from mine
      join cohort_groups cg on cg.cohort_id = ${cohortId} and cg.round = mine.round and cg.group_no = mine.group_no
      join cohort_rounds cr on cr.cohort_id = ${cohortId} and cr.round = mine.round
      join sessions s on s.org_id = cg.org_id and (s.id = cg.session_id or (s.starts_at = cr.starts_at and s.coach_id = cg.coach_id))
    )
    select b.person_id from bookings b join their_sessions ts on ts.id = b.session_id
    join people p on p.id = b.person_id and p.anonymised_at is not null
    group by b.person_id having count(distinct b.session_id) = (select count(*) from their_sessions) and count(*) > 0`.execute(t.db);
  return rows.map((r) => r.person_id);
}

async function retention(org: OrgRow) {
  const run = await runRetention(t.db, { now: NOW, orgIds: [org.id] });
  return run.organisations[0]!;
}

describe('retention and a published cohort whose rounds are past the bookings cut-off', () => {
  it('leaves no schedule or group through which a member’s anonymous seats can be found', async () => {
    const org = await buildOrganisation(t.db);
    const threeYearsAgo = new Date(NOW.getTime() - 3 * 365 * DAY);
    const { cohortId, members } = await publishedCohort(org, [threeYearsAgo, new Date(threeYearsAgo.getTime() + 7 * DAY)]);

    // The preview and the run's report count the cohort it removes, as every other row it touches.
    const due = await inOrg(t.db, org.id, (tx) => countDue(tx, org.id, cutoffsAt(NOW, DEFAULT_SETTINGS)));
    expect([due.ended_cohorts, due.bookings_anonymised]).toEqual([1, 16]);
    const outcome = await retention(org);
    expect(outcome.failed).toBeUndefined();
    expect([outcome.counts.ended_cohorts, outcome.counts.bookings_anonymised]).toEqual([1, 16]);
    const { rows: [run] } = await sql<{ counts: Record<string, number> }>`select counts from retention_runs where org_id = ${org.id}`.execute(t.db);
    expect(run!.counts).toMatchObject({ ended_cohorts: 1, bookings_anonymised: 16 });
    for (const member of members) {
      expect(await standInsOfAllGroupsOf(cohortId, member), `a stand-in in every group session of ${member}`).toEqual([]);
    }
    // The sessions and their anonymous attendance stay for the figures.
    const { rows } = await sql<{ status: string; n: number }>`
      select b.status, count(*)::int as n from bookings b join sessions s on s.id = b.session_id
      where b.org_id = ${org.id} and s.starts_at < ${NOW} group by b.status order by b.status`.execute(t.db);
    expect(rows).toEqual([{ status: 'attended', n: 14 }, { status: 'no_show', n: 2 }]);
  });

  it('keeps a cohort with a round still ahead, and its members’ seats, until that round has begun', async () => {
    const org = await buildOrganisation(t.db);
    const threeYearsAgo = new Date(NOW.getTime() - 3 * 365 * DAY);
    const ahead = new Date(NOW.getTime() + 7 * DAY);
    const { cohortId, members } = await publishedCohort(org, [threeYearsAgo, new Date(threeYearsAgo.getTime() + 7 * DAY), ahead]);

    const first = await retention(org);
    expect([first.counts.ended_cohorts, first.counts.bookings_anonymised]).toEqual([0, 0]);
    const { rows: kept } = await sql`select 1 from cohorts where id = ${cohortId}`.execute(t.db);
    expect(kept).toHaveLength(1);

    const later = await runRetention(t.db, { now: new Date(ahead.getTime() + DAY), orgIds: [org.id] });
    expect([later.organisations[0]!.counts.ended_cohorts, later.organisations[0]!.counts.bookings_anonymised]).toEqual([1, 16]);
    const { rows: gone } = await sql`select 1 from cohorts where id = ${cohortId}`.execute(t.db);
    expect(gone).toEqual([]);
    for (const member of members) expect(await standInsOfAllGroupsOf(cohortId, member)).toEqual([]);
  });
});
