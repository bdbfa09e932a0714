// The admin's demand and the organisation's facts turned into the solver's input. Places: a site
// for every site with open rooms (its zone: its rooms'), and a virtual place for every zone the
// participants work in. People count at their site with the admin's virtual share, or virtually
// only where their site has no rooms. A coach's empty list of sites or modules means all of them,
// as the availability page says. Sessions already published count towards the demand; people
// waiting in their lines add to it. Every session is planned in the longest chosen module's slot and
// ends after its own module; a module in another language than English runs only where some of the
// people chose that language.
import { mayShow } from '../../lib/privacy-floor.ts';
import { demandByPlace, type Population } from './solver/demand.ts';
import type { Coach, ModuleRun, Place, PlaceDemand, PlanInput, Room, Weekday, WeeklyWindow } from './solver/plan-input.ts';
import type { BusyRow, CoachFacts, OfferedRow, ParticipantGroup, WaitingRow } from './queries.ts';
import type { DemandInput } from './schema.ts';

export const DEFAULT_WEEKLY_MAX = 40;
const WORKDAYS: Weekday[] = [1, 2, 3, 4, 5];
const WEEK_MS = 7 * 86_400_000;

export interface LibraryModule {
  id: string;
  language: string;
  duration_minutes: number;
}

export interface PlannerFacts {
  start: Date;
  seats: number;
  groups: ParticipantGroup[];
  rooms: Array<{ id: string; site: string; capacity: number; time_zone: string }>;
  /** The library, not retired. */
  modules: LibraryModule[];
  coaches: CoachFacts[];
  daysAway: Array<{ coach_id: string; starts_at: Date; ends_at: Date }>;
  busy: BusyRow[];
  offered: OfferedRow[];
  waiting: WaitingRow[];
}

export const siteId = (site: string) => `site:${site}`;
export const virtualId = (zone: string) => `virtual:${zone}`;

const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function planInputFor(demand: DemandInput, facts: PlannerFacts): PlanInput {
  const hours: WeeklyWindow[] = WORKDAYS.map((weekday) => ({ weekday, start: demand.workingHours.from, end: demand.workingHours.to }));
  const busyOf = (pick: (b: BusyRow) => boolean) => facts.busy.filter(pick).map((b) => ({ start: b.starts_at, end: b.ends_at }));

  const roomsBySite = new Map<string, typeof facts.rooms>();
  for (const room of facts.rooms) roomsBySite.set(room.site, [...(roomsBySite.get(room.site) ?? []), room]);
  const sites: Place[] = [...roomsBySite].map(([site, rooms]) => ({
    kind: 'site', id: siteId(site), zone: rooms[0]!.time_zone, workingHours: hours,
    rooms: rooms.map((r): Room => ({ id: r.id, seats: r.capacity, busy: busyOf((b) => b.room_id === r.id) })),
  }));
  const localesAt = new Map<string, Set<string>>();
  const populations: Population[] = facts.groups.map((g) => {
    const atSite = g.site !== null && roomsBySite.has(g.site);
    const population = atSite
      ? { people: g.people, siteId: siteId(g.site!), virtualId: virtualId(g.time_zone), virtualShare: demand.virtualShare }
      : { people: g.people, virtualId: virtualId(g.time_zone), virtualShare: 1 };
    for (const placeId of [population.siteId, population.virtualShare > 0 ? population.virtualId : undefined]) {
      if (placeId !== undefined) localesAt.set(placeId, new Set([...(localesAt.get(placeId) ?? []), ...g.locales]));
    }
    return population;
  });
  const zones = [...new Set(populations.filter((p) => p.virtualShare > 0).map((p) => p.virtualId!))];
  const places: Place[] = [...sites, ...zones.map((id): Place => ({ kind: 'virtual', id, zone: id.slice('virtual:'.length), workingHours: hours }))];

  const library = new Map(facts.modules.map((m) => [m.id, m]));
  const chosen = demand.modules.length > 0 ? demand.modules : facts.modules.map((m) => ({ moduleId: m.id, campaign: undefined }));
  const modules: Array<ModuleRun & { minutes: number }> = chosen.map(({ moduleId, campaign }) => {
    const { language, duration_minutes: minutes } = library.get(moduleId)!;
    // English is everyone's default and the organisation's common language; another language is
    // for the places where some of the people chose it (a German session in Lisbon finds nobody).
    const placeIds = language === 'en' ? undefined : places.filter((p) => localesAt.get(p.id)?.has(language)).map((p) => p.id);
    return { moduleId, minutes, ...(placeIds && { placeIds }), ...(campaign && { campaign }) };
  });
  const allModuleIds = facts.modules.map((m) => m.id);
  const siteIds = sites.map((s) => s.id);
  const coaches: Coach[] = facts.coaches.map((c) => ({
    id: c.id, zone: c.time_zone,
    windows: c.windows.map((w) => ({ weekday: w.weekday as Weekday, start: clock(w.starts_minute), end: clock(w.ends_minute) })),
    // The absence's own instants, as the publish check (sessions/coach-away.ts, PLAN_CONFLICTS) reads
    // them: dates read again in the availability's zone would be other days where the two zones differ.
    away: facts.daysAway.filter((d) => d.coach_id === c.id).map((d) => ({ start: d.starts_at, end: d.ends_at })),
    modules: c.module_ids.length > 0 ? c.module_ids : allModuleIds,
    sites: c.sites.length > 0 ? c.sites.map(siteId).filter((id) => siteIds.includes(id)) : siteIds,
    virtual: c.coaches_online,
    weeklyMax: c.max_sessions_per_week ?? DEFAULT_WEEKLY_MAX,
    // The weekly maximum is of sessions coached: a seat taken as a participant only makes them busy then.
    booked: busyOf((b) => b.coach_id === c.id && !b.seat),
    attending: busyOf((b) => b.coach_id === c.id && b.seat),
  }));

  return {
    horizon: { start: facts.start, weeks: demand.weeks },
    session: { minutes: Math.max(...modules.map((m) => m.minutes)), slotMinutes: 30, seats: facts.seats },
    places, coaches, modules,
    demand: plusWaiting(lessOffered(demandByPlace(populations, demand.frequency, facts.seats, demand.weeks), facts), facts, places),
  };
}

