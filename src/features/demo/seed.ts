// The demo organisation Quartet loads on its first start. Everything random comes from a seeded
// generator, so the same `now` always gives the same people, sessions and bookings (only the ids
// differ), and the data obeys the same rules the product enforces for real sign-ups.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Db } from '../../db/pool.ts';
import type { Locale, Role } from '../../db/schema.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { planningWindow } from '../../lib/time.ts';
import { rebuildOrganisationEncounters } from '../encounters/service.ts';
import { demoAvailability } from './availability.ts';
import { createCohorts, planCohorts, solveAndPublish } from './cohorts.ts';
import { planRatings } from './history-ratings.ts';
import { releaseRatings } from '../feedback/service.ts';
import { planSuggestions, planSupports, withCategoryIds } from './history-suggestions.ts';
import { backdateUpcoming, planHistory } from './history.ts';
import { planWaits } from './waiting-lists.ts';
import { MODULE_LIBRARY } from '../organisations/module-library.ts';
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES } from './people-names.ts';
import {
  Calendar, int, meetingSlug, mulberry32, pick, shuffled, slotTimes, workingZones, type Person, type Planned, type Rand, type Room,
} from './planning.ts';
import {
  categoryIdsByName, findOrganisationBySlug, insertBookings, insertCoachAvailability, insertDemoPrivacyDetails, insertModules, insertOrganisation, insertPeople, insertRooms, insertWaits,
  insertSessionRatings, insertSessions, insertSuggestionComments, insertSuggestionOwners, insertSuggestions, insertSuggestionSupports, type NewBookingRow, type NewModuleRow,
  type NewSessionRow,
} from './queries.ts';

export const DEMO_SLUG = 'northwind';
const DOMAIN = 'northwind.example';
const SEED = 20_240_917;
const HISTORY_SEED = 20_250_301;
// The employees' supports have a generator of their own, so adding them changed nothing else planned.
// So do the waiting lists.
const WAIT_SEED = 20_261_206;
const SUPPORT_SEED = 20_251_205;
// The participants' ratings too.
const RATING_SEED = 20_251_206;
// And the cohorts (cohorts.ts).
const COHORT_SEED = 20_260_115;
const WEEKS = 8;
const CAPACITY = 4;
const MAX_FUTURE_BOOKINGS = 2; // the organisation's default max_future_bookings

// `staff` counts everyone whose home site it is: demo accounts and remote colleagues included.
const SITES = [
  { name: 'Hamburg', zone: 'Europe/Berlin', staff: 175, coaches: 5, rooms: [['Elbe', 10], ['Alster', 8], ['Speicherstadt', 12]] },
  { name: 'Lisbon', zone: 'Europe/Lisbon', staff: 125, coaches: 4, rooms: [['Tejo', 8], ['Alfama', 6], ['Belém', 10]] },
] as const;
const REMOTE_ZONES = ['America/New_York', 'Asia/Kolkata'];
const REMOTE_EACH = 6;

interface DemoAccount { email: string; name: string; department: string; roles: Role[]; locale: Locale; zone: string }

/** Fixed sign-in addresses so the docs can name them: one per role, language and far-away zone. */
export const DEMO_ACCOUNTS: ReadonlyArray<DemoAccount> = [
  { email: `admin@${DOMAIN}`, name: 'Katrin Vogel', department: 'People & Culture', roles: ['admin', 'employee'], locale: 'en', zone: 'Europe/Berlin' },
  { email: `coach@${DOMAIN}`, name: 'Jonas Becker', department: 'Operations', roles: ['coach', 'employee'], locale: 'en', zone: 'Europe/Berlin' },
  { email: `employee@${DOMAIN}`, name: 'Emma Schulz', department: 'Engineering', roles: ['employee'], locale: 'en', zone: 'Europe/Berlin' },
  { email: `mitarbeiterin@${DOMAIN}`, name: 'Lena Fischer', department: 'Finance', roles: ['employee'], locale: 'de', zone: 'Europe/Berlin' },
  { email: `remote@${DOMAIN}`, name: 'Daniel Brooks', department: 'Sales', roles: ['employee'], locale: 'en', zone: 'America/New_York' },
];

// Mail addresses must be plain ASCII; German umlauts keep their customary spelling (ü -> ue).
function asciiLocalPart(name: string): string {
  const special: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', ø: 'o', ı: 'i', ł: 'l' };
  return name.toLowerCase().replace(/[äöüßøıł]/g, (c) => special[c]!).normalize('NFD').replace(/[^a-z-]/g, '');
}

