// Erasure under real concurrency: two erasures of one person at the same moment, an erasure while
// the person takes a seat in another connection, and the two last admins erased at once. Whatever
// the order, the end state is consistent: one erasure, no active seat of an erased person, seat
// counts equal to the seats, an active admin left.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';
import { hold, outcome, untilWaitingOrDone } from '../../../test/lock-waits.ts';
import { inOrg } from '../../db/transaction.ts';
import { erasePerson } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  // No mail worker: the mail is not what these tests are about, and the queue may fill.
  t = await startTestApp({ worker: false, poolSize: 30 });
});

async function consistent(orgId: string) {
  const { rows: [r] } = await t.database.pool.query(`
    select
      (select count(*)::int from bookings b join people p on p.id = b.person_id join sessions s on s.id = b.session_id
        where b.org_id = $1 and p.anonymised_at is not null and b.status = 'active' and s.starts_at > now()) as erased_seats,
      (select count(*)::int from sessions s where s.org_id = $1 and s.seats_taken <>
        (select count(*) from bookings b where b.session_id = s.id and b.status <> 'cancelled')
        + (select count(*) from waitlist_entries w where w.session_id = s.id and w.status = 'offered')) as wrong_counts,
      (select count(*)::int from audit_log where org_id = $1 and action = 'person.erased') as erasures`, [orgId]);
  return r;
}

describe('erasing at the same moment as something else', () => {
  it('erases once when two admins erase the same person at once; the other gets 404', async () => {
    for (let round = 0; round < 10; round++) {
      const admin = await buildPerson(t.database.db, { roles: ['employee', 'admin'] });
      const org = { id: admin.org_id };
      const person = await buildPerson(t.database.db, { org });
      const session = await buildSession(t.database.db, { org });
      await t.database.pool.query(`insert into bookings (org_id, session_id, person_id) values ($1, $2, $3)`, [org.id, session.id, person.id]);
      const cookie = await t.cookieFor(admin);
      const answers = await Promise.all([0, 1].map(() =>
        call(t, 'POST', `/api/admin/people/${person.id}/erasure`, { cookie, body: { confirmEmail: person.email } })));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 404]);
      expect(await consistent(org.id)).toEqual({ erased_seats: 0, wrong_counts: 0, erasures: 1 });
    }
  });

  it('leaves no seat of an erased person when they book in another connection at the same moment (repeated)', async () => {
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 30; round++) {
      const admin = await buildPerson(t.database.db, { roles: ['employee', 'admin'] });
      const org = { id: admin.org_id };
      const person = await buildPerson(t.database.db, { org });
      const sessions = await Promise.all([0, 1].map((i) => buildSession(t.database.db, { org, startsAt: new Date(Date.now() + (30 + i) * 86_400_000) })));
      const [adminCookie, personCookie] = await Promise.all([t.cookieFor(admin), t.cookieFor(person)]);
      const [erased, ...booked] = await Promise.all([
        call(t, 'POST', `/api/admin/people/${person.id}/erasure`, { cookie: adminCookie, body: { confirmEmail: person.email } }),
        ...sessions.map((s) => call(t, 'POST', `/api/sessions/${s.id}/bookings`, { cookie: personCookie })),
      ]);
      expect(erased!.status, erased!.text).toBe(200);
      for (const b of booked) {
        // In before the erasure (201, then given up by it), or after it: not signed in any more, or no such person.
        expect([201, 401, 409]).toContain(b.status);
        if (b.status === 409) expect(b.body.code).toBe('PERSON_INACTIVE');
        outcomes.set(String(b.status), (outcomes.get(String(b.status)) ?? 0) + 1);
      }
      expect(await consistent(org.id)).toEqual({ erased_seats: 0, wrong_counts: 0, erasures: 1 });
      expect(erased!.body.bookingsCancelled).toBe(booked.filter((b) => b.status === 201).length);
    }
    // Both orders happened: the test raced for real.
    expect(outcomes.size).toBeGreaterThan(1);
  });

  it('keeps an admin when the organisation’s two admins are erased at the same moment: the second is refused', async () => {
    const org = await buildOrganisation(t.database.db);
    const [first, second] = [await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] }), await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] })];
    // The first erasure is held open once done, until the second waits for it (or, without the lock, is done too).
    const erased = hold();
    const erasing = inOrg(t.ctx.db, org.id, async (tx) => {
      await erasePerson(tx, org.id, first.id, { kind: 'command_line' });
      await erased.here();
    });
    await erased.reached;
    const alsoErasing = outcome(inOrg(t.ctx.db, org.id, (tx) => erasePerson(tx, org.id, second.id, { kind: 'command_line' })));
    await untilWaitingOrDone(t.ctx.pool, alsoErasing);
    erased.release();
    await erasing;

    expect(await alsoErasing).toMatchObject({ error: { code: 'ERASURE_LAST_ADMIN' } });
    const admins = await t.database.db.selectFrom('people').where('org_id', '=', org.id).where('active', '=', true)
      .where(({ eb, val }) => eb(val('admin'), '=', eb.fn.any('roles'))).select('id').execute();
    expect(admins).toEqual([{ id: second.id }]);
  });
});
