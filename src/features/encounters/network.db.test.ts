// The network's figures through the API: the admin's (no figure, bar or cell from fewer than five
// people), and a person's own counts. Sessions lie hours before the real clock: the admin's window
// is the twelve months up to now, a person's the calendar year in their zone.
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildBooking, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';
import type { NetworkSummary } from '../../web/app/types.ts';
import { countDueEncounters } from './service.ts';

let t: TestApp;
let org: OrgRow;
let admin: PersonRow;
const starts: Date[] = [];
const dept: Record<string, PersonRow[]> = {};
const HOUR = 3_600_000;

/** A session that ended within the last hours (the clock: "held this year and in the last twelve months"). */
async function held(seats: PersonRow[], where: OrgRow = org) {
  // Two hours apart, the first ended half an hour ago.
  const startsAt = new Date(Date.now() - (2 + 2 * starts.length) * HOUR);
  starts.push(startsAt);
  const session = await buildSession(t.database.db, { org: where, startsAt });
  for (const person of seats) {
    const booking = await buildBooking(t.database.db, { session, person });
    await t.database.db.updateTable('bookings').set({ status: 'attended' }).where('id', '=', booking.id).execute();
  }
}

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  const db = t.database.db;
  org = await buildOrganisation(db);
  admin = await buildPerson(db, { org, roles: ['admin', 'employee'], department: 'People' });
  const make = async (department: string, n: number) => {
    dept[department] = await Promise.all(Array.from({ length: n }, (_, i) => buildPerson(db, { org, department, name: `${department} Person ${i}` })));
    return dept[department]!;
  };
  const [e, s, l] = [await make('Engineering', 5), await make('Sales', 5), await make('Legal', 2)];
  const [none] = await make('', 1);
  await held([e[0]!, e[1]!, s[0]!, s[1]!]);
  await held([e[2]!, e[3]!, s[2]!, s[3]!]);
  await held([e[4]!, e[0]!, s[4]!, s[2]!]);
  await held([l[0]!, l[1]!, e[1]!, none!]);
  await held([e[0]!, e[1]!, s[0]!, s[1]!]); // the first group again: nobody new
  await countDueEncounters(t.ctx.db);
});

