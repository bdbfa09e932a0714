// The network's figures as an admin may see them, under the privacy floor (lib/privacy-floor.ts):
// no figure, bar or heat-map cell built from fewer than five people. The partners' bars are bands
// joined with their neighbours until each holds five people, so no band is withheld and none can
// be worked out from the total. A heat-map cell needs five distinct people on each side (both
// departments), or five altogether within one department; an empty cell (nobody met) is shown as
// 0 only where both departments had five people taking part, otherwise withheld too. No total per
// department is published, but the whole's pairs within and across departments are (presentHeatMap
// says how, and withholds further cells so that none can be read off them). Never a person's name,
// and a department's only where five people or more of it took part: the smaller ones are one row,
// "other departments", shown where they are five people or more together.
import { mayShow, mergeSmallBands, peopleCount } from '../../lib/privacy-floor.ts';
import type { AttendanceSums, DepartmentPairRow, DepartmentRow, PartnersRow } from './queries.ts';

/** The others in a group of four: the most new colleagues one session can bring. */
export const GROUP_OTHERS = 3;

/** Sessions taken part in, grouped for the partners' bars: [from, to] (to null: and more). */
const SESSION_BANDS: Array<[number, number | null]> = [[1, 1], [2, 2], [3, 3], [4, 6], [7, 12], [13, null]];

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
// Here a figure about nobody is no figure: a department or band with no one has nothing to show.
const enough = (people: number) => people > 0 && mayShow(people);

export function presentAttendance(sums: AttendanceSums, pairs: DepartmentPairRow[], o: { shareWithheld?: boolean } = {}) {
  const shown = sums.attendances > 0 && enough(sums.people);
  const total = pairs.reduce((n, p) => n + p.pairs, 0);
  const across = pairs.reduce((n, p) => n + p.pairs - p.within_pairs, 0);
  return {
    people: peopleCount(sums.people),
    attendances: shown ? sums.attendances : null,
    newColleaguesPerAttendance: shown ? round((2 * sums.new_pairs) / sums.attendances, 2) : null,
    colleaguesPerAttendance: shown ? round(sums.co_participants / sums.attendances, 2) : null,
    // Withheld where the heat map's withheld cells of one kind could otherwise be read off it (presentHeatMap).
    crossDepartmentShare: shown && total > 0 && !o.shareWithheld ? round(across / total, 3) : null,
  };
}

interface Band { sessionsFrom: number; sessionsTo: number | null; rows: PartnersRow[] }
const peopleIn = (band: Band) => band.rows.reduce((sum, r) => sum + r.people, 0);

export function presentPartners(rows: PartnersRow[]) {
  const people = rows.reduce((n, r) => n + r.people, 0);
  const partners = rows.reduce((n, r) => n + r.partners, 0);
  const maximum = rows.reduce((n, r) => n + GROUP_OTHERS * r.sessions * r.people, 0);
  const fixed: Band[] = SESSION_BANDS.map(([from, to]) => ({
    sessionsFrom: from, sessionsTo: to, rows: rows.filter((r) => r.sessions >= from && (to === null || r.sessions <= to)),
  }));
  // A band of fewer than five joins its neighbour ("2–3 sessions"); a band nobody falls in is left out.
  const bands = mergeSmallBands(fixed, peopleIn, (a, b) => ({ sessionsFrom: a.sessionsFrom, sessionsTo: b.sessionsTo, rows: [...a.rows, ...b.rows] }))
    .map((band) => {
      const n = peopleIn(band);
      const shown = enough(n);
      return {
        sessionsFrom: band.sessionsFrom,
        sessionsTo: band.sessionsTo,
        people: shown ? n : null,
        averagePartners: shown ? round(band.rows.reduce((sum, r) => sum + r.partners, 0) / n, 1) : null,
        averageMaximum: shown ? round(band.rows.reduce((sum, r) => sum + GROUP_OTHERS * r.sessions * r.people, 0) / n, 1) : null,
      };
    });
  return { share: enough(people) && maximum > 0 ? round(partners / maximum, 3) : null, bands };
}

/**
 * The departments the heat map names: those with five people or more taking part. The rest are
 * folded into one "other departments" row and column (pairsByDepartments groups them), since a
 * department's name in the map says that someone of it took part, and for a department of one or
 * two that is who.
 */
export function departmentsFolded(departments: DepartmentRow[]): string[] {
  return departments.filter((d) => !enough(d.people)).map((d) => d.department);
}

/** The key of the folded departments among the names (no department's name holds a NUL). */
const OTHERS = '\u0000others';
type Side = [string, number];
interface Cell { row: number; column: number; pairs: number; people: number; sides: Side[]; parts: Part[]; shown: boolean }
/** The pairs of one kind in a cell: within one department or across two. */
interface Part { cell: Cell; kind: 'within' | 'across'; pairs: number; people: number; sides: Side[] }

/**
 * Departments of five people or more taking part in order of name, the unnamed last, then the other
 * departments together where they are five people or more; cells for each pair of them (row ≤ column).
 */