/** A published session's place: its site when in person, else the virtual sessions of its zone. */
const placeOf = (s: { format: 'in_person' | 'virtual'; site: string | null; time_zone: string }) =>
  (s.format === 'in_person' && s.site !== null ? siteId(s.site) : virtualId(s.time_zone));
const weekOf = (at: Date, facts: PlannerFacts) => Math.floor((at.getTime() - facts.start.getTime()) / WEEK_MS);

/**
 * The demand less what sessions already published offer at the same place in the same week, so a
 * second plan over the same weeks (or a top-up) proposes only what is still missing.
 */
function lessOffered(needs: PlaceDemand[], facts: PlannerFacts): PlaceDemand[] {
  const offered = new Map<string, { sessions: number; seats: number }>();
  for (const o of facts.offered) {
    const key = `${placeOf(o)}|${weekOf(o.starts_at, facts)}`;
    const known = offered.get(key) ?? { sessions: 0, seats: 0 };
    offered.set(key, { sessions: known.sessions + 1, seats: known.seats + o.capacity });
  }
  return needs.map((d) => {
    const there = offered.get(`${d.placeId}|${d.week}`);
    return there ? { ...d, sessions: Math.max(0, d.sessions - there.sessions), seats: Math.max(0, d.seats - there.seats) } : d;
  });
}

/**
 * People waiting in the lines of the horizon's sessions, on top: the published sessions did not
 * seat them, so they are unmet demand in the week and at the place of the session they wait for
 * (each person once a week, queries.ts waitingBetween). Their seats fill what room the week's
 * sessions leave (the carried fraction, demand.ts) before asking for another session. A place the
 * plan holds no sessions for (a site without open rooms, a zone the mix leaves online sessions out
 * of) cannot take them. Below the privacy floor a place's week counts none of them (below).
 */
function plusWaiting(needs: PlaceDemand[], facts: PlannerFacts, places: Place[]): PlaceDemand[] {
  const known = new Set(places.map((p) => p.id));
  const waiting = new Map<string, number>();
  for (const w of facts.waiting) {
    const placeId = placeOf(w);
    if (!known.has(placeId)) continue;
    const key = `${placeId}|${weekOf(w.starts_at, facts)}`;
    waiting.set(key, (waiting.get(key) ?? 0) + 1);
  }
  // Fewer than five people waiting at a place in a week count for nothing: the proposal shows the
  // seats needed per place and week, and their difference from the plan without the lines (another
  // week, or a proposal made before) would show the number the page withholds.
  for (const [key, people] of waiting) if (!mayShow(people)) waiting.delete(key);
  const added = needs.map((d) => {
    const key = `${d.placeId}|${d.week}`;
    const people = waiting.get(key) ?? 0;
    waiting.delete(key);
    return people === 0 ? d : withWaiting(d, people, facts.seats);
  });
  for (const [key, people] of waiting) {
    const [placeId, week] = key.split('|') as [string, string];
    added.push(withWaiting({ placeId, week: Number(week), seats: 0, sessions: 0 }, people, facts.seats));
  }
  return added;
}

function withWaiting(d: PlaceDemand, people: number, seatsPerSession: number): PlaceDemand {
  const room = Math.max(0, d.sessions * seatsPerSession - d.seats);
  const more = Math.ceil(Math.max(0, people - room) / seatsPerSession);
  return { ...d, seats: d.seats + people, sessions: d.sessions + more, waiting: people };
}
