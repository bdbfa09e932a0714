// Erasure through the admin's API, against a person with every kind of data: afterwards no text
// column anywhere holds their name, address or id, and the figures that stay anonymous agree.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { onCleanup } from '../../../test/cleanup.ts';
import { buildErasureWorld, scanForNeedles, type ErasureWorld } from '../../../test/erasure-fixtures.ts';
import { buildPerson, buildSession } from '../../../test/factories.ts';

let t: TestApp;
let hookPort: number;

beforeAll(async () => {
  t = await startTestApp();
  // A receiver that never answers in time: the booking's webhook delivery stays pending.
  const silent: Server = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  hookPort = (silent.address() as AddressInfo).port;
  onCleanup(() => new Promise<void>((resolve) => { silent.closeAllConnections(); silent.close(() => resolve()); }));
});

/** The figures that must survive an erasure where they are anonymous. */
async function figures(w: ErasureWorld) {
  const q = async (text: string) => (await t.database.pool.query(text, text.includes('$2') ? [w.org.id, w.pastSessions] : [w.org.id])).rows;
  return {
    seatsTaken: await q(`select id, seats_taken from sessions where id = any($2) and org_id = $1 order by id`),
    attendance: await q(`select status, count(*)::int as n from bookings b where b.session_id = any($2) and org_id = $1 group by 1 order by 1`),
    participants: await q(`select count(distinct person_id)::int as n from bookings where org_id = $1 and session_id = any($2) and status <> 'cancelled'`),
    ratingAverage: await q(`select round(avg(rating), 3)::text as avg, count(*)::int as n from session_ratings where org_id = $1`),
    suggestions: await q(`select count(*)::int as n, sum(support_count)::int as supports from suggestions where org_id = $1`),
    sessionsCoached: await q(`select count(*)::int as n from sessions where org_id = $1 and id = any($2)`),
    cohortMembers: await q(`select count(*)::int as n from cohort_members where org_id = $1`),
  };
}

