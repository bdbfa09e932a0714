// Board rows as the board's readers (admins, owners) see them; names in the reader's language. A
// support count of fewer than five people is withheld (null), as everywhere (lib/privacy-floor.ts).
import type { Locale } from '../../../db/schema.ts';
import { peopleCount } from '../../../lib/privacy-floor.ts';
import { inLanguage } from '../presenters.ts';
import type { BoardCursor, BoardRow, CommentRow } from './queries.ts';

export function presentBoardItem(r: BoardRow, locale: Locale) {
  return {
    id: r.id,
    sessionId: r.session_id,
    title: r.title,
    body: r.body,
    status: r.status,
    response: r.response,
    category: r.category_id ? { id: r.category_id, name: inLanguage(locale, r.category_en ?? '', r.category_de ?? '') } : null,
    area: r.area,
    module: { id: r.module_id, code: r.module_code, title: r.module_title },
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    mergedInto: r.merged_into,
    duplicates: r.duplicates,
    supports: peopleCount(r.supports),
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    firstResponseAt: r.first_response_at?.toISOString() ?? null,
  };
}

export function presentComment(c: CommentRow) {
  return { id: c.id, author: { id: c.author_id, name: c.author_name }, body: c.body, createdAt: c.created_at.toISOString() };
}

export function encodeBoardCursor(c: BoardCursor): string {
  return Buffer.from([c.at.toISOString(), c.id, ...(c.bySupport ? [SUPPORTED] : [])].join('|')).toString('base64url');
}

const SUPPORTED = 'supported';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cursor this API returned, or undefined if it is not one (the caller answers 400). */
export function decodeBoardCursor(cursor: string): BoardCursor | undefined {
  const [iso, id, sort] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const at = new Date(iso ?? '');
  const year = at.getUTCFullYear();
  if (!id || !UUID.test(id) || !(year >= 1 && year <= 9999)) return undefined;
  if (sort === undefined) return { at, id };
  return sort === SUPPORTED ? { at, id, bySupport: true } : undefined;
}
