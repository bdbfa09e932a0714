// Writing and reading the audit log. Entries are only ever added (migration 008).
import type { Tx } from '../../db/transaction.ts';
import { sql } from 'kysely';

export interface AuditEntry {
  orgId: string;
  actorKind: 'person' | 'operator' | 'token' | 'system';
  actorId: string | null;
  action: string;
  subjectKind?: string | undefined;
  subjectId?: string | null | undefined;
  ip?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

export async function insertAuditEntries(tx: Tx, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await sql`
    insert into audit_log (org_id, actor_kind, actor_id, action, subject_kind, subject_id, ip, detail)
    select * from unnest(
      ${entries.map((e) => e.orgId)}::uuid[], ${entries.map((e) => e.actorKind)}::text[], ${entries.map((e) => e.actorId)}::uuid[],
      ${entries.map((e) => e.action)}::text[], ${entries.map((e) => e.subjectKind ?? null)}::text[],
      ${entries.map((e) => e.subjectId ?? null)}::uuid[], ${entries.map((e) => e.ip ?? null)}::inet[],
      ${entries.map((e) => JSON.stringify(e.detail ?? {}))}::jsonb[]
    )`.execute(tx);
}

export interface AuditRow {
  id: string;
  at: Date;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  subject_kind: string | null;
  subject_id: string | null;
  subject_name: string | null;
  subject_person: string | null;
  subject_starts_at: Date | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

/**
 * A page of entries with what the reader needs to say them in words: the names of the actor and of
 * the subject (a session's module and start, a booking's holder and session). A stand-in or an
 * erased person's pseudonym has no name: null, which the page says as "a former member".
 */
export async function listAuditEntries(tx: Tx, orgId: string, before: { at: Date; id: string } | undefined, limit: number): Promise<AuditRow[]> {
  const result = await sql<AuditRow>`
    select a.id, a.at, a.actor_kind, a.actor_id, case when p.anonymised_at is null then p.name end as actor_name, a.action,
      a.subject_kind, a.subject_id, host(a.ip) as ip, a.detail,
      coalesce(case when sp.anonymised_at is null then sp.name end, sm.title, r.name, m.title, tk.name) as subject_name,
      case when bp.anonymised_at is null then bp.name end as subject_person,
      coalesce(s.starts_at, bs.starts_at) as subject_starts_at
    from (
      select * from audit_log
      where org_id = ${orgId}
        ${before ? sql`and (at, id) < (${before.at}::timestamptz, ${before.id}::uuid)` : sql``}
      order by at desc, id desc
      limit ${limit}
    ) a
    left join people p on a.actor_kind = 'person' and p.id = a.actor_id and p.org_id = a.org_id
    left join people sp on a.subject_kind in ('person', 'coach') and sp.id = a.subject_id and sp.org_id = a.org_id
    left join sessions s on a.subject_kind = 'session' and s.id = a.subject_id and s.org_id = a.org_id
    left join bookings b on a.subject_kind = 'booking' and b.id = a.subject_id and b.org_id = a.org_id
    left join sessions bs on bs.id = b.session_id and bs.org_id = a.org_id
    left join people bp on bp.id = b.person_id and bp.org_id = a.org_id
    left join modules sm on sm.id = coalesce(s.module_id, bs.module_id) and sm.org_id = a.org_id
    left join rooms r on a.subject_kind = 'room' and r.id = a.subject_id and r.org_id = a.org_id
    left join modules m on a.subject_kind = 'module' and m.id = a.subject_id and m.org_id = a.org_id
    left join api_tokens tk on a.subject_kind = 'api_token' and tk.id = a.subject_id and tk.org_id = a.org_id
    order by a.at desc, a.id desc`.execute(tx);
  return result.rows;
}
