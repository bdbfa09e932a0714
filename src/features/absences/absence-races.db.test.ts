// A coach reports days away at the very moment a session is given to them: the two are decided
// one after the other on the coach's row, so either the session is refused (COACH_AWAY) or it was
// there first and the report lists it for the admins. Each order is made to happen by holding the
// first transaction open until the second waits on it (or, without the lock, has finished).
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { buildModule, buildOrganisation, buildPerson, buildSession, type PersonRow } from '../../../test/factories.ts';
import { hold, outcome, untilWaitingOrDone } from '../../../test/lock-waits.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { planningWindow } from '../../lib/time.ts';
import { publishSession, reassignSession } from '../sessions/service.ts';
import { reportAbsence } from './service.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;
// The transactions run as the app role, as requests do; the watcher sees their lock waits as the same role.
const app = t.ctx.db;
const ZONE = 'Europe/Berlin';
// A day a month ahead in the coach's zone; noon there is well inside it.
const AWAY = DateTime.now().setZone(ZONE).plus({ days: 30 }).toISODate()!;
const NOON = DateTime.fromISO(`${AWAY}T12:00`, { zone: ZONE }).toJSDate();
const actorOf = (p: PersonRow): Actor => ({ orgId: p.org_id, personId: p.id, roles: p.roles, timeZone: p.time_zone, locale: p.locale });

async function organisation() {
  const org = await buildOrganisation(db);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'], timeZone: ZONE });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
  return { org, coach, admin, module: await buildModule(db, { org }) };
}

const coachesSessions = (coachId: string) => db.selectFrom('sessions').where('coach_id', '=', coachId).select('id').execute();

describe('a coach reporting days away at the moment a session is given to them', () => {
  it('a session published onto the coach while the absence is being recorded waits for it, then is refused', async () => {
    const { org, coach, admin, module } = await organisation();
    const reported = hold();
    const reporting = inOrg(app, org.id, async (tx) => {
      await reportAbsence(tx, actorOf(coach), { firstDay: AWAY, lastDay: AWAY });
      await reported.here();
    });
    await reported.reached;
    const publishing = outcome(inOrg(app, org.id, (tx) => publishSession(tx, actorOf(admin), {
      moduleId: module.id, coachId: coach.id, startsAt: `${AWAY}T12:00`, timeZone: ZONE, format: 'virtual', onlineUrl: 'https://meet.example.test/race',
    }, planningWindow(180))));
    await untilWaitingOrDone(t.ctx.pool, publishing);
    reported.release();
    await reporting;

    expect(await publishing).toMatchObject({ error: { code: 'COACH_AWAY' } });
    expect(await coachesSessions(coach.id)).toEqual([]);
  });

  it('a session reassigned to the coach first is listed by the report, and the admins are told', async () => {
    const { org, coach, admin, module } = await organisation();
    const other = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const session = await buildSession(db, { org, coach: other, module, startsAt: NOON });
    const reassigned = hold();
    const reassigning = inOrg(app, org.id, async (tx) => {
      await reassignSession(tx, actorOf(admin), session.id, coach.id);
      await reassigned.here();
    });
    await reassigned.reached;
    const reporting = outcome(inOrg(app, org.id, (tx) => reportAbsence(tx, actorOf(coach), { firstDay: AWAY, lastDay: AWAY })));
    await untilWaitingOrDone(t.ctx.pool, reporting);
    reassigned.release();
    await reassigning;

    const report = await reporting;
    expect(report).toMatchObject({ value: { sessionsNeedingCoach: [{ id: session.id }] } });
    expect(await coachesSessions(coach.id)).toEqual([{ id: session.id }]);
    const told = await db.selectFrom('outgoing_messages').where('org_id', '=', org.id).where('kind', '=', 'coach_absent').select('recipient_id').execute();
    expect(told).toEqual([{ recipient_id: admin.id }]);
  });
});
