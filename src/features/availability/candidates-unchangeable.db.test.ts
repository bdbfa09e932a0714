// The coaches suggested for a session that can no longer be handed on (cancelled, or already
// started): the same refusal reassigning gives, not a list of coaches the page would then offer.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

describe('coach candidates for a session that cannot be reassigned', () => {
  it('are refused as reassigning is: cancelled, or already started', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const other = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const cookie = await t.cookieFor(admin);
    const cancelled = await buildSession(db, { org });
    await db.updateTable('sessions').set({ status: 'cancelled' }).where('id', '=', cancelled.id).execute();
    const started = await buildSession(db, { org, startsAt: new Date(Date.now() - 10 * 60_000) });

    for (const [session, code] of [[cancelled, 'SESSION_CANCELLED'], [started, 'SESSION_STARTED']] as const) {
      const reassign = await call(t, 'POST', `/api/sessions/${session.id}/reassign`, { cookie, body: { coachId: other.id } });
      const candidates = await call(t, 'GET', `/api/sessions/${session.id}/coach-candidates`, { cookie });
      expect(reassign.status).toBe(409);
      expect(reassign.body.code).toBe(code);
      expect({ status: candidates.status, code: candidates.body.code }).toEqual({ status: reassign.status, code });
    }
  });
});
