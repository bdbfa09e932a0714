// The records of processing for admins: the map of personal data in the reader's language.
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { ProcessingRecords, RecordsQuery } from './schema.ts';
import { processingRecords } from './views.ts';

const tags = ['Admin'];
const security = [{ session: [] }];

export function registerPrivacyRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.get('/api/admin/privacy/records', {
    schema: {
      tags, security,
      summary: 'Records of processing (Art. 30 GDPR): every personal column of every table with purpose, legal basis and retention (admin)',
      querystring: RecordsQuery,
      response: { 200: ProcessingRecords, ...commonErrors },
    },
  }, async (request) => {
    const actor = await signedIn(db, request);
    return processingRecords(actor, request.query.lang);
  });
}
