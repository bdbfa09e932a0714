// The operator API: deployment-level, authenticated by an operator token
// (`Authorization: Bearer qop_…`, made with `quartet operator token create`), never by a cookie:
// an organisation's admin is no operator.
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { bearerToken } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors, UnauthenticatedError } from '../../http/errors.ts';
import { deleteOrganisation } from './operator-deletion.ts';
import { archiveFileName, prepareOrganisationExport, writeOrganisationArchive } from './operator-export.ts';
import {
  appointAdmin, authenticateOperator, createOrganisation, decideDomainClaim, listDomainClaims, listOrganisations, organisationOfDomainClaim,
  setOrganisationStatus, type Operator, type OperatorAct,
} from './operator-service.ts';
import {
  Admin, AdminBody, CreateOrganisationBody, DeleteOrganisationBody, DomainClaim, DomainClaimList, DomainClaimsQuery, Organisation, OrganisationCreated,
  OrganisationDeleted, OrganisationList, OrgParams,
} from './schema.ts';

const tags = ['Operator'];
const security = [{ operatorToken: [] }];

async function operatorSignedIn(db: Db, request: FastifyRequest): Promise<Operator> {
  const token = bearerToken(request);
  const operator = token ? await authenticateOperator(db, token) : undefined;
  if (!operator) throw new UnauthenticatedError();
  return operator;
}

export function registerOperatorRoutes(app: App, ctx: AppContext) {
  const { db } = ctx;

  app.post('/api/operator/organisations', {
    schema: {
      tags, security, summary: 'Create an organisation with the module library and its first admin',
      body: CreateOrganisationBody, response: { 201: OrganisationCreated, ...commonErrors },
    },
  }, async (request, reply) => {
    const operator = await operatorSignedIn(db, request);
    const { adminEmail, adminName, ssoDomains, ...org } = request.body;
    // The id is made here so the transaction can be scoped to the organisation it creates.
    const id = randomUUID();
    const created = await inOrg(db, id, (tx) => createOrganisation(tx, { ...org, id, admin: { email: adminEmail, name: adminName }, ssoDomains }, actedBy(operator, request.ip)));
    return reply.code(201).header('location', `/api/operator/organisations/${id}`).send(created);
  });

  app.get('/api/operator/organisations', {
    schema: { tags, security, summary: 'Every organisation on this deployment', response: { 200: OrganisationList, ...commonErrors } },
  }, async (request) => {
    const operator = await operatorSignedIn(db, request);
    return { organisations: await listOrganisations(db, operator) };
  });

  for (const [action, status] of [['suspend', 'suspended'], ['resume', 'active']] as const) {
    app.post(`/api/operator/organisations/:id/${action}`, {
      schema: {
        tags, security, params: OrgParams, response: { 200: Organisation, ...commonErrors },
        summary: action === 'suspend'
          ? 'Suspend an organisation: its people cannot sign in, their sessions and its tokens stop working'
          : 'Resume a suspended organisation',
      },
    }, async (request) => {
      const operator = await operatorSignedIn(db, request);
      return inOrg(db, request.params.id, (tx) => setOrganisationStatus(tx, request.params.id, status, actedBy(operator, request.ip)));
    });
  }

  app.post('/api/operator/organisations/:id/admins', {
    schema: {
      tags, security, summary: 'Appoint an admin (a new person, or an existing one given the admin role)',
      description: 'A person the organisation deactivated is refused (409 ADMIN_DEACTIVATED, nothing changed) unless `reactivate` is true; ' +
        'the reactivation is audited. The answer says what was done, not whose the address was (no name, no roles).',
      params: OrgParams, body: AdminBody, response: { 200: Admin, ...commonErrors },
    },
  }, async (request) => {
    const operator = await operatorSignedIn(db, request);
    return inOrg(db, request.params.id, (tx) => appointAdmin(tx, request.params.id, request.body, actedBy(operator, request.ip)));
  });

  app.get('/api/operator/organisations/:id/export', {
    schema: {
      tags, security, params: OrgParams,
      summary: "The organisation's whole data set as a ZIP: one CSV per table holding its rows, and manifest.json",
      description: 'Streamed as it is read, in one snapshot. The export is recorded in the organisation’s audit log (and so is in the archive).',
    },
  }, async (request, reply) => {
    const operator = await operatorSignedIn(db, request);
    const prepared = await prepareOrganisationExport(db, request.params.id, actedBy(operator, request.ip));
    const body = new PassThrough();
    // Headers are gone by the time a table could fail to read: the client sees a cut-off download.
    writeOrganisationArchive(db, prepared, body).catch((error: unknown) => {
      request.log.error({ err: error, orgId: prepared.organisation.id }, 'organisation export failed');
      body.destroy(error as Error);
    });
    return reply.type('application/zip').header('content-disposition', `attachment; filename="${archiveFileName(prepared)}"`)
      .header('cache-control', 'no-store').send(body);
  });

  app.post('/api/operator/organisations/:id/delete', {
    schema: {
      tags, security, params: OrgParams, body: DeleteOrganisationBody, response: { 200: OrganisationDeleted, ...commonErrors },
      summary: 'Delete a suspended organisation completely: every row of it, its queued jobs and caught mail',
      description: '409 ORGANISATION_NOT_SUSPENDED unless suspended first; 400 when `confirm` is not its slug. ' +
        'Deleting it again answers the first deletion (alreadyDeleted: true). What stays is a record of the deletion without personal data.',
    },
  }, async (request) => {
    const operator = await operatorSignedIn(db, request);
    const deleted = await deleteOrganisation(db, request.params.id, request.body.confirm, actedBy(operator, request.ip), ctx.config.dataDir);
    if (!deleted.alreadyDeleted) request.log.info({ orgId: deleted.id, slug: deleted.slug, operatorTokenId: operator.tokenId }, 'organisation deleted');
    return deleted;
  });

  app.get('/api/operator/domain-claims', {
    schema: {
      tags, security, summary: 'Single sign-on domains claimed by organisations, oldest first',
      description: 'A domain routes sign-ins (and admits addresses at the callback) only once approved here.',
      querystring: DomainClaimsQuery, response: { 200: DomainClaimList, ...commonErrors },
    },
  }, async (request) => {
    const operator = await operatorSignedIn(db, request);
    return { claims: await listDomainClaims(db, request.query.status, actedBy(operator, request.ip)) };
  });

  for (const [action, decision] of [['approve', 'approved'], ['reject', 'rejected']] as const) {
    app.post(`/api/operator/domain-claims/:id/${action}`, {
      schema: {
        tags, security, params: OrgParams, response: { 200: DomainClaim, ...commonErrors },
        summary: action === 'approve'
          ? "Approve a domain claim: the organisation's people with addresses there sign in through its provider"
          : 'Reject a domain claim (or withdraw an approval): the domain no longer routes sign-ins and another organisation may claim it',
        ...(action === 'approve' && { description: '409 SSO_DOMAIN_TAKEN when another organisation holds the domain (pending or approved).' }),
      },
    }, async (request) => {
      const operator = await operatorSignedIn(db, request);
      const by = actedBy(operator, request.ip);
      const orgId = await organisationOfDomainClaim(db, request.params.id, by);
      return inOrg(db, orgId, (tx) => decideDomainClaim(tx, orgId, request.params.id, decision, by));
    });
  }
}

const actedBy = (operator: Operator, ip: string): OperatorAct => ({ kind: 'operator', id: operator.tokenId, ip, tokenHash: operator.tokenHash });
