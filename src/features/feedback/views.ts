// The figures behind "How were the sessions?": admins see the organisation's, a coach their own,
// from the released ratings only (migration 041: final, and entered five people or more at a time).
import type { Tx } from '../../db/transaction.ts';
import { hasRole, requireRole, type Actor } from '../../lib/actor.ts';
import { PRIVACY_FLOOR } from '../../lib/privacy-floor.ts';
import { presentFigures, presentOverall } from './presenters.ts';
import { RATING_DAYS, ratingSums } from './queries.ts';

export async function feedbackSummary(tx: Tx, actor: Actor) {
  requireRole(actor, 'admin', 'coach');
  const coachId = hasRole(actor, 'admin') ? undefined : actor.personId;
  const sums = (by: 'all' | 'module' | 'coach' | 'session') => ratingSums(tx, actor.orgId, by, coachId, PRIVACY_FLOOR);
  const [all, modules, coaches, sessions] = [await sums('all'), await sums('module'), await sums('coach'), await sums('session')];
  // A session's figure subdivides its module's and its coach's: each is a part to protect.
  const sessionFigures = presentFigures(sessions, (r) => [`module:${r.module_id}`, `coach:${r.coach_id}`]);
  return {
    minimum: PRIVACY_FLOOR,
    ratingDays: RATING_DAYS,
    overall: presentOverall(all[0]),
    byModule: presentFigures(modules).map(({ row, figure }) => ({ moduleId: row.key, title: row.label, figure })),
    byCoach: presentFigures(coaches).map(({ row, figure }) => ({ coachId: row.key, name: row.label, figure })),
    // Sessions seat four as a rule: only the rare one shown is listed, not every session rated.
    bySession: sessionFigures.filter(({ figure }) => figure.average !== null)
      .map(({ row, figure }) => ({ sessionId: row.key, moduleTitle: row.label, startsAt: row.starts_at!.toISOString(), figure })),
  };
}