async function settled(orgId: string) {
  // Every message of the organisation that is due has been dealt with by the worker.
  for (let i = 0; i < 200; i++) {
    const { rows } = await t.database.pool.query(`select count(*)::int as n from outgoing_messages where org_id = $1 and status = 'pending' and send_after <= now()`, [orgId]);
    if (rows[0].n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('mail did not settle');
}

describe('an admin erases a person with every kind of data', () => {
  let w: ErasureWorld;
  let before: Awaited<ReturnType<typeof figures>>;
  let answer: Awaited<ReturnType<typeof call>>;

  beforeAll(async () => {
    w = await buildErasureWorld(t, { webhookPort: hookPort });
    await settled(w.org.id);
    before = await figures(w);
    // Everything about them is there before: the scan finds it.
    expect((await scanForNeedles(t, [w.person.name, w.person.email])).length).toBeGreaterThan(5);
    answer = await call(t, 'POST', `/api/admin/people/${w.person.id}/erasure`, {
      cookie: await t.cookieFor(w.admin), body: { confirmEmail: w.person.email.toUpperCase() },
    });
  });

  it('answers with what it cancelled', () => {
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toEqual({ erased: true, bookingsCancelled: 1 });
  });

  it('leaves no text column of any table, the job queue included, holding their name, address or id', async () => {
    await settled(w.org.id);
    const found = await scanForNeedles(t, [w.person.name, w.person.email, w.person.id]);
    expect(found).toEqual([]);
    // Nor a uuid column: their id is gone from every table.
    const { rows: refs } = await t.database.pool.query(`
      select c.relname as t, a.attname as col from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and a.atttypid = 'uuid'::regtype and a.attnum > 0 and not a.attisdropped`);
    for (const r of refs) {
      const { rows } = await t.database.pool.query(`select count(*)::int as n from "${r.t}" where "${r.col}" = $1`, [w.person.id]);
      expect(rows[0].n, `${r.t}.${r.col}`).toBe(0);
    }
  });

  it('keeps the figures of what stayed anonymous', async () => {
    const after = await figures(w);
    expect(after).toEqual(before);
  });

  it('gives up their future seat with the usual notice to the coach, which does not name them', async () => {
    const { rows: [s] } = await t.database.pool.query(`select seats_taken from sessions where id = $1`, [w.futureSession]);
    expect(s.seats_taken).toBe(0);
    const notice = await t.mailbox.waitFor((m) => JSON.stringify(m.to).includes(w.coach.email) && /0 of 4 seats taken/.test(m.subject ?? ''));
    expect(notice.text).toContain('(erased)');
    expect(notice.text).not.toContain('Zelda');
    expect(notice.text).not.toContain(w.person.email);
  });

  it('drops mail still queued to them and keeps nothing of the mail sent to them but its kind', async () => {
    const { rows } = await t.database.pool.query(`
      select m.status, m.detail::text as detail, p.anonymised_at is not null as anonymous from outgoing_messages m join people p on p.id = m.recipient_id
      where m.org_id = $1 and p.anonymised_at is not null`, [w.org.id]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.status === 'pending')).toEqual([]);
    expect(new Set(rows.map((r) => r.detail))).toEqual(new Set(['{}']));
  });

  it('keeps that the erasure happened and by whom, under a pseudonym that is not the stand-in', async () => {
    const { rows } = await t.database.pool.query(`select actor_id, subject_id, detail from audit_log where org_id = $1 and action = 'person.erased'`, [w.org.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].actor_id).toBe(w.admin.id);
    expect(rows[0].detail.by).toBe('admin');
    const { rows: standIns } = await t.database.pool.query(`select id from people where org_id = $1 and anonymised_at is not null`, [w.org.id]);
    expect(standIns).toHaveLength(1);
    expect(rows[0].subject_id).not.toBe(standIns[0].id);
    const { rows: typed } = await t.database.pool.query(`select actor_id, ip, detail from audit_log where org_id = $1 and action = 'suggestions.recorded'`, [w.org.id]);
    expect(typed[0]).toEqual({ actor_id: rows[0].subject_id, ip: null, detail: { title: 'Shorter rounds', typedBy: '(erased)' } });
    // Nothing ties the stand-in to the pseudonym.
    const { rows: tied } = await t.database.pool.query(`select count(*)::int as n from audit_log where org_id = $1 and (actor_id = $2 or subject_id = $2)`, [w.org.id, standIns[0].id]);
    expect(tied[0].n).toBe(0);
  });

  it('removes their encounters, revokes their token, signs them out', async () => {
    const { rows } = await t.database.pool.query(`
      select (select count(*)::int from encounters e join people p on p.id in (e.person_a, e.person_b) where e.org_id = $1 and p.anonymised_at is not null) as stand_in_pairs,
             (select count(*)::int from api_tokens where org_id = $1 and revoked_at is null) as live_tokens`, [w.org.id]);
    expect(rows[0]).toEqual({ stand_in_pairs: 0, live_tokens: 0 });
    // The others still met each other.
    const { rows: [pairs] } = await t.database.pool.query(`select count(*)::int as n from encounters where org_id = $1`, [w.org.id]);
    expect(pairs.n).toBeGreaterThan(0);
  });

  it('answers 404 to erasing them again', async () => {
    const again = await call(t, 'POST', `/api/admin/people/${w.person.id}/erasure`, { cookie: await t.cookieFor(w.admin), body: { confirmEmail: w.person.email } });
    expect(again.status).toBe(404);
  });
});

describe('what must happen first, and bad input', () => {
  it('refuses a coach with sessions that have not ended, and the last active admin, changing nothing', async () => {
    const db = t.database.db;
    const admin = await buildPerson(db, { roles: ['employee', 'admin'] });
    const org = { id: admin.org_id };
    const coach = await buildPerson(db, { org, roles: ['employee', 'coach'] });
    await buildSession(db, { org, coach });
    const cookie = await t.cookieFor(admin);
    const refused = await call(t, 'POST', `/api/admin/people/${coach.id}/erasure`, { cookie, body: { confirmEmail: coach.email } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('ERASURE_COACH_HAS_SESSIONS');
    expect(refused.body.message).toBe('This person coaches 1 session that has not ended; an admin must give it to another coach or cancel it first.');
    const last = await call(t, 'POST', `/api/admin/people/${admin.id}/erasure`, { cookie, body: { confirmEmail: admin.email } });
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('ERASURE_LAST_ADMIN');
    const { rows } = await t.database.pool.query(`select count(*)::int as n from people where org_id = $1 and anonymised_at is null`, [org.id]);
    expect(rows[0].n).toBe(2);
  });

  it('refuses an address that is not the person’s (400), an employee (403), and an id of another organisation (404)', async () => {
    const db = t.database.db;
    const admin = await buildPerson(db, { roles: ['employee', 'admin'] });
    const org = { id: admin.org_id };
    const person = await buildPerson(db, { org });
    const stranger = await buildPerson(db, {});
    const cookie = await t.cookieFor(admin);
    const wrong = await call(t, 'POST', `/api/admin/people/${person.id}/erasure`, { cookie, body: { confirmEmail: 'someone@example.test' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual([{ field: 'confirmEmail', message: 'does not match the person’s address' }]);
    expect((await call(t, 'POST', `/api/admin/people/${person.id}/erasure`, { cookie: await t.cookieFor(person), body: { confirmEmail: person.email } })).status).toBe(403);
    expect((await call(t, 'POST', `/api/admin/people/${stranger.id}/erasure`, { cookie, body: { confirmEmail: stranger.email } })).status).toBe(404);
    expect((await call(t, 'POST', `/api/admin/people/not-an-id/erasure`, { cookie, body: { confirmEmail: stranger.email } })).status).toBe(400);
    const { rows } = await t.database.pool.query(`select count(*)::int as n from people where id = any($1) and anonymised_at is null`, [[person.id, stranger.id]]);
    expect(rows[0].n).toBe(2);
  });
});

