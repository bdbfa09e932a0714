// A coach says when they can coach (or an admin says it for them): weekly windows in a zone, the
// weekly limit, online or which sites, which modules. Saved whole: the windows replace the old ones.
import type { Tx } from '../../db/transaction.ts';
import { hasRole, requireRole, type Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { knownModules, person, saveAvailability, sites as orgSites } from './queries.ts';
import type { AvailabilityInput } from './schema.ts';
import { clockMinutes, windowProblems, weeklyHours } from './windows.ts';

/** Saves the coach's availability: the actor's own (a coach), or anyone's who coaches (an admin). */
export async function setAvailability(tx: Tx, actor: Actor, personId: string, input: AvailabilityInput): Promise<void> {
  if (personId === actor.personId) requireRole(actor, 'coach', 'admin');
  else requireRole(actor, 'admin');
  const coach = await person(tx, actor.orgId, personId, { lock: true });
  if (!coach) throw new NotFoundError('Person');
  if (!coach.roles.includes('coach')) throw new InputError([{ field: 'personId', message: 'is not a learning coach' }]);
  // Availability is kept only while the person coaches (migration 046 deletes it when they stop).
  if (!coach.active) throw new InputError([{ field: 'personId', message: 'is deactivated' }]);

  const windows = input.windows.map((w) => ({ weekday: w.weekday, startsMinute: clockMinutes(w.from), endsMinute: clockMinutes(w.to) }));
  const fields = windowProblems(windows).map((p) => ({ field: `windows.${p.index}`, message: p.message }));
  const modules = [...new Set(input.moduleIds)];
  const known = new Set(await knownModules(tx, actor.orgId, modules));
  if (modules.some((id) => !known.has(id))) fields.push({ field: 'moduleIds', message: 'names a module that does not exist' });
  const places = [...new Set(input.sites)];
  const existing = new Set(await orgSites(tx, actor.orgId));
  // Leaving out a site whose rooms were all retired is how it is removed; naming it again is refused,
  // and the page marks such a saved site so the person knows which to untick.
  if (places.some((s) => !existing.has(s))) fields.push({ field: 'sites', message: 'names a site with no rooms in use' });
  if (!input.coachesOnline && existing.size === 0) fields.push({ field: 'coachesOnline', message: 'the organisation has no rooms, so sessions are online' });
  if (fields.length > 0) throw new InputError(fields);

  await saveAvailability(tx, actor.orgId, personId, actor.personId, {
    timeZone: input.timeZone, maxSessionsPerWeek: input.maxSessionsPerWeek, coachesOnline: input.coachesOnline, sites: places, moduleIds: modules,
  }, windows);
  await audit(tx, actor, 'availability.changed', { kind: 'person', id: personId }, {
    by: hasRole(actor, 'admin') && personId !== actor.personId ? 'admin' : 'self',
    windows: windows.length, hours: weeklyHours(windows), maxSessionsPerWeek: input.maxSessionsPerWeek,
  });
}
