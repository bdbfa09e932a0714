// The operator API: deployment-level, authenticated by an operator token
// (`Authorization: Bearer qop_…`, made with `quartet operator token create`), never by a cookie:
// an organisation's admin is no operator.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { bearerToken } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors, UnauthenticatedError } from '../../http/errors.ts';
import {
  appointAdmin, authenticateOperator, createOrganisation, decideDomainClaim, listDomainClaims, listOrganisations, organisationOfDomainClaim,
  setOrganisationStatus, type Operator, type OperatorAct,
} from './operator-service.ts';
import {
  Admin, AdminBody, CreateOrganisationBody, DomainClaim, DomainClaimList, DomainClaimsQuery, Organisation, OrganisationCreated, OrganisationList, OrgParams,
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
      params: OrgParams, body: AdminBody, response: { 200: Admin, ...commonErrors },
    },
  }, async (request) => {
    const operator = await operatorSignedIn(db, request);
    return inOrg(db, request.params.id, (tx) => appointAdmin(tx, request.params.id, request.body, actedBy(operator, request.ip)));
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
