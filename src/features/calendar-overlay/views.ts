// Reading an employee's own calendar connection and its cached busy times.
import type { Tx } from '../../db/transaction.ts';
import { requirePerson, type Actor } from '../../lib/actor.ts';
import { cachedBusy, connection } from './queries.ts';
import { presentBusy, presentStatus } from './presenters.ts';
import type { CalendarBusy, CalendarStatus } from './schema.ts';

export async function calendarStatus(tx: Tx, actor: Actor): Promise<CalendarStatus> {
  requirePerson(actor);
  return presentStatus(await connection(tx, actor.orgId, actor.personId));
}

/** The busy times from now on, from the cache only (an expired cache reads as none). */
export async function calendarBusy(tx: Tx, actor: Actor, now: Date): Promise<CalendarBusy> {
  requirePerson(actor);
  const row = await connection(tx, actor.orgId, actor.personId);
  return presentBusy(row, row ? await cachedBusy(tx, actor.orgId, actor.personId, now, now) : []);
}