describe('GET /api/admin/network', () => {
  it('gives the figures of the last twelve months', async () => {
    const res = await t.request('GET', '/api/admin/network', { cookie: await t.cookieFor(admin) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as NetworkSummary;
    expect(body).toMatchObject({
      minimumPeople: 5,
      people: 13,
      attendances: 20,
      // 24 pairs met, each new to both, over 20 attendances; three others in every session.
      newColleaguesPerAttendance: 2.4,
      colleaguesPerAttendance: 3,
      // Of the 24 pairs, 7 within one department (Engineering 3, Sales 3, Legal 1).
      crossDepartmentShare: 0.708,
    });
    // 48 partners against 3 × 20.
    expect(body.partners.share).toBe(0.8);
    expect(body.partners.bands).toEqual([
      { sessionsFrom: 1, sessionsTo: 1, people: 8, averagePartners: 3, averageMaximum: 3 },
      // Two and three sessions are fewer than five people each: one bar of five (the privacy floor).
      { sessionsFrom: 2, sessionsTo: 3, people: 5, averagePartners: 4.8, averageMaximum: 7.2 },
    ]);
  });

  it('shows a heat-map cell only with five people behind it on each side; the rest say fewer', async () => {
    const body = (await (await t.request('GET', '/api/admin/network', { cookie: await t.cookieFor(admin) })).json()) as NetworkSummary;
    const names = body.heatMap.departments.map((d) => d.name);
    // Two lawyers and one person without a department took part: three together, too few for a row
    // of "other departments", and neither named (the name alone would say that they took part).
    expect(body.heatMap.departments).toEqual([{ name: 'Engineering', others: false }, { name: 'Sales', others: false }]);
    const cell = (a: string | null, b: string | null) => {
      const [i, j] = [names.indexOf(a), names.indexOf(b)].sort((x, y) => x - y);
      return body.heatMap.cells.find((c) => c.row === i && c.column === j)?.encounters;
    };
    expect(body.heatMap.cells).toHaveLength(3);
    expect(cell('Sales', 'Sales')).toBe(3);
    // The totals within and across departments are published (24 pairs from attendances and new
    // colleagues per attendance, 0.708 of them across): the lawyers' own pair alone withheld within
    // departments, or their pairs across (about four people: two lawyers, the one without a
    // department, the engineer and none in Sales) would be read off them. So the smallest shown cell
    // of each kind goes too: Engineering's own (5 people; Sales' own ties and stays), and
    // Engineering × Sales, the only other across.
    expect(cell('Engineering', 'Engineering')).toBeNull();
    expect(cell('Engineering', 'Sales')).toBeNull();
    const pairs = Math.round((body.newColleaguesPerAttendance! * body.attendances!) / 2);
    const shown = body.heatMap.cells.reduce((n, c) => n + (c.encounters ?? 0), 0);
    expect([pairs, body.crossDepartmentShare, shown]).toEqual([24, 0.708, 3]);
  });

  it('names the departments of five people or more taking part, and the smaller ones together once they are five', async () => {
    const db = t.database.db;
    const other = await buildOrganisation(db);
    const boss = await buildPerson(db, { org: other, roles: ['admin'], department: 'Board' });
    const make = (department: string, n: number) => Promise.all(Array.from({ length: n }, () => buildPerson(db, { org: other, department })));
    const [e, s, l, f, [n]] = [await make('Engineering', 5), await make('Sales', 5), await make('Legal', 2), await make('Finance', 2), await make('', 1)];
    await held([e[0]!, e[1]!, s[0]!, s[1]!], other);
    await held([e[2]!, e[3]!, s[2]!, s[3]!], other);
    await held([e[4]!, e[0]!, s[4]!, s[2]!], other);
    await held([e[0]!, e[1]!, l[0]!, f[0]!], other);
    await held([e[2]!, e[3]!, l[1]!, f[1]!], other);
    await held([e[4]!, e[0]!, n!, l[0]!], other);
    await held([l[0]!, l[1]!, s[0]!, s[1]!], other);
    await countDueEncounters(t.ctx.db);
    const res = await t.request('GET', '/api/admin/network', { cookie: await t.cookieFor(boss) });
    const text = await res.text();
    const body = JSON.parse(text) as NetworkSummary;
    // Legal (2), Finance (2) and the one without a department: five together, one row, none named.
    expect(body.heatMap.departments).toEqual([{ name: 'Engineering', others: false }, { name: 'Sales', others: false }, { name: null, others: true }]);
    for (const name of ['Legal', 'Finance']) expect(text).not.toContain(name);
    const cell = (row: number, column: number) => body.heatMap.cells.find((c) => c.row === row && c.column === column)?.encounters;
    // 37 pairs, 30 of them across departments (the lawyers with the accountants among them, though
    // both are in the one row: the share counts real departments).
    expect(body.crossDepartmentShare).toBe(0.811);
    // Five engineers met five of the others (11 pairs); two salespeople met two lawyers (withheld).
    expect([cell(0, 1), cell(0, 2), cell(1, 2)]).toEqual([12, 11, null]);
    // The others' own cell (5 people, 4 pairs) holds one pair of lawyers, within a department, and
    // three across: neither part is shown, but the within part would be the total within minus
    // Engineering's and Sales' own cells, so Engineering's own goes too (Sales' ties and stays).
    expect([cell(2, 2), cell(0, 0), cell(1, 1)]).toEqual([4, null, 3]);
  });

  it('names nobody', async () => {
    const text = await (await t.request('GET', '/api/admin/network', { cookie: await t.cookieFor(admin) })).text();
    for (const person of Object.values(dept).flat()) {
      expect(text).not.toContain(person.name);
      expect(text).not.toContain(person.id);
      expect(text).not.toContain(person.email);
    }
  });

  it('shows no figure while fewer than five people took part', async () => {
    const small = await buildOrganisation(t.database.db);
    const boss = await buildPerson(t.database.db, { org: small, roles: ['admin'] });
    const four = await Promise.all([0, 1, 2, 3].map(() => buildPerson(t.database.db, { org: small })));
    const session = await buildSession(t.database.db, { org: small, startsAt: new Date(Date.now() - 3 * HOUR) });
    for (const p of four) await buildBooking(t.database.db, { session, person: p });
    await countDueEncounters(t.ctx.db);
    const body = (await (await t.request('GET', '/api/admin/network', { cookie: await t.cookieFor(boss) })).json()) as NetworkSummary;
    expect(body).toMatchObject({
      people: null, attendances: null, newColleaguesPerAttendance: null, colleaguesPerAttendance: null, crossDepartmentShare: null,
      partners: { share: null, bands: [{ sessionsFrom: 1, sessionsTo: 1, people: null, averagePartners: null, averageMaximum: null }] },
      // Four engineers: too few for their department to be named, or for a row of others.
      heatMap: { departments: [], cells: [] },
    });
  });

  it('is for admins only', async () => {
    const res = await t.request('GET', '/api/admin/network', { cookie: await t.cookieFor(dept.Sales![0]!) });
    expect(res.status).toBe(403);
  });
});

describe('GET /api/me/network', () => {
  it('counts the colleagues and their departments a person learned with this year, and names none', async () => {
    const person = dept.Engineering![0]!; // sessions 1, 3 and 5
    const since = DateTime.now().setZone(person.time_zone).startOf('year').toJSDate();
    const res = await t.request('GET', '/api/me/network', { cookie: await t.cookieFor(person) });
    expect(res.status).toBe(200);
    const text = await res.text();
    const body = JSON.parse(text) as { year: number; colleagues: number; departments: number };
    expect(body.year).toBe(DateTime.now().setZone(person.time_zone).year);
    // On the first hours of a year, a session of the last hours may belong to the year before.
    if ([0, 2, 4].every((i) => starts[i]! >= since)) expect(body).toMatchObject({ colleagues: 6, departments: 2 });
    for (const other of Object.values(dept).flat()) expect(text).not.toContain(other.name);
  });

  it('is nothing for someone who has not taken part yet', async () => {
    const newcomer = await buildPerson(t.database.db, { org });
    const body = await (await t.request('GET', '/api/me/network', { cookie: await t.cookieFor(newcomer) })).json();
    expect(body).toMatchObject({ colleagues: 0, departments: 0 });
  });
});
