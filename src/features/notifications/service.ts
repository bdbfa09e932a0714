// The admin's view of outgoing mail, and retrying a failed message. (A person's calendars are in
// feed/, the outbox other features queue to in outbox/, sending in jobs/.)
import type { Tx } from '../../db/transaction.ts';
import type { MessageStatus } from '../../db/schema.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { NotFoundError, RuleError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { listMessages, retryMessage } from './queries.ts';

export { removeCaughtMail, type CaughtMessage } from './caught-mail.ts';

export async function listOutgoingMessages(
  tx: Tx, actor: Actor, filter: { status?: MessageStatus | undefined; before?: string | undefined; limit?: number | undefined },
) {
  requireRole(actor, 'admin');
  const limit = filter.limit ?? 50;
  const rows = await listMessages(tx, actor.orgId, { status: filter.status, before: filter.before ? new Date(filter.before) : undefined, limit });
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      recipient: { id: r.recipient_id, name: r.recipient_name, email: r.recipient_email },
      sessionId: r.session_id,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at.toISOString(),
      sendAfter: r.send_after.toISOString(),
      sentAt: r.sent_at?.toISOString() ?? null,
    })),
    nextBefore: rows.length === limit ? rows.at(-1)!.created_at.toISOString() : null,
  };
}

/** A failed message goes out again (after the admin fixed the address, or the server). */
export async function retryOutgoingMessage(tx: Tx, actor: Actor, id: string): Promise<{ status: MessageStatus }> {
  requireRole(actor, 'admin');
  const result = await retryMessage(tx, actor.orgId, id);
  if (!result) throw new NotFoundError('Message');
  if (result.status !== 'pending') throw new RuleError('MESSAGE_NOT_FAILED', `Only a failed message can be retried; this one is ${result.status}.`);
  await audit(tx, actor, 'message.retried', { kind: 'message', id });
  return result;
}
