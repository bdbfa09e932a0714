// The people admin API: POST /api/admin/people/import takes the CSV file as the request body.
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { inOrg } from '../../db/transaction.ts';
import { signedIn } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors } from '../../http/errors.ts';
import { requireRole } from '../../lib/actor.ts';
import { readPeopleCsv } from './csv.ts';
import { ImportInvalidError, importPeople } from './import.ts';
import { ImportDeactivationRefusal, ImportFile, ImportQuery, ImportRefusal, ImportReport } from './schema.ts';

// 50,000 people take about 5 MB of CSV; the limit leaves room for long names and departments.
const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

export function registerPeopleAdminRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;
  const tags = ['People'];
  const security = [{ session: [] }];

  // In a scope of its own: only this route reads text/csv, and it reads nothing else.
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

    scope.post('/api/admin/people/import', {
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags, security,
        summary: 'Import the organisation’s people from CSV (admins)',
        description:
          'The body is a CSV file (UTF-8, `content-type: text/csv`) with a header row naming its columns in any order: ' +
          'name and email (required), department, site, time_zone (IANA, e.g. Europe/Berlin), locale (en or de), ' +
          'roles (employee, coach, admin; several separated by ; or |). Commas or semicolons delimit cells. ' +
          'People are matched by e-mail, whatever its case: new ones are created (defaults: the organisation’s time zone, en, employee), ' +
          'existing ones updated and reactivated; an empty time_zone, locale or roles cell keeps what a person has. ' +
          '**A real run deactivates active people who are not in the file** (unless deactivateMissing=false): their seats in sessions ' +
          'yet to start are cancelled and their sign-ins end; the admin importing is never deactivated. ' +
          '**It must say how many it expects to deactivate**: a real run that would deactivate anyone other than exactly ' +
          'expectDeactivated people (default 0) is refused with 409 DEACTIVATION_NOT_CONFIRMED, carrying `deactivated` and ' +
          '`bookingsCancelled`, and changes nothing. So a dry run first, then the real run with expectDeactivated set to the ' +
          'dry run\'s `deactivated`. ' +
          'Sites and departments that no active person has yet are listed in `warnings` (a typo, or really new); they never refuse the file. ' +
          'All or nothing: if any row is at fault, nothing changes and the answer is 400 IMPORT_INVALID listing every row at fault, ' +
          'each reason in English (`errors`) and as a code with its values (`reasons`). ' +
          'Try a file with dryRun=true first.',
        consumes: ['text/csv'],
        querystring: ImportQuery,
        body: ImportFile,
        response: { 200: ImportReport, ...commonErrors, 400: ImportRefusal, 409: ImportDeactivationRefusal },
      },
    }, async (request, reply) => {
      const actor = await signedIn(db, request);
      // Before reading the file: who may not import learns nothing about it.
      requireRole(actor, 'admin');
      const file = await readPeopleCsv(request.body);
      const options = {
        dryRun: request.query.dryRun === 'true',
        deactivateMissing: request.query.deactivateMissing !== 'false',
        expectDeactivated: request.query.expectDeactivated,
      };
      try {
        return await inOrg(db, actor.orgId, (tx) => importPeople(tx, actor, file, options));
      } catch (error) {
        if (!(error instanceof ImportInvalidError)) throw error;
        return reply.code(400).send({ code: 'IMPORT_INVALID', message: error.message, rows: error.rows });
      }
    });
  });
}
