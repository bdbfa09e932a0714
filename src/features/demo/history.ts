// Six months of programme behind the demo's "now", so the dashboard, "My sessions → Past" and the
// suggestion board have something to show on the first start: sessions held on weekdays in working
// hours, the attendance their coaches marked (a few no-shows), seats given up and moved before the
// start, a few sessions the coach called off, and the Continuous Improvement campaign that ran
// CI-101 often for six weeks. Pure planning from the seeded generator; the loader inserts the rows.
//
// Held sessions keep the status 'scheduled': nothing in Quartet turns a session 'completed', a held
// one is a scheduled one whose time has passed. The reminder sweep only looks at sessions ahead of
// now, and no booking here is 'active', so none of this is ever mailed.
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { BookingStatus, Locale } from '../../db/schema.ts';
import { int, pick, shuffled, slotTimes, workingZones, type Calendar, type Person, type Planned, type Rand, type Room } from './planning.ts';
import type { NewBookingRow, NewModuleRow, NewSessionRow } from './queries.ts';

export const CAMPAIGN_CODE = 'CI-101';
const WEEKS = 26;
const CAMPAIGN_WEEKS = 6;
const CAMPAIGN_ENDS_WEEKS_AGO = 3;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CUTOFF = 2 * HOUR; // the organisation's default cancellation_cutoff_minutes
const NO_SHOW = 0.06;
const CALLED_OFF = 0.03;
// Regulars take part about once a month; these are the days back they aim at.
const REGULAR_DAYS_AGO = [160, 130, 100, 70, 40, 10];

const CALL_OFF_REASONS: Record<Locale, string[]> = {
  en: ['The coach is ill; please book another date.', 'Called off because of an urgent production issue.', 'The room is needed for a customer visit.', 'Too few people could make it this week; please choose another date.'],
  de: ['Der Coach ist erkrankt; bitte einen anderen Termin buchen.', 'Abgesagt wegen eines dringenden Produktionsproblems.', 'Der Raum wird für einen Kundenbesuch gebraucht.', 'Diese Woche konnten zu wenige teilnehmen; bitte einen anderen Termin wählen.'],
};

export interface PastSession extends Planned { module: NewModuleRow; createdAt: number; cancelled: boolean; campaign: boolean }
export type PastBooking = NewBookingRow & { id: string; status: BookingStatus; created_at: Date };

export interface HistoryInput {
  rand: Rand;
  orgId: string;
  now: Date;
  people: Person[];
  modules: NewModuleRow[];
  rooms: Room[];
  calendar: Calendar;
  capacity: number;
  onlineUrl: () => string;
  /** Demo accounts that take part about once a month, in sessions they prefer where there is one. */
  regulars: Array<{ person: Person; prefers: (s: Planned) => boolean }>;
}

export interface History {
  /** When the organisation began: a few weeks before its first session. */
  founded: Date;
  campaign: { moduleId: string; from: Date; to: Date };
  sessions: PastSession[];
  /** Bookings a move gave up come last: they reference the booking they moved to. */
  bookings: PastBooking[];
}

export function planHistory(input: HistoryInput): History {
  const thisMonday = DateTime.fromJSDate(input.now, { zone: 'Europe/Berlin' }).startOf('week');
  const firstMonday = thisMonday.minus({ weeks: WEEKS });
  const campaignTo = thisMonday.minus({ weeks: CAMPAIGN_ENDS_WEEKS_AGO });
  const campaignFrom = campaignTo.minus({ weeks: CAMPAIGN_WEEKS });
  const founded = firstMonday.minus({ weeks: 3 }).toMillis();
  const campaignModule = input.modules.find((m) => m.code === CAMPAIGN_CODE);
  if (!campaignModule) throw new Error(`The module library has no ${CAMPAIGN_CODE} for the demo's campaign.`);
  // The campaign is when CI-101 ran; outside it other modules fill the weeks.
  const ordinary = input.modules.filter((m) => m.code !== CAMPAIGN_CODE);
  const place = placer(input, founded);
  const sessions: PastSession[] = [];
  const fill = (wanted: number, module: () => NewModuleRow, monday: DateTime, campaign: boolean) => {
    for (let made = 0, attempts = 0; made < wanted && attempts < wanted * 20; attempts++) {
      const session = place(module(), monday, campaign);
      if (session) { sessions.push(session); made++; }
    }
  };
  for (let week = 0; week <= WEEKS; week++) {
    const monday = firstMonday.plus({ weeks: week });
    const inCampaign = monday >= campaignFrom && monday < campaignTo;
    if (inCampaign) fill(12 + int(input.rand, 3), () => campaignModule, monday, true);
    const wanted = Math.round((inCampaign ? 10 + int(input.rand, 3) : 16 + int(input.rand, 5)) * season(monday));
    fill(wanted, () => pick(input.rand, ordinary), monday, false);
  }
  sessions.sort((a, b) => a.start - b.start);
  return {
    founded: new Date(founded),
    campaign: { moduleId: campaignModule.id, from: campaignFrom.toJSDate(), to: campaignTo.toJSDate() },
    sessions,
    bookings: planPastBookings(input, sessions),
  };
}

