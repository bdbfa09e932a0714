// The admin's people directory: find people, give or take roles, deactivate and reactivate.
import { lockActiveAdmins } from '../../db/active-admins.ts';
import type { Locale, Role } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError, RuleError } from '../../lib/errors.ts';
import { isTimeZone } from '../../lib/zones.ts';
import { audit } from '../audit/service.ts';
import { giveUpFutureSeatsOf } from '../bookings/service.ts';
import { queueSeatGivenUp } from '../notifications/outbox/service.ts';
import { endSignInsOf } from '../people/service.ts';
import { findForAdmin, searchPeople, upcomingCoachedSessions, updatePerson } from './queries.ts';

export async function listPeople(
  tx: Tx, actor: Actor, input: { q?: string | undefined; role?: Role | undefined; active?: boolean | undefined; cursor?: string | undefined; limit?: number | undefined },
) {
  requireRole(actor, 'admin');
  const limit = input.limit ?? 50;
  const rows = await searchPeople(tx, actor.orgId, { search: input.q, role: input.role, active: input.active, after: readCursor(input.cursor), limit });
  const last = rows.at(-1);
  return {
    items: rows.map((r) => ({
      id: r.id, name: r.name, email: r.email, department: r.department, site: r.site, timeZone: r.time_zone,
      locale: r.locale, roles: r.roles, active: r.active, upcomingBookings: r.upcoming_bookings,
    })),
    nextCursor: rows.length === limit && last ? Buffer.from(JSON.stringify([last.name, last.id])).toString('base64url') : null,
  };
}

function readCursor(cursor: string | undefined): { name: string; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof name === 'string' && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { name, id };
  } catch { /* falls through to the error below */ }
  throw new InputError([{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
}

export interface PersonChange {
  roles?: Role[] | undefined;
  active?: boolean | undefined;
  name?: string | undefined;
  department?: string | null | undefined;
  site?: string | null | undefined;
  timeZone?: string | undefined;
  locale?: Locale | undefined;
}

/**
 * Changes a person. Deactivating gives up their seats in sessions yet to start (their coaches are
 * told) and ends their sign-ins; the organisation always keeps an active admin.
 */
export async function changePerson(tx: Tx, actor: Actor, id: string, input: PersonChange): Promise<{ bookingsCancelled: number }> {
  requireRole(actor, 'admin');
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) throw new InputError([{ field: 'timeZone', message: 'is not an IANA time zone' }]);
  if (input.roles !== undefined && input.roles.length === 0) throw new InputError([{ field: 'roles', message: 'needs at least one role' }]);
  // Taken before the person's own row: two admins taking admin away from each other at once would
  // otherwise each count the other still there and leave the organisation with no admin.
  const admins = input.roles !== undefined || input.active === false ? await lockActiveAdmins(tx, actor.orgId) : [];
  const person = await findForAdmin(tx, actor.orgId, id);
  if (!person) throw new NotFoundError('Person');

  const wasAdmin = person.active && person.roles.includes('admin');
  const staysAdmin = (input.active ?? person.active) && (input.roles ?? person.roles).includes('admin');
  if (wasAdmin && !staysAdmin) {
    if (id === actor.personId) throw new RuleError('OWN_ADMIN_ROLE', 'You cannot take away your own admin rights or deactivate yourself; ask another admin.');
    if (admins.length <= 1) throw new RuleError('LAST_ADMIN', 'The organisation needs at least one active admin.');
  }
  const wasCoach = person.active && person.roles.includes('coach');
  const staysCoach = (input.active ?? person.active) && (input.roles ?? person.roles).includes('coach');
  if (wasCoach && !staysCoach) {
    const coached = await upcomingCoachedSessions(tx, actor.orgId, id);
    if (coached > 0) {
      throw new RuleError('COACH_HAS_SESSIONS', coached === 1 ? 'This coach runs 1 upcoming session; reassign or cancel it first.' : `This coach runs ${coached} upcoming sessions; reassign or cancel them first.`, { sessions: coached });
    }
  }

  await updatePerson(tx, actor.orgId, id, {
    ...(input.roles !== undefined && { roles: [...new Set(input.roles)] }),
    ...(input.active !== undefined && { active: input.active }),
    ...(input.name !== undefined && { name: input.name }),
    ...(input.department !== undefined && { department: input.department }),
    ...(input.site !== undefined && { site: input.site }),
    ...(input.timeZone !== undefined && { time_zone: input.timeZone }),
    ...(input.locale !== undefined && { locale: input.locale }),
  });
  let bookingsCancelled = 0;
  if (person.active && input.active === false) {
    const cancelled = await giveUpFutureSeatsOf(tx, actor.orgId, [id], new Date(), actor.personId);
    for (const bookingId of cancelled) await queueSeatGivenUp(tx, actor.orgId, bookingId, null);
    bookingsCancelled = cancelled.length;
    await endSignInsOf(tx, actor.orgId, [id]);
  }
  const fields = Object.keys(input).filter((k) => input[k as keyof PersonChange] !== undefined);
  await audit(tx, actor, 'people.changed', { kind: 'person', id }, {
    fields,
    ...(input.roles !== undefined && { roles: { from: person.roles, to: input.roles } }),
    ...(input.active !== undefined && { active: { from: person.active, to: input.active } }),
    ...(bookingsCancelled > 0 && { bookingsCancelled }),
  });
  return { bookingsCancelled };
}
