// The heat map's withheld cells against the totals published beside it: the pairs within departments
// and across them are each a total (new colleagues per attendance, the share across), so neither kind
// may leave a lone withheld cell to be read off as its total minus the shown (found by a review).
import { describe, expect, it } from 'vitest';
import { presentAttendance, presentHeatMap } from './presenters.ts';
import type { DepartmentPairRow } from './queries.ts';

// Five lawyers took part (so Legal is named), two of them in the pairs below.
const departments = [{ department: 'A', people: 10 }, { department: 'B', people: 10 }, { department: 'L', people: 5 }];
const names = ['A', 'B', 'L'];
const pair = (first: string, second: string, pairs: number, people_first: number, people_second: number): DepartmentPairRow => {
  const people = first === second ? people_first : people_first + people_second;
  const within = first === second;
  return { first, second, pairs, people_first, people_second, people, within_pairs: within ? pairs : 0, within_people: within ? people : 0, across_people: within ? 0 : people };
};

function read(pairs: DepartmentPairRow[]) {
  const { heatMap, shareWithheld } = presentHeatMap(departments, pairs);
  const total = pairs.reduce((n, p) => n + p.pairs, 0);
  const attendance = presentAttendance({ people: 25, attendances: 50, co_participants: 2 * total, new_pairs: total }, pairs, { shareWithheld });
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

describe('the departments of fewer than five people taking part', () => {
  const small = [{ department: 'A', people: 10 }, { department: 'B', people: 10 }, { department: 'L', people: 2 }, { department: 'F', people: 2 }, { department: '', people: 1 }];
  const others = (p: Partial<DepartmentPairRow>): DepartmentPairRow =>
    ({ first: null, second: null, pairs: 0, people_first: 0, people_second: 0, people: 0, within_pairs: 0, within_people: 0, across_people: 0, ...p });

  it('are one unnamed row, shown where they are five people together', () => {
    const { heatMap } = presentHeatMap(small, [pair('A', 'A', 20, 10, 10), pair('B', 'B', 20, 10, 10), pair('A', 'B', 30, 10, 10), { ...pair('A', 'A', 9, 5, 5), second: null, people: 10, within_pairs: 0, within_people: 0, across_people: 10 }]);
    expect(heatMap.departments).toEqual([{ name: 'A', others: false }, { name: 'B', others: false }, { name: null, others: true }]);
    expect(heatMap.cells.find((c) => c.row === 0 && c.column === 2)?.encounters).toBe(9);
  });

  it('are left out, unnamed, where they are fewer than five together', () => {
    const { heatMap } = presentHeatMap(small.filter((d) => d.department !== 'F'), [pair('A', 'A', 20, 10, 10), pair('B', 'B', 20, 10, 10), pair('A', 'B', 30, 10, 10)]);
    expect(heatMap.departments).toEqual([{ name: 'A', others: false }, { name: 'B', others: false }]);
    expect(heatMap.cells).toHaveLength(3);
  });

  it('show their own cell without either of its kinds being readable off the totals', () => {
    // The others' own cell: 2 pairs of one department (4 people), 8 pairs of two (6 people). Shown
    // (10 people), but the within part alone would be the total within minus A's and B's own cells.
    const { heatMap, shareWithheld } = presentHeatMap(small, [
      pair('A', 'A', 20, 10, 10), pair('B', 'B', 21, 10, 10), pair('A', 'B', 30, 10, 10),
      others({ pairs: 10, people: 10, within_pairs: 2, within_people: 4, across_people: 6 }),
    ]);
    const cell = (row: number, column: number) => heatMap.cells.find((c) => c.row === row && c.column === column)?.encounters;
    expect(cell(2, 2)).toBe(10);
    expect([cell(0, 0), cell(1, 1)]).toEqual([null, 21]);
    // Across, A × B goes beside the others' across part; the others' cells with A and B are empty
    // and about nobody (0, shown: five or more on each side).
    expect([cell(0, 1), cell(0, 2), cell(1, 2)]).toEqual([null, 0, 0]);
    expect(shareWithheld).toBe(false);
  });
});
