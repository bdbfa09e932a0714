// Export completeness (issue 15): for a person with every kind of data, each column the data map
// declares personal, of each table with rows about them, appears in their data.json — or is listed
// below as deliberately left out, with the reason. And nothing of anyone else: no other person's
// name or address anywhere in the archive.
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterPastMonday } from '../../../test/dates.ts';
import { authenticateAs, buildBooking, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession, type PersonRow } from '../../../test/factories.ts';
import { DATA_MAP } from '../privacy/data-map.ts';
import { ANOTHER_PERSON } from './presenters.ts';
import { prepareExport } from './service.ts';

/** table.column: declared personal, yet not in the export, and why. */
const LEFT_OUT: Record<string, string> = {
  'people.calendar_feed_hash': 'the hash of the calendar feed’s secret address; the export says whether a feed is on',
  'auth_sessions.token_hash': 'the hash of a sign-in cookie',
  'login_links.token_hash': 'the hash of a log-in link',
  'data_exports.archive': 'the archive itself: the export is it',
};

let t: TestApp;
let person: PersonRow;
let others: PersonRow[];

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  ({ person, others } = await personWithEveryKindOfData());
});

/** The person (an admin who also coaches and takes part), and around them three other people. */
async function personWithEveryKindOfData() {
  const db = t.database.db;
  const org = await buildOrganisation(db, { name: 'Umbrella Learning' });
  const person = await buildPerson(db, { org, roles: ['admin', 'coach', 'employee'], name: 'Paula Portability', department: 'Legal', site: 'Köln' });
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], name: 'Conrad Coachsecret', email: 'conrad.secret@example.test', department: 'Sales' });
  const peer = await buildPerson(db, { org, name: 'Petra Peersecret', email: 'petra.secret@example.test', department: 'Finance' });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'], name: 'Anton Adminsecret', email: 'anton.secret@example.test' });
  const module = await buildModule(db, { org, title: 'Feedback that lands' });
  const room = await buildRoom(db, { org, site: 'Köln' });

  // A session the person attended with a peer, coached by someone else; one an admin cancelled them from.
  const attended = await buildSession(db, { org, coach, module, room, startsAt: hoursAfterPastMonday(0) });
  const booking = await buildBooking(db, { session: attended, person });
  const peerBooking = await buildBooking(db, { session: attended, person: peer });
  await sql`update bookings set status = 'attended', attendance_marked_by = ${coach.id}, attendance_marked_at = ${hoursAfterPastMonday(2)} where id in (${booking.id}, ${peerBooking.id})`.execute(db);
  const later = await buildSession(db, { org, coach, module, startsAt: hoursAfterPastMonday(48) });
  const cancelled = await buildBooking(db, { session: later, person });
  await sql`update bookings set status = 'cancelled', cancelled_at = ${hoursAfterPastMonday(24)}, cancelled_by = ${admin.id}, cancel_reason = 'admin' where id = ${cancelled.id}`.execute(db);
  // A place in a line they left before that seat was theirs.
  await sql`insert into waitlist_entries (org_id, session_id, person_id, created_at, status, ended_at)
    values (${org.id}, ${later.id}, ${person.id}, ${hoursAfterPastMonday(10)}, 'left', ${hoursAfterPastMonday(11)})`.execute(db);
  // A session the person coached and published, with the peer in it.
  const coached = await buildSession(db, { org, coach: person, module, startsAt: hoursAfterPastMonday(96) });
  await buildBooking(db, { session: coached, person: peer });
  await sql`update sessions set location_note = 'Second floor, by the window' where id = ${coached.id}`.execute(db);

  await sql`insert into encounters (org_id, person_a, person_b, first_met, last_met, times)
    values (${org.id}, least(${person.id}::uuid, ${peer.id}::uuid), greatest(${person.id}::uuid, ${peer.id}::uuid), ${hoursAfterPastMonday(0)}, ${hoursAfterPastMonday(0)}, 1)`.execute(db);
  await sql`insert into coach_absences (org_id, coach_id, first_day, last_day, starts_at, ends_at, note)
    values (${org.id}, ${person.id}, '2025-04-01', '2025-04-02', '2025-03-31T22:00:00Z', '2025-04-02T22:00:00Z', 'Conference in Lyon')`.execute(db);
  await sql`insert into session_ratings (org_id, session_id, person_id, rating, comment) values (${org.id}, ${attended.id}, ${person.id}, 5, 'Clear and kind')`.execute(db);

  // A suggestion the person typed (the audit log knows it), one they support, a note, one they own.
  const { rows: [typed] } = await sql<{ id: string }>`insert into suggestions (org_id, session_id, module_id, title, body, area, owner_id, response)
    values (${org.id}, ${attended.id}, ${module.id}, 'Shorter check-ins', 'Ten minutes are enough', 'Legal', ${person.id}, 'We will try it') returning id`.execute(db);
  await sql`insert into audit_log (org_id, actor_kind, actor_id, action, subject_kind, subject_id, detail)
    values (${org.id}, 'person', ${person.id}, 'suggestion.added', 'suggestion', ${typed!.id}, jsonb_build_object('session', ${attended.id}::text))`.execute(db);
  const { rows: [theirs] } = await sql<{ id: string }>`insert into suggestions (org_id, session_id, module_id, title)
    values (${org.id}, ${attended.id}, ${module.id}, 'A quiet room') returning id`.execute(db);
  await sql`insert into suggestion_supports (org_id, suggestion_id, person_id) values (${org.id}, ${theirs!.id}, ${person.id})`.execute(db);
  await sql`insert into suggestion_comments (org_id, suggestion_id, author_id, body) values (${org.id}, ${theirs!.id}, ${person.id}, 'Asked facilities')`.execute(db);
  const { rows: [category] } = await sql<{ id: string }>`select id from suggestion_categories where org_id = ${org.id} limit 1`.execute(db);
  await sql`insert into suggestion_owners (org_id, person_id, category_ids, areas) values (${org.id}, ${person.id}, array[${category!.id}::uuid], '{Legal}')`.execute(db);

  // Sign-ins, links, mails, tokens, webhooks, cohorts, repeated requests.
  await authenticateAs(db, person);
  await sql`insert into audit_log (org_id, actor_kind, actor_id, action, subject_kind, subject_id, ip, detail)
    values (${org.id}, 'person', ${person.id}, 'auth.signed_in', 'person', ${person.id}, '203.0.113.7', '{"method": "link"}')`.execute(db);
  await sql`insert into login_links (org_id, person_id, token_hash, expires_at, used_at) values (${org.id}, ${person.id}, '\\x01', ${hoursAfterPastMonday(1)}, ${hoursAfterPastMonday(0.5)})`.execute(db);
  await sql`insert into rating_links (org_id, booking_id, token_hash, expires_at) values (${org.id}, ${booking.id}, '\\x02', ${hoursAfterPastMonday(400)})`.execute(db);
  await sql`insert into outgoing_messages (org_id, kind, recipient_id, session_id, status, detail, last_error)
    values (${org.id}, 'roster_changed', ${person.id}, ${coached.id}, 'moot', jsonb_build_object('changes', jsonb_build_array(jsonb_build_object('personId', ${peer.id}::text, 'change', 'joined'))), 'the session has begun')`.execute(db);
  await sql`insert into audit_log (org_id, actor_kind, actor_id, action, subject_kind, subject_id, ip, detail)
    values (${org.id}, 'person', ${admin.id}, 'people.changed', 'person', ${person.id}, '198.51.100.9', jsonb_build_object('fields', '["department"]'::jsonb, 'by', ${admin.name}::text)),
           (${org.id}, 'person', ${admin.id}, 'people.details_read', 'session', ${attended.id}, '198.51.100.9', jsonb_build_object('people', jsonb_build_array(${person.id}::text, ${peer.id}::text)))`.execute(db);
  await sql`insert into api_tokens (org_id, name, scopes, token_hash, created_by) values (${org.id}, 'HR sync', '{read}', '\\x03', ${person.id})`.execute(db);
  await sql`insert into idempotency_keys (org_id, person_id, key, request_fingerprint, status_code, response)
    values (${org.id}, ${person.id}, 'key-of-paula', 'fp', 201, jsonb_build_object('id', ${booking.id}::text))`.execute(db);
  await sql`insert into webhook_endpoints (org_id, url, events, secret, created_by, description) values (${org.id}, 'https://hooks.example.test/hr', '{booking.created}', 'whsec_never', ${person.id}, 'HR system')`.execute(db);
  await sql`insert into webhook_events (org_id, type, payload) values (${org.id}, 'booking.created', jsonb_build_object('booking', jsonb_build_object('personId', ${person.id}::text, 'email', ${person.email}::text)))`.execute(db);
  await sql`with c as (insert into cohorts (org_id, name, module_id, rounds, time_zone, duration_minutes, format, seed, created_by, schedule)
      values (${org.id}, 'Leadership 2025', ${module.id}, 1, 'Europe/Berlin', 90, 'virtual', 1, ${person.id}, jsonb_build_array(jsonb_build_array(jsonb_build_array(${person.id}::text, ${peer.id}::text))))
      returning id),
    m as (insert into cohort_members (org_id, cohort_id, person_id, position, department) select ${org.id}, c.id, ${person.id}, 0, 'Legal' from c),
    p as (insert into cohort_members (org_id, cohort_id, person_id, position, department) select ${org.id}, c.id, ${peer.id}, 1, 'Finance' from c)
    insert into cohort_rounds (org_id, cohort_id, round, starts_at) select ${org.id}, c.id, 0, ${hoursAfterPastMonday(200)} from c`.execute(db);
  await sql`update people set calendar_feed_hash = '\\x04', suggestion_digest = false,
    privacy_notice_seen_version = '1.3', privacy_notice_seen_at = ${hoursAfterPastMonday(5)} where id = ${person.id}`.execute(db);
  return { person, others: [coach, peer, admin] };
}

