// Figures from ratings as a coach or an admin may see them: an average only from at least five
// ratings, comments only beside such an average (at most 50, by their text), never who or when.
import type { RateableRow, SumRow } from './queries.ts';

/** The fewest ratings a figure is built from (the product's rule: no figure from fewer than five people). */
export const MINIMUM_RATINGS = 5;
const MOST_COMMENTS = 50;

export function presentFigure(row: SumRow | undefined) {
  const ratings = row?.ratings ?? 0;
  const shown = ratings >= MINIMUM_RATINGS;
  return {
    ratings,
    average: shown && row ? Math.round(row.average * 10) / 10 : null,
    comments: shown && row ? row.comments.slice(0, MOST_COMMENTS) : [],
  };
}

export function presentMyRating(row: RateableRow, days: number) {
  return {
    sessionId: row.session_id,
    moduleTitle: row.module_title,
    startsAt: row.starts_at.toISOString(),
    rating: row.rating,
    comment: row.comment,
    rateableUntil: new Date(row.ends_at.getTime() + days * 86_400_000).toISOString(),
  };
}
