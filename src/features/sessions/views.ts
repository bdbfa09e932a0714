// Reading sessions: the open list an employee browses, one session, a coach's own sessions.
import type { Locale, SessionFormat } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { hasRole, requireRole, type Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError } from '../../lib/errors.ts';
import { isTimeZone } from '../../lib/zones.ts';
import { HINT_MINIMUM_OTHERS, onlyNewColleagues } from '../mixing/presenters.ts';
import { programSettings } from '../organisations/views.ts';
import { presentRoster, presentSession, type ViewerContext } from './presenters.ts';
import { audit } from '../audit/service.ts';
import { findActiveCoach, findModule, findSession, findSessions, listCoachSessions, listOpenSessions as listOpenSessionsQuery } from './queries.ts';
import { bookingsOfPersonIn, listRosters } from './seats/queries.ts';
import { sessionYouRun } from './service.ts';

export type TimeOfDay = 'morning' | 'afternoon' | 'evening';
// Local start hours [from, to) of each part of the day; the night (00–05) belongs to none.
const PARTS_OF_DAY: Record<TimeOfDay, { from: number; to: number }> = {
  morning: { from: 5, to: 12 }, afternoon: { from: 12, to: 17 }, evening: { from: 17, to: 24 },
};

export interface OpenSessionQuery {
  from?: Date | undefined;
  to?: Date | undefined;
  moduleId?: string | undefined;
  language?: Locale | undefined;
  format?: SessionFormat | undefined;
  site?: string | undefined;
  onlyAvailable?: boolean | undefined;
  timeOfDay?: TimeOfDay | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
  timeZone?: string | undefined;
  /** newColleagues: sessions where the viewer would meet only new people first (mixing on). */
  sort?: 'time' | 'newColleagues' | undefined;
}

export async function listOpenSessions(tx: Tx, actor: Actor, query: OpenSessionQuery, now = new Date()) {
  const viewer = viewerContext(actor, query.timeZone);
  const limit = query.limit ?? 50;
  const from = query.from && query.from > now ? query.from : now;
  const { mixing } = await programSettings(tx, actor.orgId);
  const byRank = mixing !== 'off' && query.sort === 'newColleagues';
  const rows = await listOpenSessionsQuery(tx, actor.orgId, {
    viewerId: actor.personId,
    mix: mixing === 'off' ? undefined : { viewerId: actor.personId, minimumOthers: HINT_MINIMUM_OTHERS, byRank },
    from,
    to: query.to,
    moduleId: query.moduleId,
    language: query.language,
    format: query.format,
    site: query.site,
    onlyAvailable: query.onlyAvailable,
    startHours: query.timeOfDay ? { ...PARTS_OF_DAY[query.timeOfDay], timeZone: viewer.timeZone } : undefined,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const mine = await bookingsOfPersonIn(tx, actor.orgId, actor.personId, page.map((r) => r.id));
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      ...presentSession(row, viewer, mine.get(row.id) ?? null),
      newColleaguesOnly: onlyNewColleagues(mixing, { others: row.others ?? 0, met: row.met ?? 0 }),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.starts_at, last.id, byRank ? last.mix_rank : undefined) : null,
  };
}

export async function getSession(tx: Tx, actor: Actor, id: string, timeZone?: string) {
  const settings = await programSettings(tx, actor.orgId);
  const viewer = viewerContext(actor, timeZone, settings.participants_visible);
  const row = await findSession(tx, actor.orgId, id);
  if (!row) throw new NotFoundError('Session');
  const seatHolders = await listRosters(tx, actor.orgId, [id]);
  const mine = seatHolders.find((b) => b.person_id === actor.personId)?.booking_id ?? null;
  return presentSession(row, viewer, mine, seatHolders);
}

export async function getRoster(tx: Tx, actor: Actor, id: string) {
  const session = await sessionYouRun(tx, actor, id);
  const roster = await listRosters(tx, actor.orgId, [id]);
  // A coach reading their own group is their work; an admin reading anyone's is audited.
  if (session.coach_id !== actor.personId && roster.length > 0) {
    await audit(tx, actor, 'people.details_read', { kind: 'session', id }, { people: roster.map((r) => r.person_id) });
  }
  return presentRoster(roster);
}

/** A coach's own sessions with who is coming; an admin may look at any coach's. */
export async function listCoachedSessions(
  tx: Tx, actor: Actor, input: { coachId?: string | undefined; when: 'upcoming' | 'past'; timeZone?: string | undefined; limit?: number | undefined },
  now = new Date(),
) {
  requireRole(actor, 'coach', 'admin');
  const coachId = input.coachId ?? actor.personId;
  if (coachId !== actor.personId && !hasRole(actor, 'admin')) throw new NotFoundError('Coach');
  const viewer = viewerContext(actor, input.timeZone);
  const rows = await listCoachSessions(tx, actor.orgId, coachId, input.when, now, input.limit ?? 100);
  const rosters = await listRosters(tx, actor.orgId, rows.map((r) => r.id));
  if (coachId !== actor.personId && rosters.length > 0) {
    await audit(tx, actor, 'people.details_read', { kind: 'coach', id: coachId }, { people: [...new Set(rosters.map((r) => r.person_id))] });
  }
  return rows.map((row) => {
    const seatHolders = rosters.filter((r) => r.session_id === row.id);
    return { ...presentSession(row, viewer, null), roster: presentRoster(seatHolders) };
  });
}

// What other features read of sessions: the bookings feature shows each booking's session, and a
// series checks its module and coach before publishSession does the same for each date.

/** The sessions with their names, by id, as presentSession takes them. */
export function sessionsById(tx: Tx, orgId: string, ids: string[]) {
  return findSessions(tx, orgId, ids);
}

/** The module a session would be published from, retired or not. */
export function moduleToPublish(tx: Tx, orgId: string, moduleId: string) {
  return findModule(tx, orgId, moduleId);
}

/** The person who would coach, if active, and whether they are a coach. */
export function activeCoach(tx: Tx, orgId: string, personId: string) {
  return findActiveCoach(tx, orgId, personId);
}

/** Who is looking, in which zone. Whether participants are visible matters only where seat holders are shown. */
export function viewerContext(actor: Actor, timeZone: string | undefined, participantsVisible = false): ViewerContext {
  if (timeZone !== undefined && !isTimeZone(timeZone)) throw new InputError([{ field: 'tz', message: 'is not an IANA time zone' }]);
  return { actor, timeZone: timeZone ?? actor.timeZone, participantsVisible };
}

function encodeCursor(startsAt: Date, id: string, rank?: number): string {
  return Buffer.from(`${startsAt.toISOString()}|${id}${rank === undefined ? '' : `|${rank}`}`).toString('base64url');
}

function decodeCursor(cursor: string): { startsAt: Date; id: string; rank?: number } {
  const [iso, id, rankText] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const rank = rankText === undefined ? undefined : Number(rankText);
  if (rank !== undefined && !(Number.isInteger(rank) && rank >= 0 && rank <= HINT_MINIMUM_OTHERS + 1)) throw new InputError([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
  const startsAt = new Date(iso ?? '');
  // Checked as strictly as the database will read them: a malformed id or a year PostgreSQL
  // cannot hold would otherwise fail in the query, with no field named.
  const year = startsAt.getUTCFullYear();
  if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) || !(year >= 1 && year <= 9999)) {
    throw new InputError([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  return { startsAt, id, ...(rank !== undefined && { rank }) };
}
