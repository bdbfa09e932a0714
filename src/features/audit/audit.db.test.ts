// The audit log: entries for audited actions with who, what, when and from where; readable by the
// organisation's admins only; impossible to alter through the app or directly.
import pg from 'pg';
import { hashSecret, newSecret } from '../../lib/secrets.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';

let t: TestApp;
let org: OrgRow;
let admin: PersonRow;
let adminCookie: string;

beforeAll(async () => {
  t = await startTestApp();
  org = await buildOrganisation(t.database.db);
  admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
  adminCookie = await t.cookieFor(admin);
});

async function entries(orgId: string) {
  return t.database.db.selectFrom('audit_log').where('org_id', '=', orgId).selectAll().execute();
}

describe('audit log', () => {
  it('records a settings change with who, what, when and from where', async () => {
    const res = await t.request('PATCH', '/api/settings', { cookie: adminCookie, body: { maxFutureBookings: 3 } });
    expect(res.status).toBe(200);
    const [entry] = (await entries(org.id)).filter((e) => e.action === 'settings.changed');
    expect(entry).toMatchObject({ actor_kind: 'person', actor_id: admin.id, ip: '127.0.0.1', detail: { max_future_bookings: { from: 2, to: 3 } } });
    expect(Date.now() - entry!.at.getTime()).toBeLessThan(60_000);
  });

  it("records an admin's read of a group's contact details, not the coach's own", async () => {
    const coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] });
    const session = await buildSession(t.database.db, { org, coach });
    const booking = await buildBooking(t.database.db, { session });
    expect((await t.request('GET', `/api/sessions/${session.id}/roster`, { cookie: await t.cookieFor(coach) })).status).toBe(200);
    expect((await entries(org.id)).filter((e) => e.action === 'people.details_read' && e.subject_id === session.id)).toHaveLength(0);
    expect((await t.request('GET', `/api/sessions/${session.id}/roster`, { cookie: adminCookie })).status).toBe(200);
    const reads = (await entries(org.id)).filter((e) => e.action === 'people.details_read' && e.subject_id === session.id);
    expect(reads).toHaveLength(1);
    expect(reads[0]!.detail).toEqual({ people: [booking.person_id] });
  });

  it('records every sign-in, with the way in and the address', async () => {
    const person = await buildPerson(t.database.db, { org });
    const token = newSecret();
    await t.database.db.insertInto('login_links').values({ org_id: org.id, person_id: person.id, token_hash: hashSecret(token), expires_at: REFERENCE_MONDAY }).execute();
    const res = await t.request('POST', '/api/auth/session', { body: { token } });
    expect(res.status).toBe(200);
    const signIns = (await entries(org.id)).filter((e) => e.action === 'auth.signed_in' && e.actor_id === person.id);
    expect(signIns).toHaveLength(1);
    expect(signIns[0]).toMatchObject({ actor_kind: 'person', subject_id: person.id, ip: '127.0.0.1', detail: { method: 'link' } });
  });

  it('records a change to a person, naming the fields but not their values', async () => {
    const person = await buildPerson(t.database.db, { org });
    expect((await t.request('PATCH', '/api/me', { cookie: await t.cookieFor(person), body: { timeZone: 'Asia/Kolkata', name: 'New Name' } })).status).toBe(200);
    const [entry] = (await entries(org.id)).filter((e) => e.action === 'people.profile_changed' && e.actor_id === person.id);
    expect(entry).toMatchObject({ subject_id: person.id, detail: { fields: ['name', 'timeZone'] } });
    expect(JSON.stringify(entry!.detail)).not.toContain('New Name');
  });

  it('is readable by admins of the organisation only, newest first', async () => {
    const res = await t.request('GET', '/api/audit-log', { cookie: adminCookie });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items.length).toBeGreaterThanOrEqual(2);
    expect(body.items[0].at >= body.items[1].at).toBe(true);
    expect(body.items.find((i: { action: string }) => i.action === 'settings.changed').actor).toEqual({ kind: 'person', id: admin.id, name: admin.name });
    const employee = await buildPerson(t.database.db, { org });
    expect((await t.request('GET', '/api/audit-log', { cookie: await t.cookieFor(employee) })).status).toBe(403);
    const other = await buildOrganisation(t.database.db);
    const otherAdmin = await buildPerson(t.database.db, { org: other, roles: ['admin'] });
    const theirs = await (await t.request('GET', '/api/audit-log', { cookie: await t.cookieFor(otherAdmin) })).json();
    expect(theirs.items).toEqual([]);
  });

  it('offers no route that changes it, and refuses changes from the app role and the owner alike', async () => {
    const doc = await (await t.request('GET', '/api/openapi.json')).json();
    const methods = Object.entries(doc.paths as Record<string, object>).filter(([path]) => path.includes('audit')).flatMap(([, ops]) => Object.keys(ops));
    expect(methods).toEqual(['get']);
    const app = new pg.Client({ connectionString: t.database.appUrl });
    await app.connect();
    try {
      await app.query('begin');
      await app.query(`select set_config('app.org_id', $1, true)`, [org.id]);
      await expect(app.query(`update audit_log set action = 'nothing.happened'`)).rejects.toThrow(/permission denied/);
      await app.query('rollback');
      await app.query('begin');
      await app.query(`select set_config('app.org_id', $1, true)`, [org.id]);
      await expect(app.query('delete from audit_log')).rejects.toThrow(/permission denied/);
      await app.query('rollback');
    } finally {
      await app.end();
    }
    await expect(t.database.pool.query(`update audit_log set action = 'nothing.happened'`)).rejects.toThrow(/append-only/);
    await expect(t.database.pool.query('delete from audit_log')).rejects.toThrow(/append-only/);
    expect((await entries(org.id)).some((e) => e.action === 'settings.changed')).toBe(true);
  });

  it('lets an erasure pseudonymise a person’s entries — only their fields, only in the current organisation — and nothing else', async () => {
    const person = await buildPerson(t.database.db, { org, name: 'Quirin Vandersloot' });
    const other = await buildOrganisation(t.database.db);
    await t.database.db.insertInto('audit_log').values([
      { org_id: org.id, actor_kind: 'person', actor_id: person.id, action: 'people.profile_changed', subject_kind: 'person', subject_id: person.id, ip: '10.1.2.3', detail: JSON.stringify({ fields: ['name'] }) },
      { org_id: org.id, actor_kind: 'person', actor_id: admin.id, action: 'people.details_read', subject_kind: 'session', subject_id: admin.id, ip: '10.9.9.9', detail: JSON.stringify({ people: [admin.id, person.id], note: 'asked by Quirin Vandersloot', kept: 'yes' }) },
      { org_id: other.id, actor_kind: 'system', action: 'people.imported', detail: JSON.stringify({ who: person.id }) },
    ]).execute();
    const pseudonym = crypto.randomUUID();
    const app = new pg.Client({ connectionString: t.database.appUrl });
    await app.connect();
    try {
      await app.query('begin');
      await app.query(`select set_config('app.org_id', $1, true)`, [other.id]);
      await expect(app.query('select pseudonymise_audit_entries($1, $2, $3, $4)', [org.id, person.id, pseudonym, [person.name]])).rejects.toThrow(/not the current organisation/);
      await app.query('rollback');
      await app.query('begin');
      await app.query(`select set_config('app.org_id', $1, true)`, [org.id]);
      const { rows } = await app.query('select pseudonymise_audit_entries($1, $2, $3, $4) as n', [org.id, person.id, pseudonym, [person.name, person.email]]);
      expect(rows[0].n).toBe(2);
      // The flag the function sets does not outlive it: a plain update in the same transaction is refused.
      await expect(app.query(`update audit_log set action = 'nothing.happened'`)).rejects.toThrow(/permission denied/);
      await app.query('rollback');
      await app.query('begin');
      await app.query(`select set_config('app.org_id', $1, true)`, [org.id]);
      await app.query('select pseudonymise_audit_entries($1, $2, $3, $4)', [org.id, person.id, pseudonym, [person.name, person.email]]);
      await app.query('commit');
    } finally {
      await app.end();
    }
    const mine = (await entries(org.id)).filter((e) => [e.actor_id, e.subject_id].includes(pseudonym) || e.action === 'people.details_read' && JSON.stringify(e.detail).includes('(erased)'));
    expect(mine.find((e) => e.action === 'people.profile_changed')).toMatchObject({ actor_id: pseudonym, subject_id: pseudonym, ip: null, detail: { fields: ['name'] } });
    expect(mine.find((e) => e.action === 'people.details_read')).toMatchObject({ actor_id: admin.id, ip: '10.9.9.9', detail: { people: [admin.id, '(erased)'], note: '(erased)', kept: 'yes' } });
    const everything = JSON.stringify(await entries(org.id));
    expect(everything).not.toContain(person.id);
    expect(everything).not.toContain('Vandersloot');
    expect(JSON.stringify(await entries(other.id))).toContain(person.id);
    // The owner cannot pseudonymise by hand either: the guard wants the function's flag.
    await expect(t.database.pool.query('update audit_log set ip = null where org_id = $1', [org.id])).rejects.toThrow(/append-only/);
  });

  it('lets an organisation being deleted take its entries with it, and keeps every other organisation’s', async () => {
    const leaving = await buildOrganisation(t.database.db);
    await t.database.db.insertInto('audit_log').values([{ org_id: leaving.id, actor_kind: 'system', action: 'org.created' }, { org_id: org.id, actor_kind: 'system', action: 'org.stays' }]).execute();
    const client = await t.database.pool.connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('quartet.deleting_organisation', $1, true)`, [leaving.id]);
      await expect(client.query('delete from audit_log where org_id = $1', [org.id])).rejects.toThrow(/append-only/);
      await client.query('rollback');
      await client.query('begin');
      await client.query(`select set_config('quartet.deleting_organisation', $1, true)`, [leaving.id]);
      expect((await client.query('delete from audit_log where org_id = $1', [leaving.id])).rowCount).toBe(1);
      await client.query('commit');
    } finally {
      client.release();
    }
    expect(await entries(leaving.id)).toEqual([]);
    expect((await entries(org.id)).some((e) => e.action === 'org.stays')).toBe(true);
  });
});