function buildPeople(rand: Rand, orgId: string): Person[] {
  const demo: Person[] = DEMO_ACCOUNTS.map((a) => ({
    id: randomUUID(), org_id: orgId, email: a.email, name: a.name, department: a.department,
    site: 'Hamburg', time_zone: a.zone, locale: a.locale, roles: [...a.roles],
  }));
  const departments = DEPARTMENTS.flatMap((d) => Array<string>(d.weight).fill(d.name));
  const usedEmails = new Set<string>();
  const generated: Person[] = [];
  for (const site of SITES) {
    const staff = site.staff - demo.filter((p) => p.site === site.name).length;
    for (let i = 0; i < staff; i++) {
      const first = pick(rand, FIRST_NAMES);
      const last = pick(rand, LAST_NAMES);
      const base = `${asciiLocalPart(first)}.${asciiLocalPart(last)}`;
      let local = base;
      for (let n = 2; usedEmails.has(local); n++) local = `${base}${n}`;
      usedEmails.add(local);
      generated.push({
        id: randomUUID(), org_id: orgId, email: `${local}@${DOMAIN}`, name: `${first} ${last}`,
        department: pick(rand, departments), site: site.name, time_zone: site.zone,
        locale: site.name === 'Hamburg' && rand() < 0.3 ? 'de' : 'en', roles: ['employee'],
      });
    }
  }
  // Remote colleagues belong to the Hamburg head office but live elsewhere.
  const hamburg = shuffled(rand, generated.filter((p) => p.site === 'Hamburg'));
  REMOTE_ZONES.forEach((zone, z) => {
    for (const p of hamburg.slice(z * REMOTE_EACH, (z + 1) * REMOTE_EACH)) Object.assign(p, { time_zone: zone, locale: 'en' });
  });
  // Coaches are on site; at least three in Hamburg speak German so German modules get taught.
  for (const site of SITES) {
    const onSite = shuffled(rand, generated.filter((p) => p.site === site.name && p.time_zone === site.zone));
    onSite.slice(0, site.coaches).forEach((p, i) => {
      p.roles = ['coach', 'employee'];
      if (site.name === 'Hamburg' && i < 3) p.locale = 'de';
    });
  }
  return [...demo, ...generated];
}

function buildRooms(orgId: string): Room[] {
  return SITES.flatMap((site) => site.rooms.map(([name, capacity]) => ({
    id: randomUUID(), org_id: orgId, name, site: site.name, capacity, time_zone: site.zone,
  })));
}

function planSessions(rand: Rand, orgId: string, now: Date, people: Person[], modules: NewModuleRow[],
  rooms: Room[], calendar: Calendar): Planned[] {
  const coaches = people.filter((p) => p.roles.includes('coach'));
  const zones = [...new Set(people.map((p) => p.time_zone))];
  const firstMonday = DateTime.fromJSDate(now, { zone: 'Europe/Berlin' }).startOf('week').plus({ weeks: 1 });
  const planned: Planned[] = [];
  for (let week = 0; week < WEEKS; week++) {
    const wanted = 18 + int(rand, 5);
    for (let made = 0, attempts = 0; made < wanted && attempts < wanted * 20; attempts++) {
      const module = pick(rand, modules);
      const language = module.language ?? 'en';
      const inPerson = rand() < 0.65;
      // German sessions stay in Hamburg, where the German-speaking colleagues are.
      const room = inPerson ? pick(rand, rooms.filter((r) => language === 'en' || r.site === 'Hamburg')) : null;
      const date = firstMonday.plus({ weeks: week, days: int(rand, 5) });
      const slot = int(rand, 15); // 09:00, 09:30, ... 16:00
      const candidates = shuffled(rand, coaches.filter((c) =>
        (language === 'en' || c.locale === 'de') && (room === null || c.site === room.site)));
      const times = slotTimes(date, slot, module.duration_minutes ?? 90);
      for (const coach of candidates) {
        const zone = room?.time_zone ?? coach.time_zone;
        const [start, end] = times(zone);
        if (!calendar.isFree(coach.id, start, end) || (room && !calendar.isFree(room.id, start, end))) continue;
        calendar.reserve(coach.id, start, end);
        if (room) calendar.reserve(room.id, start, end);
        // Participants are only booked into sessions that fall within their own working day.
        const okZones = workingZones(zones, start, end);
        const row: NewSessionRow = {
          id: randomUUID(), org_id: orgId, module_id: module.id, coach_id: coach.id, created_by: coach.id,
          starts_at: new Date(start), ends_at: new Date(end), time_zone: zone,
          format: room ? 'in_person' : 'virtual', room_id: room?.id ?? null,
          online_url: room ? null : `https://meet.${DOMAIN}/${meetingSlug(rand)}`,
          location_note: null, language, capacity: CAPACITY,
        };
        planned.push({ row, start, end, site: room?.site ?? null, okZones });
        made++;
        break;
      }
    }
  }
  return planned.sort((a, b) => a.start - b.start);
}

