// Recovery of the mail queue: jobs held by a worker process that died are released (and those of
// a live one are not); a pending message whose job is gone is queued again.
import { afterAll, describe, expect, it } from 'vitest';
import { PAST_MONDAY } from '../../test/dates.ts';
import { createTestDatabase } from '../../test/db.ts';
import { buildOrganisation, buildPerson } from '../../test/factories.ts';
import { announceWorkerPool, openJobQueuePool, releaseOrphanedJobs, requeueStrandedMessages } from './job-queue.ts';

const database = await createTestDatabase(4);
const pool = openJobQueuePool(database.url, 2);
afterAll(() => pool.end());

async function queueMessage() {
  const org = await buildOrganisation(database.db);
  const person = await buildPerson(database.db, { org });
  const row = await database.db.insertInto('outgoing_messages')
    .values({ org_id: org.id, kind: 'login_link', recipient_id: person.id, booking_id: null, session_id: null, calendar_sequence: null, dedupe_key: null, last_error: null })
    .returning('id').executeTakeFirstOrThrow();
  return row.id;
}

const jobOf = async (messageId: string) =>
  (await pool.query<{ id: string; locked_by: string | null }>(`select id, locked_by from graphile_worker._private_jobs where key = $1`, [`message:${messageId}`])).rows[0];

describe('the job queue', () => {
  it('adds a job for every pending message, in the same transaction', async () => {
    const id = await queueMessage();
    expect(await jobOf(id)).toBeDefined();
  });

  it('releases jobs locked by a pool whose process is gone, and keeps those of a live one', async () => {
    const deadJob = (await jobOf(await queueMessage()))!;
    const liveJob = (await jobOf(await queueMessage()))!;
    const live = await announceWorkerPool(database.url, 'pool-still-here');
    try {
      await pool.query(`update graphile_worker._private_jobs set locked_by = 'pool-long-gone', locked_at = now() - interval '1 minute' where id = $1`, [deadJob.id]);
      await pool.query(`update graphile_worker._private_jobs set locked_by = 'pool-still-here', locked_at = now() - interval '1 minute' where id = $1`, [liveJob.id]);
      expect(await releaseOrphanedJobs(pool)).toEqual(['pool-long-gone']);
      const rows = (await pool.query<{ id: string; locked_by: string | null }>(`select id, locked_by from graphile_worker._private_jobs where id = any($1::bigint[])`, [[deadJob.id, liveJob.id]])).rows;
      expect(Object.fromEntries(rows.map((r) => [r.id, r.locked_by]))).toEqual({ [deadJob.id]: null, [liveJob.id]: 'pool-still-here' });
    } finally {
      await live.close();
    }
  });

  it('queues again a message pending past its time whose job is gone', async () => {
    const id = await queueMessage();
    await database.db.updateTable('outgoing_messages').set({ send_after: PAST_MONDAY }).where('id', '=', id).execute();
    await pool.query(`delete from graphile_worker._private_jobs where key = $1`, [`message:${id}`]);
    const fresh = await queueMessage(); // due now, with its job: left alone
    expect(await requeueStrandedMessages(pool)).toBe(1);
    expect(await jobOf(id)).toBeDefined();
    expect(await jobOf(fresh)).toBeDefined();
    expect(await requeueStrandedMessages(pool)).toBe(0);
  });
});


