// The audit log as services use it: record what an actor did, and let admins read it.
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { InputError } from '../../lib/errors.ts';
import { insertAuditEntries, listAuditEntries, type AuditEntry } from './queries.ts';

/** Records that the actor did `action` to a subject, in the actor's organisation, in `tx`. */
export async function audit(
  tx: Tx, actor: Actor, action: string, subject?: { kind: string; id: string | null }, detail?: Record<string, unknown>,
): Promise<void> {
  await insertAuditEntries(tx, [{
    orgId: actor.orgId, actorKind: 'person', actorId: actor.personId, action,
    subjectKind: subject?.kind, subjectId: subject?.id, ip: actor.ip, detail,
  }]);
}

/** Records entries whose actor is not a signed-in person acting now: a sign-in as it happens, an
 * operator. Each entry names its organisation and actor itself. */
export async function recordAuditEntries(tx: Tx, entries: AuditEntry[]): Promise<void> {
  await insertAuditEntries(tx, entries);
}

export async function readAuditLog(tx: Tx, actor: Actor, input: { cursor?: string | undefined; limit?: number | undefined }) {
  requireRole(actor, 'admin');
  const limit = input.limit ?? 50;
  const rows = await listAuditEntries(tx, actor.orgId, input.cursor ? decodeCursor(input.cursor) : undefined, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
      action: r.action,
      subject: r.subject_kind ? {
        kind: r.subject_kind, id: r.subject_id, name: r.subject_name, person: r.subject_person, startsAt: r.subject_starts_at?.toISOString() ?? null,
      } : null,
      ip: r.ip,
      detail: r.detail,
    })),
    nextCursor: rows.length > limit && last ? Buffer.from(`${last.at.toISOString()}|${last.id}`).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  if (!id || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) || Number.isNaN(at.getTime())) {
    throw new InputError([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  return { at, id };
}
