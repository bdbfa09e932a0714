// The privacy notice: everyone (signed in or not) reads it, a person acknowledges the short one,
// admins keep their organisation's controller details.
import { inOrg } from '../../db/transaction.ts';
import { currentActor, signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { Acknowledgement, AdminPrivacyNotice, ControllerDetailsBody, PrivacyNotice, SeenBody } from './schema.ts';
import { acknowledgeNotice, saveControllerDetails } from './service.ts';
import { adminNotice, genericNotice, noticeFor } from './views.ts';

const tags = ['Privacy notice'];
const security = [{ session: [] }];

export function registerPrivacyNoticeRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get('/api/privacy-notice', {
    schema: {
      tags, security: [...security, {}], summary: 'The privacy notice: the organisation’s controller details for a signed-in person, the generic notice for anyone else',
      response: { 200: PrivacyNotice, ...commonErrors },
    },
  }, async (request) => {
    // Art. 13 is owed before anyone signs in, so a visitor gets the notice too (without an
    // organisation, which only signing in tells).
    if (!(await currentActor(db, request))) return genericNotice();
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => noticeFor(tx, actor));
  });

  app.post('/api/me/privacy-notice/seen', {
    schema: {
      tags, security, summary: 'Acknowledge the short privacy notice as shown',
      description: '409 PRIVACY_NOTICE_CHANGED (with the current `version`) when the notice changed after it was shown.',
      body: SeenBody, response: { 200: Acknowledgement, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => acknowledgeNotice(tx, actor, request.body.version));
  });

  app.get('/api/admin/privacy-notice', {
    schema: { tags, security, summary: "The organisation's controller details for the privacy notice (admins)", response: { 200: AdminPrivacyNotice, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => adminNotice(tx, actor));
  });

  app.put('/api/admin/privacy-notice', {
    schema: {
      tags, security, summary: "Set the organisation's controller details (admins)",
      description: 'Replaces them whole. A change people would notice (not only spacing or capitals) raises the version, and everyone is shown the short notice again.',
      body: ControllerDetailsBody, response: { 200: AdminPrivacyNotice, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => saveControllerDetails(tx, actor, request.body));
  });
}
