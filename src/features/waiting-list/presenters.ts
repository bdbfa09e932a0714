// A waiting-list place as the person waiting sees it: their position and the session. Nobody
// else's place or name is shown, nor how many wait behind them; an offer shows until when it holds.
import type { SessionView } from '../sessions/presenters.ts';
import type { EntryRow, LineRow } from './queries.ts';

export function presentLine(row: LineRow, session: SessionView) {
  return {
    id: row.id, status: row.status === 'offered' ? 'offered' as const : 'waiting' as const, joinedAt: row.created_at.toISOString(),
    position: row.position, offerExpiresAt: row.status === 'offered' ? row.offer_expires_at?.toISOString() ?? null : null, session,
  };
}

export function presentEntry(row: EntryRow, position: number) {
  return { id: row.id, sessionId: row.session_id, status: row.status, joinedAt: row.created_at.toISOString(), position };
}

export type LineView = ReturnType<typeof presentLine>;
