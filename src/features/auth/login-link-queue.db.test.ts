// Asking for a log-in link does the same work for every address (security review M2): the request
// adds one job, and Quartet's worker looks the address up and queues the mail. Here the app runs
// without a worker, so what the request itself wrote can be counted; a test starts one when it
// wants the jobs run, sending to a real SMTP listener.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson, type OrgRow } from '../../../test/factories.ts';
import { mailboxWithWorker, settled, type CapturedMail } from '../../../test/mail-assertions.ts';
import { bookEveryone, createLoadOrg } from '../../../test/mail-load.ts';
import { hoursAfterReference } from '../../../test/dates.ts';

let t: TestApp;
let org: OrgRow;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
  org = await buildOrganisation(t.database.db);
});

const nobody = () => `nobody-${crypto.randomUUID()}@example.test`;
const loginMailTo = (email: string) => (m: CapturedMail) => m.envelope.to.includes(email.toLowerCase()) && /sign-in link/.test(m.parsed.subject ?? '');

async function askForLink(email: string) {
  const res = await t.request('POST', '/api/auth/login-link', { body: { email } });
  expect(res.status).toBe(202);
}

// Rate-limit counters are left out: they are counted before anything else, alike for every
// address by design (rate-limit.db.test.ts), and a window that ends between two requests would
// add a row for one of them only.
let tables: string[] | undefined;
async function rowCounts(): Promise<Record<string, number>> {
  tables ??= (await sql<{ name: string }>`
    select format('%I.%I', table_schema, table_name) as name from information_schema.tables
    where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'
      and table_name <> 'rate_limit_hits' order by 1`.execute(t.database.db)).rows.map((r) => r.name);
  const { rows } = await sql<{ name: string; n: number }>`${sql.raw(
    tables.map((name) => `select '${name}' as name, count(*)::int as n from ${name}`).join(' union all '),
  )}`.execute(t.database.db);
  return Object.fromEntries(rows.map((r) => [r.name, r.n]));
}

/** What one request added, table by table (tables it left alone are not listed). */
async function rowsAddedBy(request: () => Promise<void>): Promise<Record<string, number>> {
  const before = await rowCounts();
  await request();
  const after = await rowCounts();
  return Object.fromEntries(Object.entries(after).filter(([name, n]) => n !== before[name]).map(([name, n]) => [name, n - before[name]!]));
}

const requestJobs = async () => (await sql<{ id: string; payload: unknown; attempts: number; max_attempts: number; last_error: string | null; locked_at: Date | null }>`
  select j.id, j.payload, j.attempts, j.max_attempts, j.last_error, j.locked_at from graphile_worker._private_jobs j
  join graphile_worker._private_tasks k on k.id = j.task_id where k.identifier = 'request_login_links' order by j.id`.execute(t.database.db)).rows;

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const noRequestJobsLeft = () => waitUntil('every request_login_links job has run', async () => (await requestJobs()).length === 0);

const messagesTo = (personId: string) =>
  t.database.db.selectFrom('outgoing_messages').where('recipient_id', '=', personId).select(['kind', 'status']).execute();