/** The person's archive, prepared by the job's own work (the request made here unless given). */
async function exportOf(p: PersonRow, requestId?: string) {
  const id = requestId ?? (await sql<{ id: string }>`insert into data_exports (org_id, person_id) values (${p.org_id}, ${p.id}) returning id`.execute(t.database.db)).rows[0]!.id;
  expect(await prepareExport(t.ctx.db, p.org_id, id, DATA_MAP)).toBe('ready');
  const { rows: [stored] } = await sql<{ archive: Buffer }>`select archive from data_exports where id = ${id}`.execute(t.database.db);
  const files = unzipSync(new Uint8Array(stored!.archive));
  return { dataText: strFromU8(files['data.json']!), summary: strFromU8(files['summary.html']!) };
}

/** Every leaf value of a JSON document, as text, with instants also in one canonical form. */
function leavesOf(value: unknown, into = new Set<string>()): Set<string> {
  if (value === null || value === undefined) return into;
  if (Array.isArray(value)) value.forEach((v) => leavesOf(v, into));
  else if (typeof value === 'object') Object.values(value).forEach((v) => leavesOf(v, into));
  else {
    const text = String(value);
    into.add(text);
    const instant = canonicalInstant(text);
    if (instant) into.add(instant);
  }
  return into;
}

function canonicalInstant(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T|\s)\d{2}:\d{2}/.test(text)) return undefined;
  const at = new Date(text.replace(' ', 'T'));
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

