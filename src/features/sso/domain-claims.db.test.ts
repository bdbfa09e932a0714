// E-mail domains for single sign-on (security review finding M1): a domain is held by one
// organisation, pending or approved, under any concurrency, and signs people in only once the
// operator has approved it. Through the API as admins and operators use it, with a real provider
// (oidc-provider on loopback) behind the start of a sign-in.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, TEST_ORIGIN, type TestApp } from '../../../test/app.ts';
import { buildDomainClaim, buildOperatorToken, buildOrganisation, buildPerson, type OrgRow } from '../../../test/factories.ts';
import { startTestProvider, type TestProvider } from '../../../test/oidc-provider.ts';
import { inOrg } from '../../db/transaction.ts';
import { hashSecret } from '../../lib/secrets.ts';

let t: TestApp;
let idp: TestProvider;
let operator: Awaited<ReturnType<typeof buildOperatorToken>>;
beforeAll(async () => {
  t = await startTestApp();
  idp = await startTestProvider(`${TEST_ORIGIN}/api/auth/sso/callback`);
  operator = await buildOperatorToken(t.database.db);
});
afterAll(() => idp?.close());

const tag = () => crypto.randomUUID().slice(0, 8);
const freshDomain = () => `corp-${tag()}.test`;

interface Tenant { org: OrgRow; cookie: string }

/** An organisation with an admin, claiming no domain yet. */
async function tenant(): Promise<Tenant> {
  const org = await buildOrganisation(t.database.db);
  const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
  return { org, cookie: await t.cookieFor(admin) };
}

/** The admin saves the single sign-on settings with these domains (the provider set up too). */
const claim = (who: Tenant, domains: string[]) => call(t, 'PUT', '/api/sso-settings', {
  cookie: who.cookie,
  body: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, allowedDomains: domains, createPeople: false, loginLinkAllowed: true },
});
const domainsOf = async (who: Tenant) => (await call(t, 'GET', '/api/sso-settings', { cookie: who.cookie })).body.domains;
const claimsOf = (orgId: string) =>
  t.database.db.selectFrom('sso_domain_claims').where('org_id', '=', orgId).select(['id', 'domain', 'status']).orderBy('domain').execute();
const claimId = async (orgId: string, domain: string) => (await claimsOf(orgId)).find((c) => c.domain === domain)!.id;
const decide = (id: string, action: 'approve' | 'reject') => call(t, 'POST', `/api/operator/domain-claims/${id}/${action}`, { headers: operator.headers });

/** The organisation /api/auth/sso/start starts a sign-in in, or the status and code of its refusal. */
async function startsIn(query: string): Promise<string> {
  const res = await fetch(`${t.url}/api/auth/sso/start?${query}`, { redirect: 'manual' });
  if (res.status !== 302) return `${res.status} ${(await res.json()).code}`;
  expect(new URL(res.headers.get('location')!).origin).toBe(idp.issuer);
  const newest = await t.database.db.selectFrom('sso_attempts').select('org_id').orderBy('created_at', 'desc').limit(1).executeTakeFirstOrThrow();
  return newest.org_id;
}
const startsFor = (email: string) => startsIn(`email=${encodeURIComponent(email)}`);

/** A domain of the organisation's, claimed and approved through the API. */
async function holding(a: Tenant): Promise<string> {
  const domain = freshDomain();
  expect((await claim(a, [domain])).status).toBe(200);
  expect((await decide(await claimId(a.org.id, domain), 'approve')).status).toBe(200);
  return domain;
}

