// A person's copy of their data through HTTP and the real worker: asked for on the profile,
// prepared by the job, announced by one mail that links to the profile (never to the file), and
// downloaded once by that person alone; refused when downloaded, expired or someone else's.
import { sql } from 'kysely';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../../../test/app.ts';
import { PAST_MONDAY } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, type OrgRow } from '../../../test/factories.ts';
import { settled } from '../../../test/mail-assertions.ts';
import { inOrg } from '../../db/transaction.ts';
import { expireDataExports } from './service.ts';

let t: TestApp;
let org: OrgRow;

beforeAll(async () => {
  t = await startTestApp();
  org = await buildOrganisation(t.database.db, { name: 'Initech' });
});

interface ExportState { id: string; status: string; expiresAt: string | null; downloadedAt: string | null }

async function ask(cookie: string) {
  const res = await t.request('POST', '/api/me/data-export', { cookie });
  return { status: res.status, body: (await res.json()) as ExportState & { code?: string } };
}

async function current(cookie: string): Promise<ExportState | null> {
  const res = await t.request('GET', '/api/me/data-export', { cookie });
  expect(res.status).toBe(200);
  return ((await res.json()) as { current: ExportState | null }).current;
}

/** Waits for the worker to finish the request (no timing is asserted: the wait only bounds a hang). */
async function untilReady(cookie: string): Promise<ExportState> {
  for (let i = 0; i < 400; i++) {
    const state = await current(cookie);
    if (state && state.status !== 'preparing') return state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the export was not prepared within 20 s');
}

async function download(cookie: string, id: string) {
  const res = await t.request('GET', `/api/me/data-export/${id}/download`, { cookie });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

function unpack(bytes: Uint8Array) {
  const files = unzipSync(bytes);
  return { names: Object.keys(files).sort(), data: JSON.parse(strFromU8(files['data.json']!)) as Record<string, unknown>, summary: strFromU8(files['summary.html']!) };
}

describe('a person downloads their data', () => {
  it('is prepared by the job, announced by one mail to the profile, downloaded once as a ZIP of data.json and summary.html', async () => {
    const person = await buildPerson(t.database.db, { org, locale: 'de', name: 'Dora Datenreich' });
    const cookie = await t.cookieFor(person);
    expect(await current(cookie)).toBeNull();

    const asked = await ask(cookie);
    expect(asked.status).toBe(202);
    expect(asked.body.status).toBe('preparing');
    const ready = await untilReady(cookie);
    expect(ready).toMatchObject({ id: asked.body.id, status: 'ready', downloadedAt: null });
    const days = (new Date(ready.expiresAt!).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const mail = await t.mailbox.waitFor((m) => m.to !== undefined && JSON.stringify(m.to).includes(person.email));
    expect(mail.subject).toBe('Ihre Daten aus Quartet stehen zum Herunterladen bereit');
    const links = [...String(mail.html).matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toContain(`${TEST_ORIGIN}/profile#data-export`);
    // The mail carries no way to the archive itself: neither its id nor a download address.
    expect(`${mail.text}${mail.html}`).not.toContain(asked.body.id);
    expect(`${mail.text}${mail.html}`).not.toContain('/download');

    const first = await download(cookie, ready.id);
    expect(first.res.status).toBe(200);
    expect(first.res.headers.get('content-type')).toBe('application/zip');
    expect(first.res.headers.get('content-disposition')).toMatch(/^attachment; filename="quartet-data-\d{4}-\d{2}-\d{2}\.zip"$/);
    const archive = unpack(first.bytes);
    expect(archive.names).toEqual(['data.json', 'summary.html']);
    expect(archive.data).toMatchObject({ format: 'quartet.personal-data', version: 1, requestId: ready.id, organisation: { name: 'Initech' } });
    expect(archive.data.profile).toMatchObject({ id: person.id, email: person.email, name: 'Dora Datenreich', locale: 'de' });
    expect(archive.summary).toContain('<html lang="de">');
    expect(archive.summary).toContain('Ihre Daten in Quartet');
    expect(archive.summary).toContain('Art. 77 DSGVO');

    const second = await download(cookie, ready.id);
    expect(second.res.status).toBe(410);
    expect(JSON.parse(new TextDecoder().decode(second.bytes))).toMatchObject({ code: 'EXPORT_DOWNLOADED' });
    expect(await current(cookie)).toMatchObject({ status: 'downloaded', downloadedAt: expect.any(String) });
    const { rows } = await sql<{ archive: Buffer | null }>`select archive from data_exports where id = ${ready.id}`.execute(t.database.db);
    expect(rows[0]!.archive).toBeNull();

    // The mail is sent once, and only one was queued for the request.
    await settled(t.database.db, org.id);
    expect(t.mailbox.to(person.email)).toHaveLength(1);
    const { rows: queued } = await sql<{ n: number }>`select count(*)::int as n from outgoing_messages where recipient_id = ${person.id} and kind = 'data_export_ready'`.execute(t.database.db);
    expect(queued[0]!.n).toBe(1);

    const { rows: audit } = await sql<{ action: string }>`select action from audit_log where subject_id = ${person.id} order by at`.execute(t.database.db);
    expect(audit.map((a) => a.action)).toEqual(['people.data_export_requested', 'people.data_export_prepared', 'people.data_export_downloaded']);
  });

  it("answers 404 to another person's download, and theirs stays downloadable", async () => {
    const owner = await buildPerson(t.database.db, { org });
    const other = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const ownerCookie = await t.cookieFor(owner);
    await ask(ownerCookie);
    const ready = await untilReady(ownerCookie);
    const stranger = await download(await t.cookieFor(other), ready.id);
    expect(stranger.res.status).toBe(404);
    expect(new TextDecoder().decode(stranger.bytes)).not.toContain(owner.email);
    expect((await download(ownerCookie, ready.id)).res.status).toBe(200);
  });

  it('refuses an expired archive (410), and expiry deletes it', async () => {
    const person = await buildPerson(t.database.db, { org });
    const cookie = await t.cookieFor(person);
    await ask(cookie);
    const ready = await untilReady(cookie);
    const expiresAt = new Date(ready.expiresAt!);
    // The clock: just before its expiry nothing is deleted, at it the archive goes.
    expect(await inOrg(t.ctx.db, org.id, (tx) => expireDataExports(tx, org.id, new Date(expiresAt.getTime() - 1000)))).toBe(0);
    await sql`update data_exports set expires_at = now() - interval '1 second', ready_at = now() - interval '7 days' where id = ${ready.id}`.execute(t.database.db);
    const refused = await download(cookie, ready.id);
    expect(refused.res.status).toBe(410);
    expect(JSON.parse(new TextDecoder().decode(refused.bytes))).toMatchObject({ code: 'EXPORT_EXPIRED' });
    expect(await inOrg(t.ctx.db, org.id, (tx) => expireDataExports(tx, org.id))).toBeGreaterThanOrEqual(1);
    const { rows } = await sql<{ status: string; archive: Buffer | null }>`select status, archive from data_exports where id = ${ready.id}`.execute(t.database.db);
    expect(rows[0]).toEqual({ status: 'expired', archive: null });
  });

  it('deletes the archive at its expiry by its own job', async () => {
    const person = await buildPerson(t.database.db, { org });
    const cookie = await t.cookieFor(person);
    await ask(cookie);
    const ready = await untilReady(cookie);
    const { rows: jobs } = await sql<{ run_at: Date }>`
      select j.run_at from graphile_worker._private_jobs j where j.key = ${`data_export_expiry:${ready.id}`}`.execute(t.database.db);
    expect(jobs.map((j) => j.run_at.toISOString())).toEqual([new Date(ready.expiresAt!).toISOString()]);
    // Its moment brought forward: the worker runs it and the archive is gone.
    await sql`update data_exports set expires_at = now() where id = ${ready.id}`.execute(t.database.db);
    await sql`update graphile_worker._private_jobs set run_at = now() where key = ${`data_export_expiry:${ready.id}`}`.execute(t.database.db);
    for (let i = 0; i < 200 && (await current(cookie))?.status === 'ready'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await current(cookie)).toMatchObject({ status: 'expired' });
  });

  it('allows three requests a day per person (429 after), a refused one changing nothing; one at a time', async () => {
    const person = await buildPerson(t.database.db, { org });
    const cookie = await t.cookieFor(person);
    for (let i = 0; i < 3; i++) {
      expect((await ask(cookie)).status).toBe(202);
      await untilReady(cookie);
    }
    const count = async () => (await sql<{ n: number }>`select count(*)::int as n from data_exports where person_id = ${person.id}`.execute(t.database.db)).rows[0]!.n;
    expect(await count()).toBe(3);
    const refused = await t.request('POST', '/api/me/data-export', { cookie });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await count()).toBe(3);
    // A newer request retired the older archives: only the newest can be downloaded.
    const { rows } = await sql<{ status: string }>`select status from data_exports where person_id = ${person.id} order by requested_at`.execute(t.database.db);
    expect(rows.map((r) => r.status)).toEqual(['expired', 'expired', 'ready']);
  });

  it('refuses a second request while one is being prepared (409 EXPORT_IN_PROGRESS)', async () => {
    const person = await buildPerson(t.database.db, { org });
    const cookie = await t.cookieFor(person);
    // Its job taken out in the transaction that queued it (by trigger), so the worker never sees it
    // and the request stays "preparing" for the test; deleted afterwards, a quick worker could
    // already have prepared it.
    await t.database.db.transaction().execute(async (trx) => {
      await sql`insert into data_exports (org_id, person_id) values (${org.id}, ${person.id})`.execute(trx);
      await sql`delete from graphile_worker._private_jobs where key in (select 'data_export:' || id from data_exports where person_id = ${person.id})`.execute(trx);
    });
    const second = await ask(cookie);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('EXPORT_IN_PROGRESS');
    const early = await download(cookie, (await current(cookie))!.id);
    expect(early.res.status).toBe(409);
  });

  it('refuses integration tokens (403): only the person signed in as themself', async () => {
    const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const created = await t.request('POST', '/api/tokens', { cookie: await t.cookieFor(admin), body: { name: 'sync', scopes: ['read'] } });
    const { token } = (await created.json()) as { token: string };
    const res = await t.request('GET', '/api/me/data-export', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
  });

  it('finishes for a long history (500 bookings) with a well-formed archive', async () => {
    const person = await buildPerson(t.database.db, { org });
    const coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] });
    const module = await buildModule(t.database.db, { org, title: 'Negotiation basics' });
    await sql`
      with s as (
        insert into sessions (org_id, module_id, coach_id, starts_at, ends_at, time_zone, format, online_url, language, capacity, status)
        select ${org.id}, ${module.id}, ${coach.id}, ${PAST_MONDAY}::timestamptz + make_interval(hours => 2 * g),
          ${PAST_MONDAY}::timestamptz + make_interval(hours => 2 * g, mins => 90), 'Europe/Berlin', 'virtual', 'https://meet.example.test/long', 'en', 4, 'scheduled'
        from generate_series(1, 500) g returning id)
      insert into bookings (org_id, session_id, person_id) select ${org.id}, s.id, ${person.id} from s`.execute(t.database.db);
    await sql`update bookings set status = 'attended' where person_id = ${person.id}`.execute(t.database.db);
    const cookie = await t.cookieFor(person);
    await ask(cookie);
    const ready = await untilReady(cookie);
    expect(ready.status).toBe('ready');
    const archive = unpack((await download(cookie, ready.id)).bytes);
    expect(archive.data.bookings).toHaveLength(500);
    expect(archive.data.attendance).toHaveLength(500);
    expect((archive.data.bookings as Array<{ session: { module: { title: string } } }>).every((b) => b.session.module.title === 'Negotiation basics')).toBe(true);
    expect(archive.summary).toMatch(/<td>500<\/td>/);
  });
});