describe('the export of a person with every kind of data', () => {
  it('holds every column the data map declares personal, of every table with rows about them, or says why not', async () => {
    // The rows as they are when the export is asked for (preparing it adds its own mail and state).
    const { rows: [request] } = await sql<{ id: string }>`insert into data_exports (org_id, person_id) values (${person.org_id}, ${person.id}) returning id`.execute(t.database.db);
    const declared: Array<{ table: string; personal: string[]; rows: Array<Record<string, unknown>> }> = [];
    for (const [table, declaration] of Object.entries(DATA_MAP)) {
      if (!declaration.subject) continue;
      const personal = Object.entries(declaration.columns).filter(([, c]) => c.personal).map(([name]) => name);
      const { rows } = await sql<{ row: Record<string, unknown> }>`
        select to_jsonb(t) as row from ${sql.table(table)} t where ${sql.ref(`t.${declaration.subject}`)} = ${person.id}`.execute(t.database.db);
      if (rows.length > 0) declared.push({ table, personal, rows: rows.map((r) => r.row) });
    }
    const { dataText } = await exportOf(person, request!.id);
    const exported = leavesOf(JSON.parse(dataText));
    // Other people's ids, names and addresses are theirs: a value that is one is rightly not there.
    const theirs = new Set(others.flatMap((o) => [o.id, o.name, o.email]));
    const missing: string[] = [];
    const checked: string[] = [];
    for (const { table, personal, rows } of declared) {
      for (const column of personal) {
        const key = `${table}.${column}`;
        if (LEFT_OUT[key]) continue;
        checked.push(key);
        for (const row of rows) {
          for (const leaf of leavesOf(row[column])) {
            if (theirs.has(leaf) || (canonicalInstant(leaf) !== undefined && exported.has(canonicalInstant(leaf)!))) continue;
            if (!exported.has(leaf)) missing.push(`${key} = ${leaf}`);
          }
        }
      }
    }
    expect(checked.length).toBeGreaterThan(20);
    expect(missing).toEqual([]);
  });

  it('leaves out only columns the data map declares personal (the list stays honest)', () => {
    const stale = Object.keys(LEFT_OUT).filter((key) => {
      const [table, column] = key.split('.') as [string, string];
      return DATA_MAP[table]?.columns[column]?.personal !== true;
    });
    expect(stale).toEqual([]);
  });

  it('names nobody else: no other person’s name, address or id anywhere in the archive', async () => {
    const { dataText, summary } = await exportOf(person);
    for (const other of others) {
      for (const text of [other.name, other.email, other.id]) {
        expect(dataText.includes(text), `data.json names ${text}`).toBe(false);
        expect(summary.includes(text), `summary.html names ${text}`).toBe(false);
      }
    }
    const data = JSON.parse(dataText) as Record<string, unknown>;
    expect(data.encounters).toMatchObject({ people: 1, departments: 1, timesTogether: 1 });
    expect(dataText).toContain(ANOTHER_PERSON);
    expect(dataText).not.toContain('whsec_never');
    expect(summary).toContain('<html lang="en">');
  });
});
