// A person's copy of their data through HTTP: ask for it, follow it, download it once. Signed in as
// themself only (integration tokens are refused); the archive never travels in a mail.
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { requirePerson } from '../../lib/actor.ts';
import { rateLimit } from '../rate-limits/service.ts';
import { CurrentDataExport, DataExportParams, DataExportView } from './schema.ts';
import { downloadExport, EXPORT_DOWNLOADS, EXPORT_REQUESTS, requestExport } from './service.ts';
import { currentExport } from './views.ts';

const tags = ['Me'];
const security = [{ session: [] }];

export function registerDataExportRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.post('/api/me/data-export', {
    schema: {
      tags, security, summary: 'Ask for a copy of everything Quartet holds about you (Art. 15, 20 GDPR)',
      description: 'Prepared in the background; a mail says when it is ready. At most 3 requests a day (429). Refusal (409): EXPORT_IN_PROGRESS.',
      response: { 202: DataExportView, ...commonErrors },
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    requirePerson(actor);
    // Before the transaction: a refused request changes nothing.
    await rateLimit(db, EXPORT_REQUESTS, actor.personId);
    const created = await inOrg(db, actor.orgId, (tx) => requestExport(tx, actor));
    return reply.code(202).send(created);
  });

  app.get('/api/me/data-export', {
    schema: { tags, security, summary: 'Your newest request for a copy of your data, and its state', response: { 200: CurrentDataExport, ...commonErrors } },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return inOrg(db, actor.orgId, (tx) => currentExport(tx, actor));
  });

  app.get('/api/me/data-export/:id/download', {
    schema: {
      tags, security, summary: 'Download your data once: a ZIP with data.json and summary.html',
      description: 'Works once, until the expiry; then 410 (EXPORT_DOWNLOADED, EXPORT_EXPIRED, EXPORT_FAILED). Another person’s id: 404. Not ready yet: 409 EXPORT_NOT_READY.',
      params: DataExportParams,
    },
  }, async (request, reply) => {
    const actor = await signedIn(db, request);
    await rateLimit(db, EXPORT_DOWNLOADS, actor.personId);
    const download = await inOrg(db, actor.orgId, (tx) => downloadExport(tx, actor, request.params.id));
    if (download.kind === 'gone') return reply.code(410).send({ code: download.code, message: download.message });
    return reply.type('application/zip')
      .header('content-disposition', `attachment; filename="${download.fileName}"`)
      .header('cache-control', 'no-store')
      .send(download.archive);
  });
}
