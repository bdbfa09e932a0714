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
  ip: string | null;
  detail: Record<string, unknown>;
}

export async function listAuditEntries(tx: Tx, orgId: string, before: { at: Date; id: string } | undefined, limit: number): Promise<AuditRow[]> {
  const result = await sql<AuditRow>`
    select a.id, a.at, a.actor_kind, a.actor_id, p.name as actor_name, a.action, a.subject_kind, a.subject_id,
      host(a.ip) as ip, a.detail
    from audit_log a left join people p on p.id = a.actor_id and a.actor_kind = 'person'
    where a.org_id = ${orgId}
      ${before ? sql`and (a.at, a.id) < (${before.at}::timestamptz, ${before.id}::uuid)` : sql``}
    order by a.at desc, a.id desc
    limit ${limit}`.execute(tx);
  return result.rows;
}
