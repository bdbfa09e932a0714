// Reading waiting lists: the lines one waits in, with one's position in each.
import type { Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { presentSession } from '../sessions/presenters.ts';
import { sessionsById, viewerContext } from '../sessions/views.ts';
import { presentLine, type LineView } from './presenters.ts';
import { linesOf } from './queries.ts';

export async function listMyLines(tx: Tx, actor: Actor, timeZone?: string, now = new Date()): Promise<LineView[]> {
  const viewer = viewerContext(actor, timeZone);
  const rows = await linesOf(tx, actor.orgId, actor.personId, now);
  const sessions = new Map((await sessionsById(tx, actor.orgId, rows.map((r) => r.session_id))).map((s) => [s.id, s]));
  return rows.flatMap((row) => {
    const session = sessions.get(row.session_id);
    return session ? [presentLine(row, presentSession(session, viewer, null))] : [];
  });
}

/** The person's place in the session's line (1: next), or null when not waiting in it. */
export async function myPosition(tx: Tx, actor: Actor, sessionId: string, now = new Date()): Promise<number | null> {
  const rows = await linesOf(tx, actor.orgId, actor.personId, now);
  return rows.find((r) => r.session_id === sessionId)?.position ?? null;
}