export function presentHeatMap(departments: DepartmentRow[], pairs: DepartmentPairRow[]) {
  const folded = new Set(departmentsFolded(departments));
  const others = departments.filter((d) => folded.has(d.department)).reduce((n, d) => n + d.people, 0);
  const names = departments.filter((d) => !folded.has(d.department)).map((d) => d.department)
    .sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  // The other departments take part in the withholding below even where too few to be shown: their
  // pairs are in the published totals all the same.
  if (others > 0) names.push(OTHERS);
  const taking = new Map<string, number>([...departments.map((d) => [d.department, d.people] as const), [OTHERS, others]]);
  const key = (d: string | null) => d ?? OTHERS;
  // Either order: the database ordered each pair by its own collation.
  const found = new Map(pairs.flatMap((p) => [[`${key(p.first)}\u0000${key(p.second)}`, p], [`${key(p.second)}\u0000${key(p.first)}`, p]] as const));
  const grid: Cell[] = [];
  names.forEach((a, row) => {
    names.forEach((b, column) => {
      if (column < row) return;
      const pair = found.get(`${a}\u0000${b}`);
      let shown: boolean;
      if (pair) shown = a === b ? enough(pair.people) : enough(pair.people_first) && enough(pair.people_second);
      else shown = enough(taking.get(a) ?? 0) && enough(taking.get(b) ?? 0);
      const sides: Side[] = !pair ? [] : a === b ? [[a, pair.people]] : [[key(pair.first), pair.people_first], [key(pair.second), pair.people_second]];
      const cell: Cell = { row, column, pairs: pair?.pairs ?? 0, people: sides.reduce((n, [, k]) => n + k, 0), sides, parts: [], shown };
      // Only the other departments' own cell can hold both kinds: pairs from one small department, and
      // from two. Each kind's share of it is told by nothing shown, so each counts as withheld below.
      if (pair && pair.within_pairs > 0) cell.parts.push({ cell, kind: 'within', pairs: pair.within_pairs, people: pair.within_people, sides: [[a, pair.within_people]] });
      if (pair && pair.pairs > pair.within_pairs) {
        cell.parts.push({ cell, kind: 'across', pairs: pair.pairs - pair.within_pairs, people: pair.across_people, sides: a === b ? [[a, pair.across_people]] : sides });
      }
      grid.push(cell);
    });
  });
  // The whole's pairs are published more than one way (attendances times new colleagues per
  // attendance, the partners' share against its maximum), and so is the split within and across
  // departments (the share across). So the withheld cells of each kind, within and across, must be
  // none with anyone in them, or at least two about five people or more; otherwise the one withheld
  // is its kind's total minus the shown. The smallest shown cells of the kind are withheld until they
  // are; where a kind has none left to give, the split is withheld too (shareWithheld) and the two
  // kinds are pooled, as only the whole's total is then known (and a cell of both kinds is one figure).
  const alone = (p: Part) => p.cell.shown && p.cell.parts.length === 1;
  const settle = (pool: Part[], told: (p: Part) => boolean): boolean => {
    for (;;) {
      const withheld = pool.filter((p) => p.people > 0 && !told(p));
      if (withheld.length === 0 || (withheld.length >= 2 && mayShow(peopleAtLeast(withheld)))) return true;
      const candidates = pool.filter((p) => p.people > 0 && told(p));
      if (candidates.length === 0) return false;
      candidates.reduce((a, b) => (b.people < a.people || (b.people === a.people && b.pairs < a.pairs) ? b : a)).cell.shown = false;
    }
  };
  const parts = grid.flatMap((c) => c.parts);
  const settledWithin = settle(parts.filter((p) => p.kind === 'within'), alone);
  const settledAcross = settle(parts.filter((p) => p.kind === 'across'), alone);
  const shareWithheld = !(settledWithin && settledAcross);
  const wholeCells = grid.map((cell): Part => ({ cell, kind: 'within', pairs: cell.pairs, people: cell.people, sides: cell.sides }));
  if (shareWithheld && !settle(wholeCells, (p) => p.cell.shown)) for (const c of grid) if (c.people > 0) c.shown = false;
  // The other departments are a row of the map only where they are five people or more: the row
  // itself would say that someone of a small department took part.
  const visible = names.map((name, i) => (name !== OTHERS || enough(others) ? i : -1)).filter((i) => i >= 0);
  const at = new Map(visible.map((i, position) => [i, position]));
  const cells = grid.filter((c) => at.has(c.row) && at.has(c.column))
    .map((c) => ({ row: at.get(c.row)!, column: at.get(c.column)!, encounters: c.shown ? c.pairs : null }));
  const shownDepartments = visible.map((i) => names[i]!)
    .map((name) => (name === OTHERS ? { name: null, others: true } : { name: name === '' ? null : name, others: false }));
  return { heatMap: { departments: shownDepartments, cells }, shareWithheld };
}

/** How many distinct people cells are about, at least: departments do not overlap, and within one the
 * cells may share people, so each department counts its largest side among them. */
function peopleAtLeast(cells: Array<{ sides: Side[] }>): number {
  const most = new Map<string, number>();
  for (const c of cells) for (const [d, k] of c.sides) most.set(d, Math.max(most.get(d) ?? 0, k));
  return [...most.values()].reduce((n, k) => n + k, 0);
}