// Fewer sessions in the summer holidays and between Christmas and New Year, as in any company.
function season(monday: DateTime): number {
  if (monday.month === 8) return 0.55;
  if (monday.month === 7 && monday.day >= 15) return 0.8;
  if (monday.month === 12 && monday.day >= 18) return 0.25;
  return 1;
}

/** Places one session of the module in the week, at a slot its coach and room are free; none if it is not over by now. */
function placer(input: HistoryInput, founded: number) {
  const { rand, calendar } = input;
  const coaches = input.people.filter((p) => p.roles.includes('coach'));
  const zones = [...new Set(input.people.map((p) => p.time_zone))];
  const now = input.now.getTime();
  return (module: NewModuleRow, monday: DateTime, campaign: boolean): PastSession | undefined => {
    const language = module.language ?? 'en';
    // German sessions stay in Hamburg, where the German-speaking colleagues are.
    const room = rand() < 0.65 ? pick(rand, input.rooms.filter((r) => language === 'en' || r.site === 'Hamburg')) : null;
    const date = monday.plus({ days: int(rand, 5) });
    const slot = int(rand, 15); // 09:00, 09:30, ... 16:00
    const candidates = shuffled(rand, coaches.filter((c) => (language === 'en' || c.locale === 'de') && (room === null || c.site === room.site)));
    const times = slotTimes(date, slot, module.duration_minutes ?? 90);
    for (const coach of candidates) {
      const zone = room?.time_zone ?? coach.time_zone;
      const [start, end] = times(zone);
      if (end > now) return undefined;
      if (!calendar.isFree(coach.id, start, end) || (room && !calendar.isFree(room.id, start, end))) continue;
      calendar.reserve(coach.id, start, end);
      if (room) calendar.reserve(room.id, start, end);
      // Published two to six weeks ahead, as the coaches do.
      const createdAt = Math.max(founded, start - (14 + int(rand, 29)) * DAY - int(rand, 8) * HOUR);
      const row: NewSessionRow = {
        id: randomUUID(), org_id: input.orgId, module_id: module.id, coach_id: coach.id, created_by: coach.id,
        starts_at: new Date(start), ends_at: new Date(end), time_zone: zone,
        format: room ? 'in_person' : 'virtual', room_id: room?.id ?? null, online_url: room ? null : input.onlineUrl(),
        location_note: null, language, capacity: input.capacity, created_at: new Date(createdAt), updated_at: new Date(createdAt),
      };
      const cancelled = !campaign && rand() < CALLED_OFF;
      if (cancelled) {
        const at = new Date(Math.max(createdAt + HOUR, start - 3 * HOUR - Math.floor(rand() * 6 * DAY)));
        row.status = 'cancelled';
        row.cancelled_at = row.updated_at = at;
        row.cancel_reason = pick(rand, CALL_OFF_REASONS[language]);
      }
      return { row, start, end, site: room?.site ?? null, okZones: workingZones(zones, start, end), module, createdAt, cancelled, campaign };
    }
    return undefined;
  };
}

