// Series of sessions: check the dates, then publish them all at once.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { planningWindow } from '../../lib/time.ts';
import { getSession } from '../sessions/views.ts';
import { SeriesBody, SeriesCheck, SeriesPublished } from './schema.ts';
import { checkSeries, publishSeries } from './service.ts';

const tags = ['Sessions'];
const security = [{ session: [] }];

export function registerSeriesRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const planning = () => planningWindow(ctx.config.planningHorizonMonths);

  app.post('/api/sessions/series/check', {
    schema: {
      tags, security, summary: 'The dates of a series and what stands in the way of each (writes nothing)',
      body: SeriesBody, response: { 200: SeriesCheck, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    const occurrences = await inOrg(db, actor.orgId, (tx) => checkSeries(tx, actor, request.body, planning()));
    return { occurrences, conflicting: occurrences.filter((o) => o.conflicts.length > 0).length };
  });

  app.post('/api/sessions/series', {
    schema: {
      tags, security, summary: 'Publish a series (coach or admin): every date kept, or none',
      description: "Dates named in `skip` are left out; dates named in `moves` are published at their new time, checked like any other. Refusal 409 SERIES_CONFLICTS lists every date at fault in `conflicts` (room taken, coach busy, coach away that day, in the past, the clocks skip the series' time that day: ROOM_BUSY, COACH_BUSY, COACH_AWAY, STARTS_IN_PAST, TIME_SKIPPED); nothing is published then. A date in skip or moves that is not one of the series' is refused (400).",
      body: SeriesBody, response: { 201: SeriesPublished, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    const published = await inOrg(db, actor.orgId, async (tx) => {
      const { seriesId, sessionIds } = await publishSeries(tx, actor, request.body, planning());
      const sessions = [];
      for (const id of sessionIds) sessions.push(await getSession(tx, actor, id));
      return { seriesId, sessions };
    });
    return reply.code(201).send(published);
  });
}
