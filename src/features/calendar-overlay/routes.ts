// An employee's own calendar: save or remove its ICS address, see whether fetching it works, and
// read its busy times (fetched again first when the cache is stale) to mark clashing sessions.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { sealingKey } from '../../lib/sealed-text.ts';
import { rateLimit, type RateLimit } from '../rate-limits/service.ts';
import { FETCH_LIMITS } from './fetch-ics.ts';
import { CalendarBusy, CalendarInput, CalendarStatus } from './schema.ts';
import { connectCalendar, disconnectCalendar, refreshIfStale, type CalendarDeps } from './service.ts';
import { calendarBusy, calendarStatus } from './views.ts';

const tags = ['Calendar'];

// Each save fetches the address typed at once (and reads the file in one of the process's few
// calendar threads): unbounded, one person could have Quartet request any public address without
// end and keep everyone else's calendar from being read. Reading a saved one is bounded by its cache.
export const CALENDAR_SAVES_PER_PERSON: RateLimit = { name: 'calendar-saves', max: 20, windowSeconds: 3600 };
const security = [{ session: [] }];

export function registerCalendarOverlayRoutes(app: App, ctx: AppContext) {
  const { db, config } = ctx;
  // Made (or read from DATA_DIR) at first use, not at start: most deployments' people may never
  // connect a calendar.
  let key: Buffer | undefined;
  const deps = (): CalendarDeps => {
    key ??= sealingKey(config.calendarAddressKey, config.dataDir, 'calendar-address.key');
    return { key, limits: { ...FETCH_LIMITS, policy: { allowLoopback: config.calendarsAllowLoopback } } };
  };

  app.get('/api/me/calendar-overlay', {
    schema: { tags, security, summary: 'Whether your own calendar is connected, and whether fetching it worked', response: { 200: CalendarStatus, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => calendarStatus(tx, actor));
  });

  app.put('/api/me/calendar-overlay', {
    schema: {
      tags, security, summary: 'Connect a calendar you publish (its ICS address), replacing one connected before; it is fetched at once',
      description: 'The address is stored encrypted and never returned. It must be https and reach a public address; ' +
        'a fetch is limited to 5 s and 1 MB and follows at most 3 redirects, each checked again. Only busy times are kept, for an hour. ' +
        'At most 20 saves an hour per person (429 RATE_LIMITED).',
      body: CalendarInput, response: { 200: CalendarStatus, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    await rateLimit(db, CALENDAR_SAVES_PER_PERSON, actor.personId);
    await connectCalendar(db, actor, deps(), request.body.url);
    return inOrg(db, actor.orgId, (tx) => calendarStatus(tx, actor));
  });

  app.delete('/api/me/calendar-overlay', {
    schema: { tags, security, summary: 'Disconnect your calendar: its address and busy times are deleted', response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await inOrg(db, actor.orgId, (tx) => disconnectCalendar(tx, actor));
    return reply.code(204).send(null);
  });

  app.get('/api/me/calendar-overlay/busy', {
    schema: {
      tags, security, summary: 'Your busy times for about 8 weeks, to mark the open sessions that clash with your calendar',
      description: 'Read from a cache of at most an hour; a stale cache is fetched again first (at most 5 s, and 5 s to read the file).',
      response: { 200: CalendarBusy, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    await refreshIfStale(db, actor, deps());
    return inOrg(db, actor.orgId, (tx) => calendarBusy(tx, actor, new Date()));
  });
}
