// Reading availability: a coach's own, every coach's (admins), and the coaches to suggest for a
// session that needs one — available then, qualified for its module, able to be there, free, and
// under their weekly limit — best first, each with why not where they are not suggested.
import { DateTime } from 'luxon';
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { assertChangeable } from '../sessions/service.ts';
import { availabilities, coaches, commitments, daysAway, holdsSeat, person, sessionFacts, windows } from './queries.ts';
import { presentAvailability } from './presenters.ts';
import { withinWindows } from './windows.ts';

const DAY_MS = 86_400_000;

export async function getAvailability(tx: Tx, actor: Actor, personId: string, now = new Date()) {
  if (personId === actor.personId) requireRole(actor, 'coach', 'admin');
  else requireRole(actor, 'admin');
  const coach = await person(tx, actor.orgId, personId);
  if (!coach || !coach.roles.includes('coach')) throw new NotFoundError('Coach');
  const [rows, list, away] = await Promise.all([
    availabilities(tx, actor.orgId, [personId]), windows(tx, actor.orgId, [personId]), daysAway(tx, actor.orgId, [personId], now),
  ]);
  return presentAvailability(coach, rows[0], list, away);
}

export async function listAvailability(tx: Tx, actor: Actor, now = new Date()) {
  requireRole(actor, 'admin');
  const all = await coaches(tx, actor.orgId);
  const ids = all.map((c) => c.id);
  const [rows, list, away] = await Promise.all([availabilities(tx, actor.orgId, ids), windows(tx, actor.orgId, ids), daysAway(tx, actor.orgId, ids, now)]);
  const byPerson = new Map(rows.map((r) => [r.person_id, r]));
  return { items: all.map((c) => presentAvailability(c, byPerson.get(c.id), list, away)) };
}

export type Reason = 'NO_AVAILABILITY' | 'OUTSIDE_WINDOWS' | 'AWAY' | 'NOT_QUALIFIED' | 'NOT_AT_SITE' | 'NOT_ONLINE' | 'BUSY' | 'WEEK_FULL' | 'PARTICIPANT';

export async function coachCandidates(tx: Tx, actor: Actor, sessionId: string, now = new Date()) {
  requireRole(actor, 'admin');
  const session = await sessionFacts(tx, actor.orgId, sessionId);
  if (!session) throw new NotFoundError('Session');
  assertChangeable(session, now);
  const all = (await coaches(tx, actor.orgId)).filter((c) => c.id !== session.coach_id);
  const ids = all.map((c) => c.id);
  const around = { from: new Date(session.starts_at.getTime() - 8 * DAY_MS), to: new Date(session.starts_at.getTime() + 8 * DAY_MS) };
  const [rows, list, away, busy, seated] = await Promise.all([
    availabilities(tx, actor.orgId, ids), windows(tx, actor.orgId, ids), daysAway(tx, actor.orgId, ids, session.starts_at),
    commitments(tx, actor.orgId, ids, around.from, around.to, session.id), holdsSeat(tx, actor.orgId, session.id),
  ]);
  const byPerson = new Map(rows.map((r) => [r.person_id, r]));
  const overlaps = (a: { starts_at: Date; ends_at: Date }) => a.starts_at < session.ends_at && session.starts_at < a.ends_at;
  const items = all.map((c) => {
    const a = byPerson.get(c.id);
    const zone = a?.time_zone ?? c.time_zone;
    const start = DateTime.fromJSDate(session.starts_at, { zone });
    const week = { from: start.startOf('week').toJSDate(), to: start.startOf('week').plus({ weeks: 1 }).toJSDate() };
    const theirs = busy.filter((b) => b.person_id === c.id);
    const thatWeek = theirs.filter((b) => b.kind === 'coach' && b.starts_at >= week.from && b.starts_at < week.to).length;
    const reasons: Reason[] = [];
    if (seated.has(c.id)) reasons.push('PARTICIPANT');
    if (!a) reasons.push('NO_AVAILABILITY');
    else {
      const own = list.filter((w) => w.person_id === c.id).map((w) => ({ weekday: w.weekday, startsMinute: w.starts_minute, endsMinute: w.ends_minute }));
      if (!withinWindows(own, zone, session.starts_at, session.ends_at)) reasons.push('OUTSIDE_WINDOWS');
      if (a.module_ids.length > 0 && !a.module_ids.includes(session.module_id)) reasons.push('NOT_QUALIFIED');
      if (session.format === 'virtual' && !a.coaches_online) reasons.push('NOT_ONLINE');
      if (session.format === 'in_person' && a.sites.length > 0 && (!session.site || !a.sites.includes(session.site))) reasons.push('NOT_AT_SITE');
      if (a.max_sessions_per_week !== null && thatWeek >= a.max_sessions_per_week) reasons.push('WEEK_FULL');
    }
    if (away.some((d) => d.coach_id === c.id && overlaps(d))) reasons.push('AWAY');
    if (theirs.some(overlaps)) reasons.push('BUSY');
    return { id: c.id, name: c.name, suggested: reasons.length === 0, reasons, sessionsThatWeek: thatWeek };
  });
  // Suggested first, the least loaded that week first; then the nearest misses.
  items.sort((x, y) => Number(y.suggested) - Number(x.suggested) || x.reasons.length - y.reasons.length
    || x.sessionsThatWeek - y.sessionsThatWeek || x.name.localeCompare(y.name));
  return { items };
}