function planBookings(rand: Rand, orgId: string, people: Person[], sessions: Planned[], calendar: Calendar): NewBookingRow[] {
  const seats = new Map<string, number>();
  const perPerson = new Map<string, number>();
  const bookings: NewBookingRow[] = [];
  const canBook = (p: Person, s: Planned) =>
    p.id !== s.row.coach_id && (seats.get(s.row.id) ?? 0) < CAPACITY && (perPerson.get(p.id) ?? 0) < MAX_FUTURE_BOOKINGS &&
    (s.row.language === 'en' || p.locale === 'de') && s.okZones.has(p.time_zone) &&
    (s.site === null || (s.site === p.site && p.time_zone === s.row.time_zone)) && calendar.isFree(p.id, s.start, s.end);
  const book = (p: Person, s: Planned) => {
    seats.set(s.row.id, (seats.get(s.row.id) ?? 0) + 1);
    perPerson.set(p.id, (perPerson.get(p.id) ?? 0) + 1);
    calendar.reserve(p.id, s.start, s.end);
    bookings.push({ org_id: orgId, session_id: s.row.id, person_id: p.id });
  };
  // Each demo employee holds exactly one booking, so the demo shows a booked session and still
  // lets them book another.
  const byEmail = new Map(people.map((p) => [p.email, p]));
  const demoChoices: Array<[string, (s: Planned) => boolean]> = [
    [`employee@${DOMAIN}`, (s) => s.site !== null],
    [`mitarbeiterin@${DOMAIN}`, (s) => s.row.language === 'de'],
    [`remote@${DOMAIN}`, () => true],
  ];
  for (const [email, preferred] of demoChoices) {
    const person = byEmail.get(email)!;
    const session = sessions.find((s) => preferred(s) && canBook(person, s)) ?? sessions.find((s) => canBook(person, s));
    if (!session) throw new Error(`The demo plan has no session ${email} could book.`);
    book(person, session);
  }
  // About 40% of all seats taken, unevenly: some sessions empty, some full.
  const demoEmails = new Set<string>(DEMO_ACCOUNTS.map((a) => a.email));
  const pool = people.filter((p) => !demoEmails.has(p.email));
  const fillLevels = [0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4];
  for (const session of sessions) {
    const target = pick(rand, fillLevels);
    for (const person of shuffled(rand, pool)) {
      if ((seats.get(session.row.id) ?? 0) >= target) break;
      if (canBook(person, session)) book(person, session);
    }
  }
  return bookings;
}

// Six months behind now, from a generator of its own so the upcoming programme is the same with or without it.
function planPast(orgId: string, now: Date, people: Person[], modules: NewModuleRow[], rooms: Room[], calendar: Calendar,
  upcoming: Planned[], upcomingBookings: NewBookingRow[]) {
  const rand = mulberry32(HISTORY_SEED);
  const account = (email: string) => people.find((p) => p.email === email)!;
  const [admin, coach, employee, mitarbeiterin] = ['admin', 'coach', 'employee', 'mitarbeiterin'].map((local) => account(`${local}@${DOMAIN}`)) as [Person, Person, Person, Person];
  const history = planHistory({
    rand, orgId, now, people, modules, rooms, calendar, capacity: CAPACITY, onlineUrl: () => `https://meet.${DOMAIN}/${meetingSlug(rand)}`,
    regulars: [{ person: employee, prefers: (s) => s.site !== null }, { person: mitarbeiterin, prefers: (s) => s.row.language === 'de' }],
  });
  backdateUpcoming(rand, now, upcoming, upcomingBookings);
  const suggestions = planSuggestions({
    rand, orgId, now, history, people, adminId: admin.id,
    demoIds: new Set(DEMO_ACCOUNTS.map((a) => account(a.email).id)), shownIds: new Set([employee.id, mitarbeiterin.id, coach.id]),
  });
  const supports = planSupports(mulberry32(SUPPORT_SEED), suggestions, people, now);
  const ratings = planRatings(mulberry32(RATING_SEED), history.sessions, history.bookings, people, now);
  return { history, suggestions, supports, ratings };
}

