// Reading the open board: the board's own filtered, searched, keyset-paged list (board/views.ts
// boardSlice), without merged duplicates, presented for an employee with whether they support each.
import type { Tx } from '../../../db/transaction.ts';
import type { Actor } from '../../../lib/actor.ts';
import { NotFoundError } from '../../../lib/errors.ts';
import { boardRow, type BoardFilter } from '../board/queries.ts';
import { boardSlice } from '../board/views.ts';
import { presentIdea } from './presenters.ts';
import { foldedInto, supportedAmong } from './queries.ts';
import { requireOpenBoardReader } from './service.ts';

export interface IdeasInput {
  status?: string | undefined;
  moduleId?: string | undefined;
  categoryId?: string | undefined;
  q?: string | undefined;
  sort?: 'newest' | 'supported' | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

export async function readIdeas(tx: Tx, actor: Actor, input: IdeasInput) {
  const open = await requireOpenBoardReader(tx, actor);
  const filter: BoardFilter = {
    statuses: input.status?.split(',') as BoardFilter['statuses'],
    moduleId: input.moduleId,
    categoryId: input.categoryId,
    text: input.q,
  };
  const slice = await boardSlice(tx, actor.orgId, filter, input.sort ?? 'newest', input.cursor, input.limit ?? 30);
  const mine = await supportedAmong(tx, actor.orgId, actor.personId, slice.rows.map((r) => r.id));
  return { items: slice.rows.map((r) => presentIdea(r, actor.locale, mine.has(r.id), open)), nextCursor: slice.nextCursor, total: slice.total, totalCap: slice.totalCap };
}

export async function readIdea(tx: Tx, actor: Actor, id: string) {
  const open = await requireOpenBoardReader(tx, actor);
  const row = await boardRow(tx, actor.orgId, id, undefined);
  if (!row) throw new NotFoundError('Suggestion');
  const mine = await supportedAmong(tx, actor.orgId, actor.personId, [id]);
  return { ...presentIdea(row, actor.locale, mine.has(id), open), folded: await foldedInto(tx, actor.orgId, id) };
}