describe("another organisation's domain", () => {
  it('is refused with 409 SSO_DOMAIN_TAKEN naming the domain but not who holds it; the holder’s people still sign in with it', async () => {
    const a = await tenant();
    const b = await tenant();
    const domain = await holding(a);
    const other = freshDomain();

    const taken = await claim(b, [other, domain]);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'SSO_DOMAIN_TAKEN', domains: [domain] });
    expect(taken.body.message).toContain(domain);
    for (const secret of [a.org.id, a.org.name, a.org.slug]) expect(taken.text).not.toContain(secret);
    // Nothing of B's request stays: not the settings, not the domain it could have had.
    expect(await claimsOf(b.org.id)).toEqual([]);
    expect(await t.database.db.selectFrom('sso_settings').where('org_id', '=', b.org.id).selectAll().execute()).toEqual([]);

    expect(await startsFor(`dora@${domain}`)).toBe(a.org.id);
    expect(await domainsOf(a)).toEqual([{ domain, status: 'approved' }]);
  });

  it('collides whatever the case it is written in', async () => {
    const a = await tenant();
    const domain = await holding(a);
    const shouted = await claim(await tenant(), [domain.toUpperCase().replace('.TEST', '.Test')]);
    expect(shouted.status).toBe(409);
    expect(shouted.body).toMatchObject({ code: 'SSO_DOMAIN_TAKEN', domains: [domain] });
    expect(await startsFor(`Dora@${domain.toUpperCase()}`)).toBe(a.org.id);
  });

  it('cannot be held twice even by a writer that skips the service, and is stored in lower case', async () => {
    const domain = await holding(await tenant());
    const b = await buildOrganisation(t.database.db);
    await expect(buildDomainClaim(t.database.db, { org: b, domain })).rejects.toThrow(/sso_domain_claims_one_org_per_domain/);
    await expect(buildDomainClaim(t.database.db, { org: b, domain: domain.toUpperCase() })).rejects.toThrow(/check constraint/);
    // A rejected claim holds nothing.
    expect((await buildDomainClaim(t.database.db, { org: b, domain, status: 'rejected' })).status).toBe('rejected');
  });
});

describe('claims made at the same moment', () => {
  it('give each domain to exactly one of the organisations racing for it', async () => {
    const domains = Array.from({ length: 10 }, freshDomain);
    const racers = await Promise.all(Array.from({ length: 100 }, async (_, i) => ({ who: await tenant(), domain: domains[i % domains.length]! })));
    const answers = await Promise.all(racers.map(async (r) => ({ ...r, res: await claim(r.who, [r.domain]) })));

    for (const domain of domains) {
      const mine = answers.filter((a) => a.domain === domain);
      expect(mine.map((a) => a.res.status).sort()).toEqual([200, ...Array<number>(9).fill(409)]);
      const holders = await t.database.db.selectFrom('sso_domain_claims').where('domain', '=', domain).select('org_id').execute();
      expect(holders).toEqual([{ org_id: mine.find((a) => a.res.status === 200)!.who.org.id }]);
    }
    for (const lost of answers.filter((a) => a.res.status === 409)) expect(lost.res.body).toMatchObject({ code: 'SSO_DOMAIN_TAKEN', domains: [lost.domain] });
  });

  it('by one organisation saving twice at once both succeed, with one claim', async () => {
    const a = await tenant();
    const domain = freshDomain();
    const answers = await Promise.all(Array.from({ length: 8 }, () => claim(a, [domain])));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(await claimsOf(a.org.id)).toEqual([{ id: expect.any(String), domain, status: 'pending' }]);
  });
});

