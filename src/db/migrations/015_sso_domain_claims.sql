-- E-mail domains for single sign-on belong to one organisation each, and count only once the
-- operator has approved them (security review finding M1: an admin could put another
-- organisation's domain into its settings and so take over where that domain's people were sent).
--
-- An admin claims a domain by listing it in the organisation's single sign-on settings; the
-- claim routes sign-ins (/api/auth/sso/start?email=…) and admits addresses at the callback only
-- once it is approved. Approval is the operator's, not a DNS record: the operator already vouches
-- for each client organisation it creates, and this deployment reaches no DNS.

create table sso_domain_claims (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references organisations (id),
  domain text not null check (length(domain) <= 253 and domain ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$'),
  status text not null default 'pending' check (status in ('pending', 'approved', 'rejected')),
  claimed_at timestamptz not null default now(),
  decided_at timestamptz,
  constraint sso_domain_claims_org_id_key unique (org_id, id),
  constraint sso_domain_claims_decided_when_not_pending check ((status = 'pending') = (decided_at is null))
);

-- The rule of M1, held by the database whatever the concurrency: a domain is held by at most one
-- organisation while its claim is pending or approved. A rejected claim holds nothing (its admin
-- still sees it, as rejected), so whoever claims another's domain first cannot keep it from its
-- owner once the operator has said no.
create unique index sso_domain_claims_one_org_per_domain on sso_domain_claims (lower(domain)) where status <> 'rejected';
create unique index sso_domain_claims_once_per_org on sso_domain_claims (org_id, lower(domain));

select protect_organisation_table('sso_domain_claims');

-- The app role may list, claim (always as pending: it can name no other column) and release its
-- organisation's domains, but never decide a claim: that goes through sso_decide_domain_claim,
-- which asks for an operator's token. The command line decides as the owner.
revoke all on sso_domain_claims from quartet_app;
grant select, delete on sso_domain_claims to quartet_app;
grant insert (org_id, domain) on sso_domain_claims to quartet_app;

-- The domains of the settings before this migration. Each uncontested one stays in force
-- (approved). A domain that several organisations listed goes to the organisation created first
-- (when each listed it was not recorded, and the settings' updated_at moves with every later edit);
-- the others' claims are rejected, so their admins see why, and the operator can approve one of
-- them instead once the first releases it. The audit log of each organisation says what happened.
insert into sso_domain_claims (org_id, domain, status, decided_at)
select distinct on (d.domain) d.org_id, d.domain, 'approved', now()
from (
  select s.org_id, unnest(s.allowed_domains) as domain, o.created_at
  from sso_settings s join organisations o on o.id = s.org_id
) d
order by d.domain, d.created_at, d.org_id;

insert into sso_domain_claims (org_id, domain, status, decided_at)
select s.org_id, d.domain, 'rejected', now()
from sso_settings s cross join lateral unnest(s.allowed_domains) as d (domain)
on conflict do nothing;

insert into audit_log (org_id, actor_kind, action, subject_kind, subject_id, detail)
select c.org_id, 'system', 'sso.domain_' || c.status, 'sso_domain_claim', c.id,
  jsonb_build_object('domain', c.domain, 'reason', case c.status
    when 'approved' then 'in the single sign-on settings before domains needed approval'
    else 'another organisation, created earlier, listed the same domain' end)
from sso_domain_claims c;

-- The claims are now the only list of an organisation's domains.
alter table sso_settings drop column allowed_domains;

-- The organisation a sign-in starts in: by slug, or by the domain of an address; either way only
-- with an approved domain (a start by slug without one could only end in a refusal at the callback).
create or replace function sso_organisations_for_start(p_slug text, p_domain text)
returns table (org_id uuid)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  return query
  select o.id from organisations o join sso_settings s on s.org_id = o.id
  where o.status = 'active' and s.issuer is not null
    and exists (
      select from sso_domain_claims c
      where c.org_id = o.id and c.status = 'approved' and (o.slug = p_slug or lower(c.domain) = lower(p_domain))
    );
end $$;

-- Claims across organisations, for an operator (by status, or one by id): asks for the operator's
-- token again, so the app role reads nothing without one.
create function operator_domain_claims(p_token_hash bytea, p_status text, p_claim_id uuid)
returns table (
  id uuid, org_id uuid, org_name text, org_slug text, domain text, status text,
  claimed_at timestamptz, decided_at timestamptz
)
language plpgsql stable security definer set search_path = public, pg_temp as $$
begin
  if not exists (select from operator_tokens t where t.token_hash = p_token_hash and t.revoked_at is null) then
    return;
  end if;
  return query
  select c.id, c.org_id, o.name, o.slug, c.domain, c.status, c.claimed_at, c.decided_at
  from sso_domain_claims c join organisations o on o.id = c.org_id
  where (p_status is null or c.status = p_status) and (p_claim_id is null or c.id = p_claim_id)
  order by c.claimed_at, c.id;
end $$;

-- An operator's decision on a claim of the organisation set for the transaction. Approving a
-- domain that another organisation holds fails on sso_domain_claims_one_org_per_domain.
create function sso_decide_domain_claim(p_token_hash bytea, p_claim_id uuid, p_status text)
returns table (id uuid, domain text, status text, claimed_at timestamptz, decided_at timestamptz)
language plpgsql volatile security definer set search_path = public, pg_temp as $$
begin
  if p_status not in ('approved', 'rejected') then
    raise exception 'a claim is decided approved or rejected, not %', p_status using errcode = '22023';
  end if;
  if not exists (select from operator_tokens t where t.token_hash = p_token_hash and t.revoked_at is null) then
    return;
  end if;
  return query
  update sso_domain_claims c set status = p_status, decided_at = now()
  where c.id = p_claim_id and c.org_id = current_org_id()
  returning c.id, c.domain, c.status, c.claimed_at, c.decided_at;
end $$;

revoke all on function operator_domain_claims(bytea, text, uuid), sso_decide_domain_claim(bytea, uuid, text) from public;
grant execute on function operator_domain_claims(bytea, text, uuid), sso_decide_domain_claim(bytea, uuid, text) to quartet_app;
