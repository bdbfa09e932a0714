// The network's figures as an admin may see them, under the privacy floor (lib/privacy-floor.ts):
// no figure, bar or heat-map cell built from fewer than five people. The partners' bars are bands
// joined with their neighbours until each holds five people, so no band is withheld and none can
// be worked out from the total. A heat-map cell needs five distinct people on each side (both
// departments), or five altogether within one department; an empty cell (nobody met) is shown as
// 0 only where both departments had five people taking part, otherwise withheld too. No total per
// department is published, but the whole's pairs within and across departments are (presentHeatMap
// says how, and withholds further cells so that none can be read off them). Never a name.
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
  const across = pairs.filter((p) => p.first !== p.second).reduce((n, p) => n + p.pairs, 0);
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

/** Departments in order of name, the unnamed last; cells for each pair of them (row ≤ column). */
export function presentHeatMap(departments: DepartmentRow[], pairs: DepartmentPairRow[]) {
  const names = departments.map((d) => d.department)
    .sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  const taking = new Map(departments.map((d) => [d.department, d.people]));
  // Either order: the database ordered each pair by its own collation.
  const found = new Map(pairs.flatMap((p) => [[`${p.first}\u0000${p.second}`, p], [`${p.second}\u0000${p.first}`, p]] as const));
  const grid: Array<{ row: number; column: number; pairs: number; people: number; sides: Array<[string, number]>; shown: boolean }> = [];
  names.forEach((a, row) => {
    names.forEach((b, column) => {
      if (column < row) return;
      const pair = found.get(`${a}\u0000${b}`);
      let shown: boolean;
      if (pair) shown = a === b ? enough(pair.people) : enough(pair.people_first) && enough(pair.people_second);
      else shown = enough(taking.get(a) ?? 0) && enough(taking.get(b) ?? 0);
      const sides: Array<[string, number]> = !pair ? [] : a === b ? [[a, pair.people]] : [[pair.first, pair.people_first], [pair.second, pair.people_second]];
      grid.push({ row, column, pairs: pair?.pairs ?? 0, people: sides.reduce((n, [, k]) => n + k, 0), sides, shown });
    });
  });
  // The whole's pairs are published more than one way (attendances times new colleagues per
  // attendance, the partners' share against its maximum), and so is the split within and across
  // departments (the share across). So the withheld cells of each kind, within and across, must be
  // none with anyone in them, or at least two about five people or more; otherwise the one withheld
  // is its kind's total minus the shown. The smallest shown cells of the kind are withheld until they
  // are; where a kind has none left to give, the split is withheld too (shareWithheld) and the two
  // kinds are pooled, as only the whole's total is then known.
  const diagonal = (c: (typeof grid)[number]) => c.row === c.column;
  const settle = (pool: typeof grid): boolean => {
    for (;;) {
      const withheld = pool.filter((c) => !c.shown && c.people > 0);
      if (withheld.length === 0 || (withheld.length >= 2 && mayShow(peopleAtLeast(withheld)))) return true;
      const candidates = pool.filter((c) => c.shown && c.people > 0);
      if (candidates.length === 0) return false;
      candidates.reduce((a, b) => (b.people < a.people || (b.people === a.people && b.pairs < a.pairs) ? b : a)).shown = false;
    }
  };
  const settledWithin = settle(grid.filter(diagonal));
  const settledAcross = settle(grid.filter((c) => !diagonal(c)));
  const shareWithheld = !(settledWithin && settledAcross);
  if (shareWithheld && !settle(grid)) for (const c of grid) if (c.people > 0) c.shown = false;
  const cells = grid.map((c) => ({ row: c.row, column: c.column, encounters: c.shown ? c.pairs : null }));
  return { heatMap: { departments: names.map((name) => ({ name: name === '' ? null : name })), cells }, shareWithheld };
}

/** How many distinct people cells are about, at least: departments do not overlap, and within one the
 * cells may share people, so each department counts its largest side among them. */
function peopleAtLeast(cells: Array<{ sides: Array<[string, number]> }>): number {
  const most = new Map<string, number>();
  for (const c of cells) for (const [d, k] of c.sides) most.set(d, Math.max(most.get(d) ?? 0, k));
  return [...most.values()].reduce((n, k) => n + k, 0);
}
