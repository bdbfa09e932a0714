// The operator API: deployment-level, authenticated by an operator token
// (`Authorization: Bearer qop_…`, made with `quartet operator token create`), never by a cookie:
// an organisation's admin is no operator.
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { bearerToken } from '../../http/auth.ts';
import type { App, AppContext } from '../../http/context.ts';
import { commonErrors, UnauthenticatedError } from '../../http/errors.ts';
import { Domain } from '../sso/schema.ts';
import {
  appointAdmin, authenticateOperator, createOrganisation, decideDomainClaim, listDomainClaims, listOrganisations, organisationOfDomainClaim,
  setOrganisationStatus, type Operator, type OperatorAct,
} from './operator-service.ts';

const Email = z.string().trim().toLowerCase().max(254).pipe(z.email());
const Name = z.string().trim().min(1).max(200);
const TimeZone = z.string().min(1).max(64).describe('IANA time zone, e.g. Europe/Berlin');

const Organisation = z
  .object({
    id: z.uuid(), name: z.string(), slug: z.string(), status: z.enum(['active', 'suspended']), defaultTimeZone: z.string(),
    createdAt: z.iso.datetime(), activePeople: z.number().int(), admins: z.number().int(),
  })
  .meta({ id: 'OperatorOrganisation' });

const Admin = z
  .object({
    id: z.uuid(), email: z.string(), name: z.string(), roles: z.array(z.enum(['employee', 'coach', 'admin'])),
    created: z.boolean().describe('false when the address was already a person there (and is now an admin)'),
  })
  .meta({ id: 'OperatorAdmin' });

const CreateBody = z.strictObject({
  name: Name,
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/).describe('Lower-case letters, digits and dashes; unique on the deployment'),
  timeZone: TimeZone.optional().describe('The organisation’s default time zone (Europe/Berlin if not given)'),
  adminEmail: Email,
  adminName: Name,
  ssoDomains: z.array(Domain).max(50).optional()
    .describe('E-mail domains for single sign-on, approved at once; 409 SSO_DOMAIN_TAKEN if another organisation holds one'),
});
const AdminBody = z.strictObject({ email: Email, name: Name.describe('Used only if the address is new there'), timeZone: TimeZone.optional() });
const OrgParams = z.object({ id: z.uuid() });

const ClaimStatus = z.enum(['pending', 'approved', 'rejected']);
const DomainClaim = z
  .object({
    id: z.uuid(), domain: z.string(), status: ClaimStatus, claimedAt: z.iso.datetime(), decidedAt: z.iso.datetime().nullable(),
    organisation: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }).describe('The organisation that claims the domain'),
  })
  .meta({ id: 'OperatorDomainClaim' });

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
      body: CreateBody, response: { 201: z.object({ organisation: Organisation, admin: Admin }), ...commonErrors },
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
    schema: { tags, security, summary: 'Every organisation on this deployment', response: { 200: z.object({ organisations: z.array(Organisation) }), ...commonErrors } },
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
      querystring: z.strictObject({ status: ClaimStatus.optional() }), response: { 200: z.object({ claims: z.array(DomainClaim) }), ...commonErrors },
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
