// Program settings: GET for everyone in the organisation, PATCH for its admins.
import { z } from 'zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { TimeZone } from '../../lib/zones.ts';
import { changeSettings, readSettings } from './service.ts';

const Settings = z
  .object({
    defaultCapacity: z.number().int().min(1).max(50),
    participantsVisible: z.boolean().describe('Whether participants see who else holds a seat'),
    maxFutureBookings: z.number().int().min(1).max(100),
    cancellationCutoffMinutes: z.number().int().min(0).max(20160),
    reminderHoursBefore: z.number().int().min(1).max(168),
    defaultTimeZone: z.string().min(1).max(64),
    sessionIdleMinutes: z.number().int().min(5).max(43200),
    sessionAbsoluteHours: z.number().int().min(1).max(8760),
  })
  .meta({ id: 'ProgramSettings' });

export function registerOrganisationRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const tags = ['Program settings'];
  const security = [{ session: [] }];

  app.get('/api/settings', { schema: { tags, security, summary: "The organisation's program settings", response: { 200: Settings, ...commonErrors } } }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => readSettings(tx, actor));
  });

  app.patch('/api/settings', {
    schema: {
      tags, security, summary: 'Change program settings (admin)',
      body: Settings.partial().extend({ defaultTimeZone: TimeZone.optional() }).strict()
        .refine((b) => Object.keys(b).length > 0, { message: 'name at least one setting' }),
      response: { 200: Settings, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => changeSettings(tx, actor, request.body));
  });
}
