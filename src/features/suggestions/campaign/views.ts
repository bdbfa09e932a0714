// A module's campaign: how many sessions were held and reflected, what the groups suggested, how
// far their suggestions got and how soon the board first answered. Owners see the figures of the
// suggestions they may see; the session counts are the module's.
import { DateTime } from 'luxon';
import type { Tx } from '../../../db/transaction.ts';
import type { Actor } from '../../../lib/actor.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { programSettings } from '../../organisations/views.ts';
import { boardScope } from '../board/service.ts';
import { inLanguage } from '../presenters.ts';
import { campaignFigures } from './queries.ts';

// The days of the range and the weeks are the organisation's, as on the dashboard: read in UTC, a
// session soon after local midnight fell on the day (or week) before.
const startOfDay = (day: string, zone: string) => DateTime.fromISO(day, { zone }).startOf('day');

export async function readCampaign(tx: Tx, actor: Actor, moduleId: string, input: { from?: string | undefined; to?: string | undefined }) {
  const scope = await boardScope(tx, actor);
  const { default_time_zone: zone } = await programSettings(tx, actor.orgId);
  const row = await campaignFigures(tx, actor.orgId, moduleId, zone, {
    from: input.from ? startOfDay(input.from, zone).toJSDate() : undefined,
    to: input.to ? startOfDay(input.to, zone).plus({ days: 1 }).toJSDate() : undefined,
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