export async function seedDemoOrganisation(
  db: Db,
  options: { now?: Date; onProgress?: (step: string, done: number, total: number) => void } = {},
): Promise<{ created: boolean; orgId: string }> {
  const existing = await findOrganisationBySlug(db, DEMO_SLUG);
  if (existing) return { created: false, orgId: existing.id };

  const progress = options.onProgress ?? (() => {});
  const rand = mulberry32(SEED);
  const orgId = randomUUID();
  const modules: NewModuleRow[] = MODULE_LIBRARY.map((m) => ({
    id: randomUUID(), org_id: orgId, code: m.code, title: m.title, summary: m.summary,
    language: m.language, duration_minutes: m.durationMinutes,
    reflection_question_en: m.reflectionQuestionEn, reflection_question_de: m.reflectionQuestionDe,
  }));
  const now = options.now ?? new Date();
  const people = buildPeople(rand, orgId);
  const rooms = buildRooms(orgId);
  const calendar = new Calendar();
  const sessions = planSessions(rand, orgId, now, people, modules, rooms, calendar);
  const bookings = planBookings(rand, orgId, people, sessions, calendar);
  const past = planPast(orgId, now, people, modules, rooms, calendar, sessions, bookings);
  const shown = people.find((p) => p.email === `employee@${DOMAIN}`)!;
  const waits = planWaits(mulberry32(WAIT_SEED), orgId, now, people, sessions, bookings, CAPACITY, shown);
  for (const person of people) person.created_at = past.history.founded;
  const demoIds = new Set(people.filter((p) => DEMO_ACCOUNTS.some((a) => a.email === p.email)).map((p) => p.id));
  const cohorts = planCohorts(mulberry32(COHORT_SEED), now, people, modules, calendar, [...past.history.bookings, ...bookings], demoIds, DOMAIN);
  const adminPerson = people.find((p) => p.email === DEMO_ACCOUNTS[0]!.email)!;
  const admin: Actor = { orgId, personId: adminPerson.id, roles: adminPerson.roles, timeZone: adminPerson.time_zone, locale: adminPerson.locale };
  const planning = planningWindow(undefined, now);

  const created = await inOrg(db, orgId, async (tx) => {
    // The demo's board is open to its employees, so the groups' ideas and their supports show on the first start.
    const organisation = { id: orgId, name: 'Northwind Manufacturing', slug: DEMO_SLUG, created_at: past.history.founded, board_open_to_employees: true };
    if (!(await insertOrganisation(tx, organisation))) return null;
    progress('organisation', 1, 1);
    await insertModules(tx, modules, (done, total) => progress('modules', done, total));
    await insertPeople(tx, people, (done, total) => progress('people', done, total));
    await insertRooms(tx, rooms, (done, total) => progress('rooms', done, total));
    await insertCoachAvailability(tx, demoAvailability(people));
    await insertDemoPrivacyDetails(tx, orgId, DOMAIN);
    await insertSessions(tx, [...past.history.sessions, ...sessions].map((s) => s.row), (done, total) => progress('sessions', done, total));
    await insertBookings(tx, [...past.history.bookings, ...bookings], (done, total) => progress('bookings', done, total));
    await insertWaits(tx, waits);
    const board = withCategoryIds(past.suggestions, await categoryIdsByName(tx, orgId));
    await insertSuggestions(tx, board.suggestions, (done, total) => progress('suggestions', done, total));
    await insertSuggestionComments(tx, past.suggestions.comments);
    await insertSuggestionOwners(tx, board.owners);
    await insertSuggestionSupports(tx, past.supports, (done, total) => progress('supports', done, total));
    await insertSessionRatings(tx, past.ratings, (done, total) => progress('ratings', done, total));
    // Into the figures as the hourly release would have taken them in (five people or more at a time).
    await releaseRatings(tx);
    // Who met whom in the six months held, so the Network page has figures on the first start.
    const met = await rebuildOrganisationEncounters(tx, orgId, now);
    progress('encounters', met.pairs, met.pairs);
    // The cohorts' drafts go in with the rest: should the loader stop before they are solved, an admin solves them again.
    return createCohorts(tx, admin, cohorts, planning);
  });
  if (created) {
    await solveAndPublish(db, admin, cohorts, created, planning);
    progress('cohorts', cohorts.length, cohorts.length);
    return { created: true, orgId };
  }
  // Another process seeded at the same moment; report its organisation.
  const winner = await findOrganisationBySlug(db, DEMO_SLUG);
  return { created: false, orgId: winner!.id };
}