function planPastBookings(input: HistoryInput, sessions: PastSession[]): PastBooking[] {
  const { rand, calendar, orgId } = input;
  const now = input.now.getTime();
  const seats = new Map<string, number>();
  const lastSeat = new Map<string, number>();
  const booked = new Set<string>(); // session/person pairs with a booking of any kind
  const bookings: PastBooking[] = [];
  const fits = (p: Person, s: PastSession) =>
    p.id !== s.row.coach_id && !booked.has(`${s.row.id}/${p.id}`) && (s.row.language === 'en' || p.locale === 'de') &&
    s.okZones.has(p.time_zone) && (s.site === null || (s.site === p.site && p.time_zone === s.row.time_zone));
  const canHold = (p: Person, s: PastSession) =>
    !s.cancelled && fits(p, s) && (seats.get(s.row.id) ?? 0) < input.capacity && calendar.isFree(p.id, s.start, s.end);
  // People book soon after a session is published rather than at the last minute.
  const bookedAt = (s: PastSession) => s.createdAt + HOUR + Math.floor((s.start - 3 * HOUR - s.createdAt - HOUR) * rand() ** 1.5);
  const add = (p: Person, s: PastSession, rest: Partial<PastBooking> & { status: BookingStatus; created_at: Date }) => {
    booked.add(`${s.row.id}/${p.id}`);
    const booking: PastBooking = { id: randomUUID(), org_id: orgId, session_id: s.row.id, person_id: p.id, ...rest };
    bookings.push(booking);
    return booking;
  };
  const hold = (p: Person, s: PastSession, status: 'attended' | 'no_show') => {
    seats.set(s.row.id, (seats.get(s.row.id) ?? 0) + 1);
    lastSeat.set(p.id, Math.max(lastSeat.get(p.id) ?? 0, s.start));
    calendar.reserve(p.id, s.start, s.end);
    const markedAt = new Date(Math.min(now, s.end + (5 + int(rand, 115)) * MINUTE));
    add(p, s, { status, created_at: new Date(bookedAt(s)), attendance_marked_by: s.row.coach_id, attendance_marked_at: markedAt });
  };
  const giveUp = (p: Person, s: PastSession) => {
    if (s.cancelled) {
      const cancelledAt = (s.row.cancelled_at as Date).getTime();
      const createdAt = new Date(s.createdAt + Math.floor((cancelledAt - s.createdAt) * rand()));
      add(p, s, { status: 'cancelled', created_at: createdAt, cancelled_at: new Date(cancelledAt), cancelled_by: s.row.coach_id, cancel_reason: 'session_cancelled', calendar_sequence: 1 });
      return;
    }
    const createdAt = bookedAt(s);
    const cancelledAt = new Date(createdAt + Math.floor((s.start - CUTOFF - createdAt) * rand()));
    add(p, s, { status: 'cancelled', created_at: new Date(createdAt), cancelled_at: cancelledAt, cancelled_by: p.id, cancel_reason: 'employee', calendar_sequence: 1 });
  };

  // The regulars first, so their months are not taken by others: a seat near each aimed-at day.
  for (const [i, { person, prefers }] of input.regulars.entries()) {
    for (const daysAgo of REGULAR_DAYS_AGO) {
      const target = now - (daysAgo + int(rand, 7)) * DAY;
      const near = sessions.filter((s) => Math.abs(s.start - target) < 12 * DAY && canHold(person, s))
        .sort((a, b) => Math.abs(a.start - target) - Math.abs(b.start - target));
      const session = near.find(prefers) ?? near[0];
      if (session) hold(person, session, 'attended');
    }
    // One seat given up, so "Past" shows that too.
    const gaveUp = sessions.find((s) => !s.cancelled && s.start > now - (55 + i * 7) * DAY && fits(person, s));
    if (gaveUp) giveUp(person, gaveUp);
  }

  const regularIds = new Set(input.regulars.map((r) => r.person.id));
  const pool = input.people.filter((p) => !regularIds.has(p.id));
  for (const s of sessions) {
    const order = shuffled(rand, pool);
    if (s.cancelled) {
      const held = pick(rand, [0, 1, 1, 2, 3]);
      for (const p of order.filter((q) => fits(q, s)).slice(0, held)) giveUp(p, s);
      continue;
    }
    const target = s.campaign ? pick(rand, [3, 4, 4, 4]) : pick(rand, [1, 2, 3, 3, 4, 4, 4]);
    // About once a month each: those whose last seat is longest ago come first.
    for (const gap of [21 * DAY, 10 * DAY]) {
      for (const p of order) {
        if ((seats.get(s.row.id) ?? 0) >= target) break;
        if (s.start - (lastSeat.get(p.id) ?? 0) >= gap && canHold(p, s)) hold(p, s, rand() < NO_SHOW ? 'no_show' : 'attended');
      }
    }
    if (rand() < 0.22) {
      const p = order.find((q) => fits(q, s));
      if (p) giveUp(p, s);
    }
  }
  return [...bookings, ...plannedMoves(input, sessions, bookings, fits)];
}

/** A few seats were first taken in another session of the same module and moved: that booking ended 'moved'. */
function plannedMoves(input: HistoryInput, sessions: PastSession[], bookings: PastBooking[], fits: (p: Person, s: PastSession) => boolean): PastBooking[] {
  const { rand } = input;
  const byId = new Map(sessions.map((s) => [s.row.id, s]));
  const people = new Map(input.people.map((p) => [p.id, p]));
  const byModule = new Map<string, PastSession[]>();
  for (const s of sessions) if (!s.cancelled) byModule.set(s.module.id, [...(byModule.get(s.module.id) ?? []), s]);
  const moves: PastBooking[] = [];
  for (const b of bookings) {
    if (b.status === 'cancelled' || rand() >= 0.04) continue;
    const [to, person] = [byId.get(b.session_id)!, people.get(b.person_id)!];
    const movedAt = b.created_at.getTime();
    const from = shuffled(rand, byModule.get(to.module.id) ?? []).find((s) =>
      s !== to && s.createdAt < movedAt - HOUR && s.start - CUTOFF > movedAt && fits(person, s));
    if (!from) continue;
    moves.push({
      id: randomUUID(), org_id: input.orgId, session_id: from.row.id, person_id: person.id, status: 'cancelled',
      created_at: new Date(from.createdAt + Math.floor((movedAt - from.createdAt) * rand())),
      cancelled_at: b.created_at, cancelled_by: person.id, cancel_reason: 'moved', moved_to_booking_id: b.id, calendar_sequence: 1,
    });
  }
  return moves;
}

/** The upcoming programme was published and booked over the past weeks, not all at the first start. */
export function backdateUpcoming(rand: Rand, now: Date, sessions: Planned[], bookings: NewBookingRow[]) {
  const published = new Map<string, number>();
  for (const s of sessions) {
    const at = new Date(now.getTime() - Math.floor((1 + rand() * 27) * DAY));
    s.row.created_at = s.row.updated_at = at;
    published.set(s.row.id, at.getTime());
  }
  for (const b of bookings) {
    const from = published.get(b.session_id)!;
    b.created_at = new Date(from + Math.floor((now.getTime() - from) * rand()));
  }
}