describe('asking for a log-in link', () => {
  it('writes the same rows for a known and an unknown address, one job; the worker then mails the known one only', async () => {
    const person = await buildPerson(t.database.db, { org });
    const unknown = nobody();

    const forKnown = await rowsAddedBy(() => askForLink(person.email.toUpperCase()));
    const forUnknown = await rowsAddedBy(() => askForLink(unknown));
    expect(forKnown).toEqual({ 'graphile_worker._private_jobs': 1 });
    expect(forUnknown).toEqual(forKnown);
    // Both jobs alike: the normalised address, nothing else, a few attempts.
    expect((await requestJobs()).map(({ payload, max_attempts }) => ({ payload, max_attempts }))).toEqual([
      { payload: { email: person.email.toLowerCase() }, max_attempts: 4 },
      { payload: { email: unknown }, max_attempts: 4 },
    ]);
    expect(await messagesTo(person.id)).toEqual([]);

    const mailbox = await mailboxWithWorker(t, 'test');
    const mail = await mailbox.waitFor(loginMailTo(person.email));
    expect(mail.parsed.text).toMatch(/#token=[\w-]{20,100}/);
    // Jobs that ran are deleted, and with them the addresses they carried.
    await noRequestJobsLeft();
    await settled(t.database.db, org.id);
    expect(await messagesTo(person.id)).toEqual([{ kind: 'login_link', status: 'sent' }]);
    expect(mailbox.to(unknown)).toEqual([]);
    expect(mailbox.messages).toHaveLength(1);
  });

  it('drops a job a worker reaches over an hour late, and one without a valid address, keeping neither', async () => {
    const late = await buildPerson(t.database.db, { org });
    const control = await buildPerson(t.database.db, { org });
    await askForLink(late.email);
    // Asked for while no worker ran, for over an hour.
    await sql`update graphile_worker._private_jobs set created_at = now() - interval '2 hours' where payload ->> 'email' = ${late.email}`.execute(t.database.db);
    await sql`select graphile_worker.add_job('request_login_links', json_build_object('email', 'not an address'))`.execute(t.database.db);
    await askForLink(control.email);

    const mailbox = await mailboxWithWorker(t, 'test');
    await mailbox.waitFor(loginMailTo(control.email));
    await noRequestJobsLeft();
    await settled(t.database.db, org.id);
    expect(await messagesTo(late.id)).toEqual([]);
    expect(mailbox.to(late.email)).toEqual([]);
  });

  it('tries a failing job again, and deletes it, address and all, when its last attempt fails', async () => {
    const once = await buildPerson(t.database.db, { org });
    const twice = await buildPerson(t.database.db, { org });
    // The lookup fails while the app role may not call it (this file's own database).
    await sql`revoke execute on function auth_people_for_sign_in(text) from quartet_app`.execute(t.database.db);
    onTestFinished(async () => {
      await sql`grant execute on function auth_people_for_sign_in(text) to quartet_app`.execute(t.database.db);
    });
    await sql`select graphile_worker.add_job('request_login_links', json_build_object('email', ${once.email}::text), max_attempts := 1)`.execute(t.database.db);
    await sql`select graphile_worker.add_job('request_login_links', json_build_object('email', ${twice.email}::text), max_attempts := 2)`.execute(t.database.db);

    const mailbox = await mailboxWithWorker(t, 'test');
    await waitUntil('both jobs have been tried once', async () => {
      const jobs = await requestJobs();
      return jobs.length === 1 && jobs[0]!.attempts === 1 && jobs[0]!.locked_at === null;
    });
    const [left] = await requestJobs();
    expect(left).toMatchObject({ payload: { email: twice.email }, max_attempts: 2, last_error: expect.stringContaining('permission denied') });

    await sql`grant execute on function auth_people_for_sign_in(text) to quartet_app`.execute(t.database.db);
    await mailbox.waitFor(loginMailTo(twice.email));
    await noRequestJobsLeft();
    await settled(t.database.db, org.id);
    expect(await messagesTo(once.id)).toEqual([]);
    expect(mailbox.to(once.email)).toEqual([]);
  });
});

describe('a log-in link in a queue full of other mail', () => {
  it('goes ahead of the confirmations and notices queued before it (migration 018)', async () => {
    // 300 seats taken: 300 confirmations and the coaches' notices wait in the queue, no worker runs.
    const load = await createLoadOrg(t.database.db, { tag: 'backlog', starts: Array.from({ length: 75 }, (_, i) => hoursAfterReference(2 * i)), seats: 4 });
    await bookEveryone(t.ctx.db, load, 8);
    const person = await buildPerson(t.database.db, { org });
    await askForLink(person.email);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from outgoing_messages where status = 'pending'`.execute(t.database.db);
    const backlog = rows[0]!.n;
    expect(backlog).toBeGreaterThanOrEqual(300);

    const mailbox = await mailboxWithWorker(t, 'test');
    await mailbox.waitFor(loginMailTo(person.email), 60_000);
    const place = mailbox.messages.findIndex(loginMailTo(person.email));
    // First come, first served it would leave after the whole backlog. The worker takes jobs a
    // batch at a time, so the link may follow the batch in hand, and at most one more.
    expect(place).toBeLessThan(backlog / 3);
  });
});
