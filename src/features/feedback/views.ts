// The figures behind "How were the sessions?": admins see the organisation's, a coach their own.
import type { Tx } from '../../db/transaction.ts';
import { hasRole, requireRole, type Actor } from '../../lib/actor.ts';
import { MINIMUM_RATINGS, presentFigure } from './presenters.ts';
import { ratingSums } from './queries.ts';

export async function feedbackSummary(tx: Tx, actor: Actor) {
  requireRole(actor, 'admin', 'coach');
  const coachId = hasRole(actor, 'admin') ? undefined : actor.personId;
  const sums = (by: 'all' | 'module' | 'coach' | 'session') => ratingSums(tx, actor.orgId, by, coachId, MINIMUM_RATINGS);
  const [all, modules, coaches, sessions] = [await sums('all'), await sums('module'), await sums('coach'), await sums('session')];
  return {
    minimum: MINIMUM_RATINGS,
    overall: presentFigure(all[0]),
    byModule: modules.map((r) => ({ moduleId: r.key, title: r.label, figure: presentFigure(r) })),
    byCoach: coaches.map((r) => ({ coachId: r.key, name: r.label, figure: presentFigure(r) })),
    bySession: sessions.map((r) => ({ sessionId: r.key, moduleTitle: r.label, startsAt: r.starts_at!.toISOString(), figure: presentFigure(r) })),
  };
}
