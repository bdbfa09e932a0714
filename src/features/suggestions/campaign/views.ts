// A module's campaign: how many sessions were held and reflected, what the groups suggested, how
// far their suggestions got and how soon the board first answered. Owners see the figures of the
// suggestions they may see; the session counts are the module's.
import type { Tx } from '../../../db/transaction.ts';
import type { Actor } from '../../../lib/actor.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { boardScope } from '../board/service.ts';
import { inLanguage } from '../presenters.ts';
import { campaignFigures } from './queries.ts';

const DAY = 86_400_000;

export async function readCampaign(tx: Tx, actor: Actor, moduleId: string, input: { from?: string | undefined; to?: string | undefined }) {
  const scope = await boardScope(tx, actor);
  const row = await campaignFigures(tx, actor.orgId, moduleId, {
    from: input.from ? new Date(`${input.from}T00:00:00Z`) : undefined,
    to: input.to ? new Date(new Date(`${input.to}T00:00:00Z`).getTime() + DAY) : undefined,
  }, scope);
  if (!row) throw new NotFoundError('Module');
  const n = (status: keyof typeof row.by_status) => row.by_status[status] ?? 0;
  return {
    module: { id: moduleId, code: row.code, title: row.title },
    sessionsHeld: row.sessions_held,
    sessionsReflected: row.sessions_reflected,
    suggestions: row.suggestions,
    byCategory: row.by_category.map((c) => ({ category: c.id ? { id: c.id, name: inLanguage(actor.locale, c.en ?? '', c.de ?? '') } : null, count: c.n })),
    byStatus: { new: n('new'), in_review: n('in_review'), planned: n('planned'), done: n('done'), declined: n('declined') },
    funnel: {
      recorded: row.suggestions,
      reviewed: n('in_review') + n('planned') + n('done'),
      planned: n('planned') + n('done'),
      done: n('done'),
    },
    medianHoursToFirstResponse: row.median_seconds === null ? null : Math.round((Number(row.median_seconds) / 3600) * 10) / 10,
    weekly: row.weekly.map((w) => ({ week: w.week, suggestions: w.n })),
  };
}
