// The demo organisation Quartet loads on its first start. Everything random comes from a seeded
// generator, so the same `now` always gives the same people, sessions and bookings (only the ids
// differ), and the data obeys the same rules the product enforces for real sign-ups.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Db } from '../../db/pool.ts';
import type { Locale, Role } from '../../db/schema.ts';
import { inOrg } from '../../db/transaction.ts';
import { MODULE_LIBRARY } from './module-library.ts';
import { DEPARTMENTS, FIRST_NAMES, LAST_NAMES } from './people-names.ts';
import {
  findOrganisationBySlug, insertBookings, insertModules, insertOrganisation, insertPeople, insertRooms,
  insertSessions, type NewBookingRow, type NewModuleRow, type NewPersonRow, type NewRoomRow, type NewSessionRow,
} from './queries.ts';

export const DEMO_SLUG = 'northwind';
const DOMAIN = 'northwind.example';
const SEED = 20_240_917;
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

type Rand = () => number;
type Person = NewPersonRow & { site: string; time_zone: string; locale: Locale; roles: Role[] };
interface Planned { row: NewSessionRow; start: number; end: number; site: string | null; okZones: Set<string> }

// mulberry32: tiny, fast, and good enough to make demo data look unplanned.
function mulberry32(seed: number): Rand {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const int = (rand: Rand, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Rand, items: ReadonlyArray<T>): T => items[int(rand, items.length)]!;
function shuffled<T>(rand: Rand, items: ReadonlyArray<T>): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(rand, i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

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

function buildRooms(orgId: string): Array<NewRoomRow & { site: string; time_zone: string }> {
  return SITES.flatMap((site) => site.rooms.map(([name, capacity]) => ({
    id: randomUUID(), org_id: orgId, name, site: site.name, capacity, time_zone: site.zone,
  })));
}

// Busy intervals of coaches, rooms and participants. Ranges are half-open, as in the database's
// exclusion constraints, so back-to-back sessions are allowed.
class Calendar {
  private busy = new Map<string, Array<[number, number]>>();
  isFree(id: string, start: number, end: number) {
    return !(this.busy.get(id) ?? []).some(([s, e]) => s < end && start < e);
  }
  reserve(id: string, start: number, end: number) {
    const intervals = this.busy.get(id);
    if (intervals) intervals.push([start, end]);
    else this.busy.set(id, [[start, end]]);
  }
}

function planSessions(rand: Rand, orgId: string, now: Date, people: Person[], modules: NewModuleRow[],
  rooms: ReturnType<typeof buildRooms>, calendar: Calendar): Planned[] {
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
      for (const coach of candidates) {
        const zone = room?.time_zone ?? coach.time_zone;
        const startsAt = DateTime.fromObject(
          { year: date.year, month: date.month, day: date.day, hour: 9 + Math.floor(slot / 2), minute: (slot % 2) * 30 },
          { zone });
        const endsAt = startsAt.plus({ minutes: module.duration_minutes ?? 90 });
        const [start, end] = [startsAt.toMillis(), endsAt.toMillis()];
        if (!calendar.isFree(coach.id, start, end) || (room && !calendar.isFree(room.id, start, end))) continue;
        calendar.reserve(coach.id, start, end);
        if (room) calendar.reserve(room.id, start, end);
        // Participants are only booked into sessions that fall within their own working day.
        const okZones = new Set(zones.filter((z) => {
          const [s, e] = [startsAt.setZone(z), endsAt.setZone(z)];
          return s.hour >= 8 && e.hour * 60 + e.minute <= 19 * 60 && s.hasSame(e, 'day');
        }));
        const row: NewSessionRow = {
          id: randomUUID(), org_id: orgId, module_id: module.id, coach_id: coach.id, created_by: coach.id,
          starts_at: startsAt.toJSDate(), ends_at: endsAt.toJSDate(), time_zone: zone,
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

function meetingSlug(rand: Rand): string {
  const letters = 'abcdefghijkmnopqrstuvwxyz';
  return [3, 4, 3].map((n) => Array.from({ length: n }, () => pick(rand, [...letters])).join('')).join('-');
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
  const people = buildPeople(rand, orgId);
  const rooms = buildRooms(orgId);
  const calendar = new Calendar();
  const sessions = planSessions(rand, orgId, options.now ?? new Date(), people, modules, rooms, calendar);
  const bookings = planBookings(rand, orgId, people, sessions, calendar);

  const created = await inOrg(db, orgId, async (tx) => {
    if (!(await insertOrganisation(tx, { id: orgId, name: 'Northwind Manufacturing', slug: DEMO_SLUG }))) return false;
    progress('organisation', 1, 1);
    await insertModules(tx, modules, (done, total) => progress('modules', done, total));
    await insertPeople(tx, people, (done, total) => progress('people', done, total));
    await insertRooms(tx, rooms, (done, total) => progress('rooms', done, total));
    await insertSessions(tx, sessions.map((s) => s.row), (done, total) => progress('sessions', done, total));
    await insertBookings(tx, bookings, (done, total) => progress('bookings', done, total));
    return true;
  });
  if (created) return { created: true, orgId };
  // Another process seeded at the same moment; report its organisation.
  const winner = await findOrganisationBySlug(db, DEMO_SLUG);
  return { created: false, orgId: winner!.id };
}
