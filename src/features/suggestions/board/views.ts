// Reading the board: the filtered page, one suggestion with its notes and duplicates, the owners.
import { DateTime } from 'luxon';
import type { Tx } from '../../../db/transaction.ts';
import { hasRole, requireRole, type Actor } from '../../../lib/actor.ts';
import { InputError } from '../../../lib/errors.ts';
import { audit } from '../../audit/service.ts';
import { inLanguage } from '../presenters.ts';
import { listCategories } from '../queries.ts';
import { decodeBoardCursor, encodeBoardCursor, presentBoardItem, presentComment } from './presenters.ts';
import { boardCount, boardPage, commentsOf, duplicatesOf, listOwners, ownerScopeOf, type BoardFilter, type BoardRow, type BoardSort } from './queries.ts';
import { boardScope, visibleSuggestion } from './service.ts';

export interface BoardInput {
  status?: string | undefined;
  moduleId?: string | undefined;
  categoryId?: string | undefined;
  area?: string | undefined;
  ownerId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  sort?: BoardSort | undefined;
  includeMerged?: 'true' | 'false' | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

const TOTAL_CAP = 1_000;
const startOfDay = (day: string, zone: string) => DateTime.fromISO(day, { zone }).startOf('day');

function boardFilter(actor: Actor, input: BoardInput, scope: BoardFilter['scope']): BoardFilter {
  return {
    statuses: input.status?.split(',') as BoardFilter['statuses'],
    moduleId: input.moduleId,
    categoryId: input.categoryId,
    area: input.area,
    ownerId: input.ownerId === 'me' ? actor.personId : input.ownerId,
    // Days in the reader's zone, as the list shows them: read in UTC, a suggestion recorded soon
    // after local midnight fell on the day before.
    from: input.from ? startOfDay(input.from, actor.timeZone).toJSDate() : undefined,
    to: input.to ? startOfDay(input.to, actor.timeZone).plus({ days: 1 }).toJSDate() : undefined,
    text: input.q,
    includeMerged: input.includeMerged === 'true',
    scope,
  };
}

/**
 * One page of the filtered suggestions in any sort: its rows, the next page's cursor, and how many
 * match (counted up to the cap). The board and the employees' open board page alike.
 */
export async function boardSlice(tx: Tx, orgId: string, filter: BoardFilter, sort: BoardSort, cursor: string | undefined, limit: number) {
  const after = cursor ? decodeBoardCursor(cursor) : undefined;
  // A cursor says it was made for the sort by support only when it was.
  if (cursor && (!after || (after.bySupport === true) !== (sort === 'supported'))) {
    throw new InputError([{ field: 'cursor', message: 'is not a cursor this API returned' }]);
  }
  const rows = await boardPage(tx, orgId, filter, sort, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  // The count is asked for the first page only; later pages carry it along in the client.
  const total = after ? -1 : await boardCount(tx, orgId, filter, TOTAL_CAP);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeBoardCursor(cursorAfter(sort, last)) : null, total, totalCap: TOTAL_CAP };
}

function cursorAfter(sort: BoardSort, last: BoardRow) {
  if (sort === 'supported') return { at: last.created_at, id: last.id, bySupport: true as const };
  return { at: sort === 'updated' ? last.updated_at : last.created_at, id: last.id };
}

export async function readBoard(tx: Tx, actor: Actor, input: BoardInput) {
  const scope = await boardScope(tx, actor);
  const slice = await boardSlice(tx, actor.orgId, boardFilter(actor, input, scope), input.sort ?? 'newest', input.cursor, input.limit ?? 50);
  return { items: slice.rows.map((r) => presentBoardItem(r, actor.locale)), nextCursor: slice.nextCursor, total: slice.total, totalCap: slice.totalCap };
}

export async function readBoardItem(tx: Tx, actor: Actor, id: string) {
  const row = await visibleSuggestion(tx, actor, id);
  const comments = await commentsOf(tx, actor.orgId, id);
  const duplicates = await duplicatesOf(tx, actor.orgId, id);
  return { ...presentBoardItem(row, actor.locale), comments: comments.map(presentComment), duplicateList: duplicates };
}

export async function boardAccess(tx: Tx, actor: Actor) {
  const admin = hasRole(actor, 'admin');
  return { admin, board: admin || (await ownerScopeOf(tx, actor.orgId, actor.personId)) !== undefined };
}

export async function readOwners(tx: Tx, actor: Actor) {
  requireRole(actor, 'admin');
  const owners = await listOwners(tx, actor.orgId);
  const categories = await listCategories(tx, actor.orgId, true);
  const byId = new Map(categories.map((c) => [c.id, c]));
  return {
    items: owners.map((o) => ({
      person: { id: o.person_id, name: o.name, email: o.email },
      categories: o.category_ids.flatMap((id) => {
        const c = byId.get(id);
        return c ? [{ id, name: inLanguage(actor.locale, c.name_en, c.name_de) }] : [];
      }),
      areas: o.areas,
    })),
  };
}

/** Every suggestion the filter finds (up to EXPORT_LIMIT), for a file. */
export const EXPORT_LIMIT = 100_000;
export async function boardRowsForExport(tx: Tx, actor: Actor, input: BoardInput) {
  const scope = await boardScope(tx, actor);
  const rows = await boardPage(tx, actor.orgId, boardFilter(actor, input, scope), input.sort ?? 'newest', undefined, EXPORT_LIMIT);
  await audit(tx, actor, 'suggestion.exported', { kind: 'organisation', id: actor.orgId }, { rows: rows.length });
  return rows;
}
