// An admin retires or shrinks a room at the very moment a coach publishes a session in it: the two
// are decided one after the other on the room's row, so either the session is refused (the room is
// retired by then) or it was there first and the admin's change is refused. Each order is made to
// happen by holding the first transaction open until the second waits on it (or, without the lock,
// has finished).
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildRoom, type PersonRow } from '../../../test/factories.ts';
import { hold, outcome, untilWaitingOrDone, type Hold } from '../../../test/lock-waits.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { planningWindow } from '../../lib/time.ts';
import { publishSession } from '../sessions/service.ts';
import { changeRoom } from './service.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;
// The transactions run as the app role, as requests do; the watcher sees their lock waits as the same role.
const app = t.ctx.db;
const actorOf = (p: PersonRow): Actor => ({ orgId: p.org_id, personId: p.id, roles: p.roles, timeZone: p.time_zone, locale: p.locale });

async function organisation() {
  const org = await buildOrganisation(db);
  const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
  const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
  const room = await buildRoom(db, { org, capacity: 8 });
  const module = await buildModule(db, { org });
  /** The coach publishes a session of `capacity` in the room; with a hold, the transaction stays open after it. */
  const publish = (capacity: number, held?: Hold) => inOrg(app, org.id, async (tx) => {
    const id = await publishSession(tx, actorOf(coach), {
      moduleId: module.id, startsAt: hoursAfterReference(72).toISOString(), timeZone: 'Europe/Berlin', format: 'in_person', roomId: room.id, capacity,
    }, planningWindow(180));
    await held?.here();
    return id;
  });
  const change = (input: { retired?: boolean; capacity?: number }, held?: Hold) => inOrg(app, org.id, async (tx) => {
    const changed = await changeRoom(tx, actorOf(admin), room.id, input);
    await held?.here();
    return changed;
  });
  return { room, publish, change };
}

const roomNow = (id: string) => db.selectFrom('rooms').where('id', '=', id).select(['capacity', 'retired_at']).executeTakeFirstOrThrow();
const sessionsIn = (roomId: string) => db.selectFrom('sessions').where('room_id', '=', roomId).select('capacity').execute();

describe('a room changed by an admin while a session is published in it', () => {
  it('a room retired while a session is being published in it waits for the session, then is refused', async () => {
    const { room, publish, change } = await organisation();
    const published = hold();
    const publishing = publish(4, published);
    await published.reached;
    const retiring = outcome(change({ retired: true }));
    await untilWaitingOrDone(t.ctx.pool, retiring);
    published.release();
    await publishing;

    expect(await retiring).toMatchObject({ error: { code: 'ROOM_IN_USE' } });
    expect(await roomNow(room.id)).toMatchObject({ retired_at: null });
    expect(await sessionsIn(room.id)).toHaveLength(1);
  });

  it('a session published in a room being retired waits for the retirement, then is refused', async () => {
    const { room, publish, change } = await organisation();
    const retired = hold();
    const retiring = change({ retired: true }, retired);
    await retired.reached;
    const publishing = outcome(publish(4));
    await untilWaitingOrDone(t.ctx.pool, publishing);
    retired.release();
    await retiring;

    expect(await publishing).toMatchObject({ error: { code: 'ROOM_RETIRED' } });
    expect(await sessionsIn(room.id)).toEqual([]);
  });

  it('a room shrunk while a larger group is being published in it waits for the session, then is refused', async () => {
    const { room, publish, change } = await organisation();
    const published = hold();
    const publishing = publish(6, published);
    await published.reached;
    // 5 seats would do for the groups of 4 planned before, not for this one of 6 and its coach.
    const shrinking = outcome(change({ capacity: 5 }));
    await untilWaitingOrDone(t.ctx.pool, shrinking);
    published.release();
    await publishing;

    expect(await shrinking).toMatchObject({ error: { code: 'ROOM_TOO_SMALL' } });
    expect(await roomNow(room.id)).toMatchObject({ capacity: 8 });
    expect(await sessionsIn(room.id)).toEqual([{ capacity: 6 }]);
  });
});
