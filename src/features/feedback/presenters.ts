// Figures from ratings as a coach or an admin may see them, under the privacy floor
// (lib/privacy-floor.ts): a figure — count, average and comments — only from at least five people
// who rated (people, not ratings: one person rates many sessions), and within each list only so
// that the overall figure minus the shown ones is no small group either; comments only beside such
// an average (at most 50, by their text), never who or when.
import { unlessWithheld, withholdSmallGroups } from '../../lib/privacy-floor.ts';
import type { MyRatingRow, SumRow } from './queries.ts';

const MOST_COMMENTS = 50;

const withheldFigure = { ratings: null, average: null, comments: [] as string[] };

function figureOf(row: SumRow) {
  return { ratings: row.ratings, average: Math.round(row.average * 10) / 10, comments: row.comments.slice(0, MOST_COMMENTS) };
}

/** The figure of everything the viewer may see (none rated: 0 ratings, no average). */
export function presentOverall(row: SumRow | undefined) {
  if (!row) return { ratings: 0, average: null, comments: [] };
  return unlessWithheld(new Set(row.raters), figureOf(row)) ?? withheldFigure;
}

/**
 * Each row's figure, or the withheld one. `partsOf` names the published figures a row subdivides
 * (a session: its module and its coach), so none of them minus its shown rows is a small group.
 */
export function presentFigures(rows: SumRow[], partsOf: (row: SumRow) => string[] = () => []) {
  const shown = withholdSmallGroups(rows, (r) => new Set(r.raters), partsOf);
  return rows.map((row, i) => ({ row, figure: shown[i] ? figureOf(row) : withheldFigure }));
}

export function presentMyRating(row: MyRatingRow, days: number) {
  return {
    sessionId: row.session_id,
    moduleTitle: row.module_title,
    startsAt: row.starts_at.toISOString(),
    rating: row.rating,
    comment: row.comment,
    rateableUntil: new Date(row.ends_at.getTime() + days * 86_400_000).toISOString(),
    rateable: row.rateable,
  };
}
