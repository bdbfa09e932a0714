// The demo's six months behind now: sessions held with attendance, seats given up and moved, nobody
// in two places at once, the CI-101 campaign's suggestions, every state of the board, owners, the
// demo accounts' own past, and not one mail about any of it.
import { sql, type RawBuilder } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { inOrg } from '../../db/transaction.ts';
import { weeklyFigures } from '../dashboard/queries.ts';
import { sweepMissingReminders } from '../notifications/jobs/reminder-sweep.ts';
import { DEMO_ACCOUNTS, seedDemoOrganisation } from './seed.ts';
import { SUGGESTION_TEXTS } from './suggestion-texts.ts';

let t: TestDatabase;
let orgId: string;
// The real now: the database's clock decides what the reminder sweep and the dashboard take for past.
const now = new Date();
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestDatabase(4);
  const result = await seedDemoOrganisation(t.db, { now });
  expect(result.created).toBe(true);
  orgId = result.orgId;
});

async function rows<T>(query: RawBuilder<T>): Promise<T[]> {
  return (await query.execute(t.db)).rows;
}
async function count(query: RawBuilder<{ n: number }>): Promise<number> {
  return (await rows(query))[0]!.n;
}

describe('the demo organisation’s past', () => {
  it('held sessions over the last six months, on weekdays in working hours, a few called off by the coach', async () => {
    const [span] = await rows(sql<{ n: number; first: Date; held: number; odd: number }>`
      select count(*)::int as n, min(starts_at) as first, count(*) filter (where status = 'scheduled')::int as held,
        count(*) filter (where extract(isodow from starts_at at time zone time_zone) > 5
          or (starts_at at time zone time_zone)::time not between '09:00' and '16:00')::int as odd
      from sessions where org_id = ${orgId} and ends_at <= ${now}`);
    expect(span!.n).toBeGreaterThan(350);
    expect(now.getTime() - span!.first.getTime()).toBeGreaterThan(24 * 7 * DAY);
    expect(now.getTime() - span!.first.getTime()).toBeLessThan(28 * 7 * DAY);
    expect(span!.odd).toBe(0);
    const calledOff = await rows(sql<{ cancel_reason: string | null; cancelled_at: Date | null; starts_at: Date; created_at: Date; seats_taken: number }>`
      select cancel_reason, cancelled_at, starts_at, created_at, seats_taken from sessions
      where org_id = ${orgId} and status = 'cancelled' and ends_at <= ${now}`);
    expect(calledOff.length).toBeGreaterThanOrEqual(3);
    expect(calledOff.length).toBeLessThan(span!.n * 0.08);
    for (const s of calledOff) {
      expect(s.cancel_reason?.length).toBeGreaterThan(0);
      expect(s.cancelled_at!.getTime()).toBeLessThan(s.starts_at.getTime());
      expect(s.cancelled_at!.getTime()).toBeGreaterThan(s.created_at.getTime());
      expect(s.seats_taken).toBe(0);
    }
    expect(await count(sql<{ n: number }>`
      select count(*)::int as n from bookings b join sessions s on s.id = b.session_id
      where s.org_id = ${orgId} and s.status = 'cancelled' and (b.status <> 'cancelled' or b.cancel_reason <> 'session_cancelled' or b.cancelled_at <> s.cancelled_at)`)).toBe(0);
  });

  it('has bookings attended mostly, ~6 % no-shows, seats given up before the start or moved, attendance marked', async () => {
    const byStatus = Object.fromEntries((await rows(sql<{ status: string; n: number }>`
      select b.status, count(*)::int as n from bookings b join sessions s on s.id = b.session_id
      where b.org_id = ${orgId} and s.ends_at <= ${now} group by 1`)).map((r) => [r.status, r.n]));
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    expect(byStatus.active).toBeUndefined();
    expect(byStatus.attended! / total).toBeGreaterThan(0.75);
    expect(byStatus.no_show! / total).toBeGreaterThan(0.03);
    expect(byStatus.no_show! / total).toBeLessThan(0.1);
    expect(byStatus.cancelled! / total).toBeGreaterThan(0.03);
    expect(byStatus.cancelled! / total).toBeLessThan(0.15);
    // Booked before the start; given up before it (the cut-off); marked by the session's coach after it began.
    expect(await count(sql<{ n: number }>`
      select count(*)::int as n from bookings b join sessions s on s.id = b.session_id
      where b.org_id = ${orgId} and s.ends_at <= ${now} and (
        b.created_at >= s.starts_at or b.created_at < s.created_at
        or (b.status = 'cancelled' and (b.cancelled_at >= s.starts_at or b.cancelled_at < b.created_at or b.cancel_reason is null or b.cancelled_by is null))
        or (b.status in ('attended', 'no_show') and (b.attendance_marked_by is distinct from s.coach_id
          or b.attendance_marked_at < s.starts_at or b.attendance_marked_at > ${now})))`)).toBe(0);
    const moves = await rows(sql<{ same_person: boolean; same_module: boolean; to_status: string }>`
      select o.person_id = n.person_id as same_person, os.module_id = ns.module_id as same_module, n.status as to_status
      from bookings o join bookings n on n.id = o.moved_to_booking_id
      join sessions os on os.id = o.session_id join sessions ns on ns.id = n.session_id
      where o.org_id = ${orgId} and o.cancel_reason = 'moved'`);
    expect(moves.length).toBeGreaterThan(3);
    expect(moves.every((m) => m.same_person && m.same_module && m.to_status !== 'cancelled')).toBe(true);
  });

  it('never had a person, coach or room in two places at once', async () => {
    expect(await count(sql<{ n: number }>`
      select count(*)::int as n from bookings a join sessions sa on sa.id = a.session_id
      join bookings b on b.person_id = a.person_id and b.id <> a.id join sessions sb on sb.id = b.session_id
      where a.org_id = ${orgId} and a.status <> 'cancelled' and b.status <> 'cancelled' and sa.status <> 'cancelled' and sb.status <> 'cancelled'
        and tstzrange(sa.starts_at, sa.ends_at) && tstzrange(sb.starts_at, sb.ends_at)`)).toBe(0);
    expect(await count(sql<{ n: number }>`
      select count(*)::int as n from bookings b join sessions sb on sb.id = b.session_id
      join sessions c on c.coach_id = b.person_id and c.status <> 'cancelled'
      where b.org_id = ${orgId} and b.status <> 'cancelled' and sb.status <> 'cancelled'
        and tstzrange(sb.starts_at, sb.ends_at) && tstzrange(c.starts_at, c.ends_at)`)).toBe(0);
    for (const who of [sql`coach_id`, sql`room_id`]) {
      expect(await count(sql<{ n: number }>`
        select count(*)::int as n from sessions a join sessions b on b.${who} = a.${who} and b.id <> a.id
        where a.org_id = ${orgId} and a.status <> 'cancelled' and b.status <> 'cancelled'
          and tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)`)).toBe(0);
    }
  });

  it('gave each employee a seat about once a month', async () => {
    const [seats] = await rows(sql<{ mean: number; most: number; some: number }>`
      select avg(n)::float as mean, max(n)::int as most, count(*) filter (where n > 0)::int as some from (
        select p.id, count(s.id) as n from people p
        left join bookings b on b.person_id = p.id and b.status in ('attended', 'no_show')
        left join sessions s on s.id = b.session_id and s.ends_at <= ${now}
        where p.org_id = ${orgId} group by p.id) x`);
    expect(seats!.mean).toBeGreaterThan(3.5);
    expect(seats!.mean).toBeLessThan(8);
    expect(seats!.most).toBeLessThanOrEqual(10);
    expect(seats!.some).toBeGreaterThan(250);
  });

  it('ran the Continuous Improvement campaign: about 250 CI-101 suggestions within six weeks, ended weeks ago', async () => {
    const [campaign] = await rows(sql<{ most: number; ended: Date }>`
      with ci as (select sg.created_at from suggestions sg join modules m on m.id = sg.module_id where sg.org_id = ${orgId} and m.code = 'CI-101')
      select max(w.n)::int as most, max(ci.created_at) as ended from ci,
        lateral (select count(*) as n from ci c2 where c2.created_at >= ci.created_at and c2.created_at < ci.created_at + interval '42 days') w`);
    expect(campaign!.most).toBeGreaterThanOrEqual(240);
    expect(campaign!.most).toBeLessThanOrEqual(260);
    expect(now.getTime() - campaign!.ended.getTime()).toBeGreaterThan(14 * DAY);
  });

  it('has suggestions in every state, in the session’s language, declined ones with a reason, answered ones with a response', async () => {
    const all = await rows(sql<{ title: string; status: string; response: string; merged_into: string | null; created_at: Date; first_response_at: Date | null; ends_at: Date; language: 'en' | 'de' }>`
      select sg.title, sg.status, sg.response, sg.merged_into, sg.created_at, sg.first_response_at, s.ends_at, s.language
      from suggestions sg join sessions s on s.id = sg.session_id where sg.org_id = ${orgId}`);
    expect(all.length).toBeGreaterThan(800);
    expect(new Set(all.map((s) => s.status))).toEqual(new Set(['new', 'in_review', 'planned', 'done', 'declined']));
    expect(all.filter((s) => s.status === 'declined' && s.response.trim() === '')).toEqual([]);
    expect(all.filter((s) => s.status !== 'new' && s.response === '')).toEqual([]);
    for (const s of all) {
      const titles = Object.values(SUGGESTION_TEXTS[s.language]).flat().map(([title]) => title);
      expect(titles).toContain(s.title);
      expect(s.created_at.getTime()).toBeGreaterThan(s.ends_at.getTime());
      expect(s.created_at.getTime()).toBeLessThan(s.ends_at.getTime() + 3_600_000);
      if (s.merged_into === null && s.status !== 'new') {
        // A first answer a few days after the group's suggestion, never in the future.
        expect(s.first_response_at!.getTime()).toBeGreaterThan(s.created_at.getTime());
        expect(s.first_response_at!.getTime() - s.created_at.getTime()).toBeLessThan(10 * DAY);
        expect(s.first_response_at!.getTime()).toBeLessThanOrEqual(now.getTime());
      }
    }
    const settled = (from: number, to: number) => {
      const some = all.filter((s) => now.getTime() - s.created_at.getTime() >= from * DAY && now.getTime() - s.created_at.getTime() < to * DAY);
      return some.filter((s) => ['planned', 'done', 'declined'].includes(s.status)).length / some.length;
    };
    expect(settled(60, 400)).toBeGreaterThan(0.8);
    expect(settled(0, 7)).toBeLessThan(0.3);
    expect(await count(sql<{ n: number }>`
      select count(*)::int as n from sessions s where s.org_id = ${orgId} and s.no_suggestions_at is not null
        and s.no_suggestions_at > s.ends_at and not exists (select 1 from suggestions sg where sg.session_id = s.id)`)).toBeGreaterThan(5);
  });

  it('merged duplicates into a survivor of the same module whose status and response they show', async () => {
    const merged = await rows(sql<{ same_module: boolean; same_state: boolean; survivor_merged: boolean; same_title: boolean }>`
      select d.module_id = s.module_id as same_module, (d.status, d.response) = (s.status, s.response) as same_state,
        s.merged_into is not null as survivor_merged, d.title = s.title as same_title
      from suggestions d join suggestions s on s.id = d.merged_into where d.org_id = ${orgId}`);
    expect(merged.length).toBeGreaterThan(10);
    expect(merged.every((m) => m.same_module && m.same_state && !m.survivor_merged && m.same_title)).toBe(true);
  });

  it('has two suggestion owners with suggestions assigned, and a few internal notes by owners or the admin', async () => {
    const owners = await rows(sql<{ person_id: string; department: string; categories: string[]; areas: string[] }>`
      select w.person_id, p.department, array(select c.name_en from suggestion_categories c where c.id = any(w.category_ids) order by 1) as categories, w.areas
      from suggestion_owners w join people p on p.id = w.person_id where w.org_id = ${orgId} order by p.department`);
    expect(owners.map((o) => [o.department, o.categories, o.areas])).toEqual([
      ['Finance', ['Office efficiency'], ['Finance']],
      ['Operations', ['Manufacturing processes'], ['Production']],
    ]);
    const assigned = await rows(sql<{ owner_id: string; n: number }>`
      select owner_id, count(*)::int as n from suggestions where org_id = ${orgId} and owner_id is not null group by 1`);
    expect(assigned.map((a) => a.owner_id).sort()).toEqual(owners.map((o) => o.person_id).sort());
    expect(assigned.every((a) => a.n >= 10)).toBe(true);
    const notes = await rows(sql<{ by_owner: boolean; by_admin: boolean; after_answer: boolean }>`
      select k.author_id = any(${owners.map((o) => o.person_id)}::uuid[]) as by_owner, a.email = 'admin@northwind.example' as by_admin,
        k.created_at > sg.first_response_at and k.created_at <= ${now} as after_answer
      from suggestion_comments k join suggestions sg on sg.id = k.suggestion_id join people a on a.id = k.author_id where k.org_id = ${orgId}`);
    expect(notes.length).toBeGreaterThan(5);
    expect(notes.length).toBeLessThan(100);
    expect(notes.every((n) => (n.by_owner || n.by_admin) && n.after_answer)).toBe(true);
  });

  it('opens its board to employees, with supports on some ideas (a long tail), counted on each, none on merged duplicates', async () => {
    const [org] = await rows(sql<{ open: boolean }>`select board_open_to_employees as open from organisations where id = ${orgId}`);
    expect(org!.open).toBe(true);
    const [s] = await rows(sql<{ supported: number; kept: number; most: number; wrong: number; onMerged: number; early: number }>`
      select count(*) filter (where support_count > 0 and merged_into is null)::int as supported, count(*) filter (where merged_into is null)::int as kept,
        max(support_count)::int as most, count(*) filter (where merged_into is not null and support_count > 0)::int as "onMerged",
        (select count(*)::int from suggestions x where x.org_id = ${orgId}
           and x.support_count <> (select count(*) from suggestion_supports p where p.suggestion_id = x.id)) as wrong,
        (select count(*)::int from suggestion_supports p join suggestions x on x.id = p.suggestion_id
           where p.org_id = ${orgId} and (p.created_at < x.created_at or p.created_at > ${now})) as early
      from suggestions where org_id = ${orgId}`);
    expect(s!.supported / s!.kept).toBeGreaterThan(0.3);
    expect(s!.supported / s!.kept).toBeLessThan(0.6);
    expect(s!.most).toBeGreaterThanOrEqual(10);
    expect({ wrong: s!.wrong, onMerged: s!.onMerged, early: s!.early }).toEqual({ wrong: 0, onMerged: 0, early: 0 });
  });

  it('lets the demo accounts see a past: sessions taken part in or coached, with the board’s responses', async () => {
    for (const email of ['employee@northwind.example', 'mitarbeiterin@northwind.example']) {
      const [mine] = await rows(sql<{ attended: number; answered: number; given_up: number }>`
        select count(distinct b.session_id) filter (where b.status = 'attended')::int as attended,
          count(sg.id) filter (where b.status = 'attended' and sg.response <> '')::int as answered,
          count(distinct b.session_id) filter (where b.cancel_reason = 'employee')::int as given_up
        from bookings b join people p on p.id = b.person_id join sessions s on s.id = b.session_id
        left join suggestions sg on sg.session_id = s.id
        where p.email = ${email} and s.ends_at <= ${now}`);
      expect(mine!.attended, email).toBeGreaterThanOrEqual(4);
      expect(mine!.answered, email).toBeGreaterThanOrEqual(4);
      expect(mine!.given_up, email).toBe(1);
    }
    const [coached] = await rows(sql<{ sessions: number; answered: number }>`
      select count(distinct s.id)::int as sessions, count(sg.id) filter (where sg.response <> '')::int as answered
      from sessions s join people c on c.id = s.coach_id join suggestions sg on sg.session_id = s.id
      where c.email = 'coach@northwind.example' and s.ends_at <= ${now}`);
    expect(coached!.sessions).toBeGreaterThanOrEqual(5);
    expect(coached!.answered).toBeGreaterThanOrEqual(5);
    expect(DEMO_ACCOUNTS.map((a) => a.email)).toEqual(expect.arrayContaining(['employee@northwind.example', 'mitarbeiterin@northwind.example', 'coach@northwind.example']));
  });

  it('has ratings given the day after by people who were there, released, so modules and coaches have averages and no session stands alone', async () => {
    const [r] = await rows(sql<{ n: number; strangers: number; early: number; comments: number; avg: number }>`
      select count(*)::int as n, avg(r.rating)::float8 as avg,
        count(*) filter (where b.status is distinct from 'attended')::int as strangers,
        count(*) filter (where r.created_at < s.ends_at)::int as early,
        count(*) filter (where r.comment <> '')::int as comments
      from session_ratings r join sessions s on s.id = r.session_id
      left join bookings b on b.session_id = r.session_id and b.person_id = r.person_id and b.status = 'attended'
      where r.org_id = ${orgId}`);
    expect(r!.n).toBeGreaterThan(500);
    expect(r).toMatchObject({ strangers: 0, early: 0 });
    expect(r!.comments).toBeGreaterThan(r!.n * 0.1);
    expect(r!.avg).toBeGreaterThan(3.5);
    expect(r!.avg).toBeLessThan(4.6);
    const [spread] = await rows(sql<{ coaches: number; coaches_shown: number; most_in_a_session: number }>`
      select (select count(distinct s.coach_id)::int from session_ratings r join sessions s on s.id = r.session_id where r.org_id = ${orgId}) as coaches,
        (select count(*)::int from (select s.coach_id from session_ratings r join sessions s on s.id = r.session_id where r.org_id = ${orgId}
           group by s.coach_id having count(*) filter (where r.released_at is not null) >= 5) c) as coaches_shown,
        (select max(n)::int from (select count(*) as n from session_ratings where org_id = ${orgId} group by session_id) x) as most_in_a_session`);
    expect(spread!.coaches_shown).toBe(spread!.coaches);
    // Released as the hourly job does (migration 041): only final ratings, and within each module and
    // coach exactly where at least five people rated (the rest wait for the next sessions there).
    // Final as of the release (the seed's transaction time), not of this query.
    const cells = await rows(sql<{ raters: number; released: number; recent: number }>`
      with release as (select max(released_at) as at from session_ratings where org_id = ${orgId})
      select count(distinct r.person_id) filter (where s.ends_at <= release.at - interval '15 days')::int as raters,
        count(*) filter (where r.released_at is not null)::int as released,
        count(*) filter (where r.released_at is not null and s.ends_at > release.at - interval '15 days')::int as recent
      from session_ratings r join sessions s on s.id = r.session_id cross join release
      where r.org_id = ${orgId} group by s.module_id, s.coach_id`);
    expect(cells.filter((c) => c.recent > 0)).toEqual([]);
    expect(cells.filter((c) => (c.released > 0) !== (c.raters >= 5))).toEqual([]);
    expect(cells.filter((c) => c.released > 0).length).toBeGreaterThan(20);
    expect(spread!.most_in_a_session).toBeLessThanOrEqual(4);
  });

  it('queues no mail for the past, not even when the reminder sweep runs', async () => {
    expect(await count(sql<{ n: number }>`select count(*)::int as n from outgoing_messages where org_id = ${orgId}`)).toBe(0);
    await sweepMissingReminders(t.db, DAY);
    expect(await count(sql<{ n: number }>`
      select count(*)::int as n from outgoing_messages m join sessions s on s.id = m.session_id
      where m.org_id = ${orgId} and s.starts_at <= ${now}`)).toBe(0);
  });

  it('fills the dashboard’s last three months', async () => {
    const weeks = await inOrg(t.db, orgId, (tx) => weeklyFigures(tx, orgId, 'Europe/Berlin', 13, 0, now));
    expect(weeks).toHaveLength(14);
    // The current week may not have begun its sessions yet; every week before it has held some.
    for (const week of weeks.slice(0, -1)) {
      expect(week.sessions, week.week_start).toBeGreaterThan(0);
      expect(week.seats_taken, week.week_start).toBeGreaterThan(0);
      expect(week.bookings, week.week_start).toBeGreaterThan(0);
    }
    expect(weeks.some((w) => w.cancellations > 0)).toBe(true);
  });
});
