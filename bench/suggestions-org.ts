// The organisation bench:suggestions reads: 20,000 sessions held over about two years and 100,000
// suggestions from their groups, with statuses, categories, areas, owners, responses and words
// that the full-text search finds. Written as the owner with set-based SQL, in seconds.
import pg from 'pg';
import { hashSecret, newSecret } from '../src/lib/secrets.ts';
import { SESSION_COOKIE } from '../src/http/auth.ts';

export interface SuggestionOrg {
  orgId: string;
  adminCookie: string;
  busiestModuleId: string;
  categoryId: string;
}

const TOPICS = [
  'Shorter meetings with a decision at the end', 'Shift handover checklist at every line', 'Visual board for open problems',
  'Fewer approval steps for small purchases', 'Shared calendar for the meeting rooms', 'Written weekly status instead of a meeting',
  'Kürzere Besprechungen mit klarer Entscheidung', 'Übergabeprotokoll für jede Schicht', 'Weniger Freigaben für kleine Bestellungen',
  'Templates for project kick-offs', 'Quiet hours without chat notifications', 'Rotating facilitator for team meetings',
];
const AREAS = ['Production', 'Logistics', 'Finance', 'Sales', 'Engineering', 'People & Culture', 'IT', 'Purchasing'];

export async function createSuggestionOrg(pool: pg.Pool, o: { sessions: number; perSession: number }): Promise<SuggestionOrg> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const { rows: [org] } = await client.query<{ id: string }>(`insert into organisations (name, slug) values ('Bench Suggestions', 'bench-suggestions') returning id`);
    const orgId = org!.id;
    await client.query(`select set_config('app.org_id', $1, true)`, [orgId]);
    await client.query(`
      insert into people (org_id, email, name, department, time_zone, roles)
      select $1, 'person' || i || '@bench.test', 'Person ' || i, ($2::text[])[1 + i % 8], 'Europe/Berlin',
             case when i = 0 then array['admin', 'employee'] when i <= 50 then array['coach', 'employee'] else array['employee'] end
      from generate_series(0, 1999) i`, [orgId, AREAS]);
    await client.query(`
      insert into modules (org_id, code, title, language)
      select $1, 'B-' || i, 'Bench module ' || i, 'en' from generate_series(1, 40) i`, [orgId]);
    // Coach i % 50 every 50th slot of 50 minutes: nobody coaches two sessions at once.
    await client.query(`
      with coaches as (select array_agg(id order by email) as ids from people where org_id = $1 and 'coach' = any(roles)),
           mods as (select array_agg(id order by code) as ids from modules where org_id = $1)
      insert into sessions (org_id, module_id, coach_id, starts_at, ends_at, time_zone, format, online_url, language)
      select $1, mods.ids[1 + (i * 7) % 40], coaches.ids[1 + i % 50],
             now() - interval '2 days' - i * interval '50 minutes', now() - interval '2 days' - i * interval '50 minutes' + interval '90 minutes',
             'Europe/Berlin', 'virtual', 'https://meet.bench.test/' || i, 'en'
      from generate_series(0, $2::int - 1) i, coaches, mods`, [orgId, o.sessions]);
    await client.query(`
      with s as (select id, module_id, ends_at, row_number() over (order by starts_at) as n from sessions where org_id = $1),
           cats as (select array_agg(id order by position) as ids from suggestion_categories where org_id = $1),
           owners as (select array_agg(id order by email) as ids from people where org_id = $1 and not ('coach' = any(roles)) and email like 'person1%'),
           rows as (
             select s.id as session_id, s.module_id, s.ends_at, (s.n * $2 + k) as i from s, generate_series(0, $2::int - 1) k
           )
      insert into suggestions (org_id, session_id, module_id, title, body, category_id, area, status, response, owner_id, created_at, updated_at, first_response_at)
      select $1, r.session_id, r.module_id,
             ($3::text[])[1 + r.i % 12] || ' (' || r.i || ')',
             'The group suggests: ' || ($3::text[])[1 + (r.i * 7) % 12] || '. It would save time in ' || ($4::text[])[1 + r.i % 8] || '.',
             case when r.i % 5 = 0 then null else cats.ids[1 + r.i % 4] end,
             ($4::text[])[1 + (r.i * 3) % 8],
             st.status,
             case when st.status in ('planned', 'done', 'declined') then 'Thank you: ' || st.status else '' end,
             case when r.i % 3 = 0 then owners.ids[1 + r.i % 20] end,
             r.ends_at + interval '5 minutes', r.ends_at + interval '5 minutes' + interval '3 days',
             case when st.status <> 'new' then r.ends_at + (1 + r.i % 100) * interval '1 hour' end
      from rows r, cats, owners,
           lateral (select (array['new', 'new', 'in_review', 'planned', 'planned', 'done', 'done', 'done', 'declined'])[1 + r.i % 9] as status) st`,
    [orgId, o.perSession, TOPICS, AREAS]);
    const token = newSecret();
    await client.query(`
      insert into auth_sessions (org_id, person_id, token_hash, idle_expires_at, absolute_expires_at)
      select $1, id, $2, now() + interval '1 day', now() + interval '2 days' from people where org_id = $1 and 'admin' = any(roles)`, [orgId, hashSecret(token)]);
    const { rows: [busiest] } = await client.query<{ module_id: string }>(
      `select module_id from suggestions where org_id = $1 group by module_id order by count(*) desc limit 1`, [orgId]);
    const { rows: [category] } = await client.query<{ id: string }>(`select id from suggestion_categories where org_id = $1 order by position limit 1`, [orgId]);
    await client.query('commit');
    await client.query('analyze suggestions; analyze sessions');
    return { orgId, adminCookie: `${SESSION_COOKIE}=${token}`, busiestModuleId: busiest!.module_id, categoryId: category!.id };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
