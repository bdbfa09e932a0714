// The heat map's withheld cells against the totals published beside it: the pairs within departments
// and across them are each a total (new colleagues per attendance, the share across), so neither kind
// may leave a lone withheld cell to be read off as its total minus the shown (found by a review).
import { describe, expect, it } from 'vitest';
import { presentAttendance, presentHeatMap } from './presenters.ts';
import type { DepartmentPairRow } from './queries.ts';

const departments = [{ department: 'A', people: 10 }, { department: 'B', people: 10 }, { department: 'L', people: 2 }];
const names = ['A', 'B', 'L'];
const pair = (first: string, second: string, pairs: number, people_first: number, people_second: number): DepartmentPairRow =>
  ({ first, second, pairs, people_first, people_second, people: first === second ? people_first : people_first + people_second });

function read(pairs: DepartmentPairRow[]) {
  const { heatMap, shareWithheld } = presentHeatMap(departments, pairs);
  const total = pairs.reduce((n, p) => n + p.pairs, 0);
  const attendance = presentAttendance({ people: 22, attendances: 50, co_participants: 2 * total, new_pairs: total }, pairs, { shareWithheld });
  const cell = (a: string, b: string) => heatMap.cells.find((c) => c.row === names.indexOf(a) && c.column === names.indexOf(b))!.encounters;
  const withheld = (kind: 'within' | 'across') => heatMap.cells.filter((c) => (c.row === c.column) === (kind === 'within') && c.encounters === null)
    .map((c) => `${names[c.row]}${names[c.column]}`).filter((k) => pairs.some((p) => `${p.first}${p.second}` === k || `${p.second}${p.first}` === k));
  return { cell, withheld, share: attendance.crossDepartmentShare };
}

describe('the heat map against the published totals', () => {
  it('withholds a second cell within departments beside the two lawyers who met', () => {
    const r = read([pair('A', 'A', 20, 10, 10), pair('B', 'B', 21, 10, 10), pair('A', 'B', 30, 10, 10), pair('L', 'L', 1, 2, 2), pair('A', 'L', 4, 3, 2)]);
    expect(r.cell('L', 'L')).toBeNull();
    // The smallest other within-department cell goes too (A's, 20 pairs, as B's has 21); across, the
    // lawyers' cell with A is alone too, so A × B goes with it.
    expect(r.withheld('within').sort()).toEqual(['AA', 'LL']);
    expect(r.withheld('across').sort()).toEqual(['AB', 'AL']);
    expect(r.cell('B', 'B')).toBe(21);
    expect(r.share).not.toBeNull();
  });

  it('withholds a second cell across departments beside a lone one with two lawyers on a side', () => {
    const r = read([pair('A', 'A', 20, 10, 10), pair('B', 'B', 20, 10, 10), pair('A', 'B', 30, 10, 10), pair('A', 'L', 7, 6, 2)]);
    expect(r.withheld('across').sort()).toEqual(['AB', 'AL']);
    expect([r.cell('A', 'A'), r.cell('B', 'B')]).toEqual([20, 20]);
  });

  it('withholds the share across, and pools the two kinds, where a kind has nothing else to withhold', () => {
    // Nobody met within A or B: the lawyers' cell is the only one within departments.
    const r = read([pair('A', 'B', 30, 10, 10), pair('L', 'L', 1, 2, 2)]);
    expect(r.share).toBeNull();
    expect([r.cell('L', 'L'), r.cell('A', 'B')]).toEqual([null, null]);
  });

  it('leaves everything shown where nothing is withheld', () => {
    const r = read([pair('A', 'A', 20, 10, 10), pair('B', 'B', 20, 10, 10), pair('A', 'B', 30, 10, 10)]);
    expect([r.cell('A', 'A'), r.cell('B', 'B'), r.cell('A', 'B'), r.share]).toEqual([20, 20, 30, 0.429]);
  });
});
