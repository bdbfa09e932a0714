// A board row as an employee may see it: picked field by field, so that nothing the board keeps
// for itself (owner, notes, session, versions) can slip through when the row grows.
import type { Locale } from '../../../db/schema.ts';
import { peopleCount } from '../../../lib/privacy-floor.ts';
import { inLanguage } from '../presenters.ts';
import type { BoardRow } from '../board/queries.ts';

/** Done and declined suggestions are settled: still readable, no longer newly supported. */
export const SUPPORTABLE: ReadonlySet<BoardRow['status']> = new Set(['new', 'in_review', 'planned']);

export function presentIdea(r: BoardRow, locale: Locale, supported: boolean, boardOpen: boolean) {
  return {
    id: r.id,
    title: r.title,
    body: r.body,
    status: r.status,
    response: r.response,
    category: r.category_id ? { id: r.category_id, name: inLanguage(locale, r.category_en ?? '', r.category_de ?? '') } : null,
    area: r.area,
    module: { id: r.module_id, code: r.module_code, title: r.module_title },
    mergedInto: r.merged_into,
    duplicates: r.duplicates,
    supports: peopleCount(r.supports),
    supported,
    canSupport: boardOpen && r.merged_into === null && SUPPORTABLE.has(r.status),
    createdAt: r.created_at.toISOString(),
  };
}