describe("the operator's decision", () => {
  it('is needed before a domain signs anyone in; a rejection stops it again, and both are audited', async () => {
    const a = await tenant();
    const domain = freshDomain();
    expect((await claim(a, [domain])).status).toBe(200);
    expect(await domainsOf(a)).toEqual([{ domain, status: 'pending' }]);
    expect(await startsFor(`erin@${domain}`)).toBe('404 SSO_NOT_SET_UP');
    expect(await startsIn(`org=${a.org.slug}`)).toBe('404 SSO_NOT_SET_UP');

    const pending = await call(t, 'GET', '/api/operator/domain-claims?status=pending', { headers: operator.headers });
    expect(pending.status).toBe(200);
    const listed = pending.body.claims.find((c: { domain: string }) => c.domain === domain);
    expect(listed).toEqual({
      id: await claimId(a.org.id, domain), domain, status: 'pending', claimedAt: expect.any(String), decidedAt: null,
      organisation: { id: a.org.id, name: a.org.name, slug: a.org.slug },
    });

    const approved = await decide(listed.id, 'approve');
    expect(approved.body).toMatchObject({ id: listed.id, status: 'approved', decidedAt: expect.any(String) });
    expect(await startsFor(`erin@${domain}`)).toBe(a.org.id);
    expect(await startsIn(`org=${a.org.slug}`)).toBe(a.org.id);
    const approvedList = await call(t, 'GET', '/api/operator/domain-claims?status=approved', { headers: operator.headers });
    expect(approvedList.body.claims.map((c: { id: string }) => c.id)).toContain(listed.id);
    expect((await call(t, 'GET', '/api/operator/domain-claims?status=pending', { headers: operator.headers })).body.claims.map((c: { id: string }) => c.id))
      .not.toContain(listed.id);

    expect((await decide(listed.id, 'reject')).body).toMatchObject({ status: 'rejected' });
    expect(await startsFor(`erin@${domain}`)).toBe('404 SSO_NOT_SET_UP');
    expect(await domainsOf(a)).toEqual([{ domain, status: 'rejected' }]);

    const logged = await t.database.db.selectFrom('audit_log').where('org_id', '=', a.org.id).where('action', 'like', 'sso.domain_%')
      .select(['action', 'actor_kind', 'actor_id', 'subject_id', 'detail']).orderBy('at').execute();
    const operatorId = (await t.database.db.selectFrom('operator_tokens').where('token_hash', '=', hashSecret(operator.token)).select('id').executeTakeFirstOrThrow()).id;
    expect(logged).toEqual(['sso.domain_approved', 'sso.domain_rejected'].map((action) => ({
      action, actor_kind: 'operator', actor_id: operatorId, subject_id: listed.id, detail: { domain },
    })));
  });

  it('to reject frees the domain for its owner; the rejected claim cannot be approved over the new one', async () => {
    const squatter = await tenant();
    const owner = await tenant();
    const domain = freshDomain();
    expect((await claim(squatter, [domain])).status).toBe(200);
    expect((await claim(owner, [domain])).status).toBe(409);

    const squatted = await claimId(squatter.org.id, domain);
    expect((await decide(squatted, 'reject')).status).toBe(200);
    expect((await claim(owner, [domain])).status).toBe(200);
    // Saving its settings again does not re-open the squatter's claim.
    expect((await claim(squatter, [domain])).status).toBe(200);
    expect(await domainsOf(squatter)).toEqual([{ domain, status: 'rejected' }]);

    const refused = await decide(squatted, 'approve');
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'SSO_DOMAIN_TAKEN', domains: [domain] });
    expect(await claimsOf(squatter.org.id)).toEqual([{ id: squatted, domain, status: 'rejected' }]);
    expect(await t.database.db.selectFrom('audit_log').where('org_id', '=', squatter.org.id).where('action', '=', 'sso.domain_approved').selectAll().execute()).toEqual([]);

    expect((await decide(await claimId(owner.org.id, domain), 'approve')).status).toBe(200);
    expect(await startsFor(`fred@${domain}`)).toBe(owner.org.id);
  });

  it('is kept when the admin saves the settings again, and a domain left out is released', async () => {
    const a = await tenant();
    const [kept, dropped] = [freshDomain(), freshDomain()];
    expect((await claim(a, [kept, dropped])).status).toBe(200);
    for (const domain of [kept, dropped]) await decide(await claimId(a.org.id, domain), 'approve');
    expect((await claim(a, [dropped, kept])).status).toBe(200);
    expect(await domainsOf(a)).toEqual([kept, dropped].sort().map((domain) => ({ domain, status: 'approved' })));

    expect((await claim(a, [kept])).status).toBe(200);
    expect(await domainsOf(a)).toEqual([{ domain: kept, status: 'approved' }]);
    expect(await startsFor(`gina@${dropped}`)).toBe('404 SSO_NOT_SET_UP');
    const b = await tenant();
    expect((await claim(b, [dropped])).status).toBe(200);
    expect(await domainsOf(b)).toEqual([{ domain: dropped, status: 'pending' }]);
  });

  it('answers only an operator: 401 otherwise, 404 for an unknown claim, 400 for an unknown status', async () => {
    const a = await tenant();
    const domain = freshDomain();
    await claim(a, [domain]);
    const id = await claimId(a.org.id, domain);
    for (const who of [{}, { cookie: a.cookie }, { headers: { authorization: `Bearer qop_${'x'.repeat(43)}` } }]) {
      expect((await call(t, 'GET', '/api/operator/domain-claims', who)).status).toBe(401);
      expect((await call(t, 'POST', `/api/operator/domain-claims/${id}/approve`, who)).status).toBe(401);
    }
    expect((await decide(crypto.randomUUID(), 'approve')).status).toBe(404);
    const bad = await call(t, 'GET', '/api/operator/domain-claims?status=maybe', { headers: operator.headers });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(await claimsOf(a.org.id)).toEqual([{ id, domain, status: 'pending' }]);
  });
});

describe('the app role', () => {
  it('can claim only as pending and cannot decide a claim, even in its own organisation, without an operator token', async () => {
    const org = await buildOrganisation(t.database.db);
    const pending = await buildDomainClaim(t.database.db, { org });
    const inOwnOrg = (query: ReturnType<typeof sql>) => inOrg(t.ctx.db, org.id, (tx) => query.execute(tx));
    await expect(inOwnOrg(sql`insert into sso_domain_claims (org_id, domain, status) values (${org.id}, ${freshDomain()}, 'approved')`))
      .rejects.toThrow(/permission denied/);
    await expect(inOwnOrg(sql`update sso_domain_claims set status = 'approved' where id = ${pending.id}`)).rejects.toThrow(/permission denied/);
    const guessed = await inOwnOrg(sql`select * from sso_decide_domain_claim(${hashSecret('qop_guess')}, ${pending.id}::uuid, 'approved')`);
    expect(guessed.rows).toEqual([]);
    expect((await inOwnOrg(sql`select * from operator_domain_claims(${hashSecret('qop_guess')}, null, null)`)).rows).toEqual([]);
    expect((await claimsOf(org.id))[0]!.status).toBe('pending');
  });
});

describe('an organisation created by the operator with its domains', () => {
  it('has them approved at once, and is not created when one is held by another organisation', async () => {
    const domain = freshDomain();
    const body = (slug: string, ssoDomains: string[]) => ({ name: `Client ${slug}`, slug, adminEmail: `admin@${domain}`, adminName: 'Ada', ssoDomains });
    const created = await call(t, 'POST', '/api/operator/organisations', { headers: operator.headers, body: body(`client-${tag()}`, [domain.toUpperCase()]) });
    expect(created.status, created.text).toBe(201);
    const orgId = created.body.organisation.id;
    expect(await claimsOf(orgId)).toEqual([{ id: expect.any(String), domain, status: 'approved' }]);
    const logged = await t.database.db.selectFrom('audit_log').where('org_id', '=', orgId).where('action', '=', 'sso.domain_approved').select('actor_kind').execute();
    expect(logged).toEqual([{ actor_kind: 'operator' }]);

    const slug = `client-${tag()}`;
    const clash = await call(t, 'POST', '/api/operator/organisations', { headers: operator.headers, body: body(slug, [freshDomain(), domain]) });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'SSO_DOMAIN_TAKEN', domains: [domain] });
    expect(await t.database.db.selectFrom('organisations').where('slug', '=', slug).selectAll().execute()).toEqual([]);
  });
});
