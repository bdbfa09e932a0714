// What the demo's past groups suggested and how far the board got with it: suggestions recorded at
// the end of most held sessions (some marked "no suggestions"), the Continuous Improvement
// campaign's 250, statuses by age (recent ones wait, older ones are planned, done or declined, and
// every decline says why), duplicates merged into a survivor they follow, two suggestion owners
// with the suggestions assigned to them, a few internal notes, and the employees' supports on the
// board the demo opens to them. Pure planning, like history.ts.
import { randomUUID } from 'node:crypto';
import type { Locale, SuggestionStatus } from '../../db/schema.ts';
import type { History, PastSession } from './history.ts';
import { int, pick, shuffled, weighted, zoneOffset, type Person, type Rand } from './planning.ts';
import type { NewSuggestionCommentRow, NewSuggestionOwnerRow, NewSuggestionRow, NewSuggestionSupportRow } from './queries.ts';
import { BOARD_NOTES, CATEGORIES, RESPONSES, SUGGESTION_TEXTS, type CategoryName } from './suggestion-texts.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const CAMPAIGN_SUGGESTIONS = 250;
const HAMBURG = 'Europe/Berlin';
const STATUSES: ReadonlyArray<SuggestionStatus> = ['new', 'in_review', 'planned', 'done', 'declined'];
// How far the board got, by the suggestion's age in days: young ones wait, old ones are settled.
// Nothing under a week old is settled yet — by construction, not by chance, so the demo's last week
// always shows a board with work waiting, whatever day it is started on.
const SETTLES_AFTER_DAYS = 7;
const BY_AGE: ReadonlyArray<[maxDays: number, weights: number[]]> = [
  [3, [85, 15, 0, 0, 0]], [SETTLES_AFTER_DAYS, [55, 45, 0, 0, 0]], [10, [45, 35, 10, 0, 10]], [30, [12, 28, 30, 10, 20]], [90, [4, 12, 34, 30, 20]], [Infinity, [0, 5, 25, 50, 20]],
];
// What a module's groups talk about, by its code: weights in the order of CATEGORIES.
const TOPICS: ReadonlyArray<[RegExp, number[]]> = [
  [/^CI-101$/, [5, 2, 1, 3]],
  [/^(CI|SAFE|SUST|PROB|SYS|DE-KVP)-/, [5, 1, 1, 2]],
  [/^(PM|AGILE|DT|INNO|CHG|STK|DE-VER)-/, [1, 1, 5, 1]],
  [/^(MTG|VIRT|WRIT|DOC|TIME|PRI|DATA|AI|SEC|PRIV|FIN|DE-BESP|DE-ZEIT)-/, [1, 1, 1, 5]],
  [/^(LEAD|DEL|FB|COACH|1ON1|CONF|CAR|DIFF|MENT|ONB|INT|EI|PS|TEAM|DIV|BIAS|RES|WELL|DE-FB|DE-KONF|DE-DEL|DE-RES)-/, [1, 5, 1, 1]],
];
// The department or area a group names; now and then none (the field is optional).
const AREAS: Record<CategoryName, string[]> = {
  'Manufacturing processes': ['Production', 'Production', 'Production', 'Operations', 'Operations', 'Engineering'],
  'Management practices': ['Operations', 'Engineering', 'Sales', 'Customer Service', 'Marketing', 'Finance', 'People & Culture', 'Legal & Compliance'],
  'Project management': ['Engineering', 'Engineering', 'Operations', 'Sales', 'Marketing', 'Customer Service'],
  'Office efficiency': ['Finance', 'Finance', 'People & Culture', 'Customer Service', 'Sales', 'Legal & Compliance', 'Marketing'],
};
// The owners an admin appointed, and what each works on.
const OWNERS: ReadonlyArray<{ department: string; categories: CategoryName[]; areas: string[] }> = [
  { department: 'Operations', categories: ['Manufacturing processes'], areas: ['Production'] },
  { department: 'Finance', categories: ['Office efficiency'], areas: ['Finance'] },
];

type PlannedSuggestion = Omit<NewSuggestionRow, 'category_id'> & { category: CategoryName; status: SuggestionStatus; response: string; created_at: Date };
export interface SuggestionPlan {
  suggestions: PlannedSuggestion[];
  comments: NewSuggestionCommentRow[];
  owners: Array<Omit<NewSuggestionOwnerRow, 'category_ids'> & { categories: CategoryName[] }>;
}

export interface SuggestionInput {
  rand: Rand;
  orgId: string;
  now: Date;
  history: History;
  people: Person[];
  adminId: string;
  /** Every demo account: none of them is made a suggestion owner. */
  demoIds: Set<string>;
  /** Demo accounts whose past sessions (taken part in, or coached) always have suggestions: they are what the demo shows. */
  shownIds: Set<string>;
}

/** Plans the suggestions; marks the sessions whose coach recorded "no suggestions" on their rows. */
export function planSuggestions(input: SuggestionInput): SuggestionPlan {
  const { rand, history } = input;
  const now = input.now.getTime();
  const attended = new Map<string, number>();
  const shown = new Set<string>();
  for (const b of history.bookings) {
    if (b.status === 'attended') attended.set(b.session_id, (attended.get(b.session_id) ?? 0) + 1);
    if (b.status === 'attended' && input.shownIds.has(b.person_id)) shown.add(b.session_id);
  }
  const reflected: Array<[PastSession, number]> = [];
  const campaign: PastSession[] = [];
  for (const s of history.sessions) {
    // Nobody came, or the group is still in the room: nothing to record yet.
    if (s.cancelled || !attended.get(s.row.id) || s.end + HOUR > now) continue;
    if (s.campaign) campaign.push(s);
    else if (shown.has(s.row.id) || input.shownIds.has(s.row.coach_id)) reflected.push([s, 2 + int(rand, 3)]);
    else {
      const r = rand();
      if (r < 0.08) s.row.no_suggestions_at = new Date(s.end + (5 + int(rand, 15)) * MINUTE);
      else if (r >= 0.14) reflected.push([s, weighted(rand, [1, 2, 3, 4], [20, 35, 30, 15])]);
    }
  }
  spread(rand, campaign.length, CAMPAIGN_SUGGESTIONS).forEach((n, i) => reflected.push([campaign[i]!, n]));
  reflected.sort(([a], [b]) => a.start - b.start);

  const owners = chooseOwners(rand, input.people, input.demoIds);
  const survivors = new Map<string, PlannedSuggestion>();
  const kept: PlannedSuggestion[] = [];
  const merged: PlannedSuggestion[] = [];
  const comments: NewSuggestionCommentRow[] = [];
  for (const [session, count] of reflected) {
    const language = session.row.language;
    const weights = TOPICS.find(([code]) => code.test(session.module.code))?.[1] ?? [2, 2, 2, 2];
    const used = new Set<string>();
    for (let i = 0; i < count; i++) {
      let category: CategoryName, index: number, key: string;
      do {
        category = weighted(rand, CATEGORIES, weights);
        index = int(rand, SUGGESTION_TEXTS[language][category].length);
        key = `${session.module.id}/${category}/${index}`;
      } while (used.has(key));
      used.add(key);
      const [title, body] = SUGGESTION_TEXTS[language][category][index]!;
      const createdAt = session.end + (4 + int(rand, 10) + i * (2 + int(rand, 5))) * MINUTE;
      const area = rand() < 0.12 ? null : pick(rand, AREAS[category]);
      const base = { id: randomUUID(), org_id: input.orgId, session_id: session.row.id, module_id: session.module.id, title, body, category, area };
      // The same idea from another group of the module is a duplicate; the board merged some once it
      // had answered the first. A merged one shows its survivor's status, so none is merged in its
      // first week: that would settle it early.
      const survivor = survivors.get(key);
      if (survivor && survivor.status !== 'new' && now - createdAt > SETTLES_AFTER_DAYS * DAY && rand() < 0.4) {
        const at = new Date(workingTime(rand, createdAt + (1 + rand() * 6) * DAY, createdAt, now));
        merged.push({ ...base, status: survivor.status, response: survivor.response, merged_into: survivor.id, created_at: new Date(createdAt), updated_at: at, version: 2 });
        continue;
      }
      const owner = owners.find((o) => o.categories.includes(category) || (area !== null && o.areas.includes(area)));
      const suggestion = settle(rand, base, language, createdAt, now, owner?.person_id ?? null);
      if (!survivor) survivors.set(key, suggestion);
      kept.push(suggestion);
      if (suggestion.status !== 'new' && rand() < 0.03) comments.push(...notes(rand, suggestion, input.adminId, now));
    }
  }
  const appointed = history.campaign.from.getTime() - 14 * DAY;
  return {
    suggestions: [...kept, ...merged],
    comments,
    owners: owners.map((o) => ({ org_id: input.orgId, person_id: o.person_id, categories: o.categories, areas: o.areas, created_at: new Date(appointed) })),
  };
}

/** The rows as the database wants them, once the organisation's category ids are known. */
export function withCategoryIds(plan: SuggestionPlan, ids: Map<string, string>) {
  const id = (name: CategoryName) => {
    const found = ids.get(name);
    if (!found) throw new Error(`The demo expects the default suggestion category "${name}".`);
    return found;
  };
  return {
    suggestions: plan.suggestions.map(({ category, ...row }): NewSuggestionRow => ({ ...row, category_id: id(category) })),
    owners: plan.owners.map(({ categories, ...row }): NewSuggestionOwnerRow => ({ ...row, category_ids: categories.map(id) })),
  };
}

type Base = Pick<PlannedSuggestion, 'id' | 'org_id' | 'session_id' | 'module_id' | 'title' | 'body' | 'category' | 'area'>;

/** Where the board is with it now: status, response, owner, when it first answered and last changed. */
function settle(rand: Rand, base: Base, language: Locale, createdAt: number, now: number, ownerId: string | null): PlannedSuggestion {
  const age = (now - createdAt) / DAY;
  const status = weighted(rand, STATUSES, BY_AGE.find(([maxDays]) => age < maxDays)![1]);
  const assigned = ownerId !== null && rand() < (status === 'new' ? 0.3 : 0.75);
  const version = { new: 1, in_review: 2, declined: 2, planned: 2 + int(rand, 2), done: 3 + int(rand, 2) }[status] + (assigned ? 1 : 0);
  const common = { ...base, status, version, owner_id: assigned ? ownerId : null, created_at: new Date(createdAt) };
  if (status === 'new') return { ...common, response: '', first_response_at: null, updated_at: new Date(createdAt) };
  // Most get a first answer within a few days, some wait a week or more.
  const firstResponse = workingTime(rand, createdAt + (0.2 + 6 * rand() ** 2) * DAY, createdAt, now);
  const later = { in_review: 0, declined: rand() * 3, planned: rand() * 10, done: 7 + rand() * 40 }[status];
  const updated = workingTime(rand, firstResponse + later * DAY, firstResponse, now);
  return { ...common, response: pick(rand, RESPONSES[language][status]), first_response_at: new Date(firstResponse), updated_at: new Date(updated) };
}

/** The board works on weekdays in office hours (Hamburg): a moment like that near `at`, after `after`, not after now. */
function workingTime(rand: Rand, at: number, after: number, now: number): number {
  let day = Math.floor((at + zoneOffset(HAMBURG, at)) / DAY);
  const weekday = ((day + 3) % 7) + 1; // 1970-01-01, day 0, was a Thursday
  if (weekday > 5) day += 8 - weekday;
  const local = day * DAY + (8 + int(rand, 9)) * HOUR + int(rand, 60) * MINUTE + int(rand, 60) * 1000;
  const t = local - zoneOffset(HAMBURG, day * DAY + 12 * HOUR);
  return Math.max(after + MINUTE, Math.min(t, now - MINUTE));
}

function notes(rand: Rand, s: PlannedSuggestion, adminId: string, now: number): NewSuggestionCommentRow[] {
  const from = (s.first_response_at as Date).getTime();
  return shuffled(rand, BOARD_NOTES).slice(0, 1 + int(rand, 2)).map((body, i) => ({
    org_id: s.org_id, suggestion_id: s.id, author_id: i === 0 && s.owner_id ? s.owner_id : adminId, body,
    created_at: new Date(workingTime(rand, from + (i + rand()) * 2 * DAY, from, now)),
  }));
}

/** Spreads `total` over `n` sessions, one to four each (short of it only if four each cannot reach it). */
function spread(rand: Rand, n: number, total: number): number[] {
  const counts = Array.from({ length: n }, () => weighted(rand, [2, 3, 4], [1, 2, 2]));
  let sum = counts.reduce((a, b) => a + b, 0);
  for (let guard = 0; sum !== total && guard < 20 * n; guard++) {
    const i = int(rand, n);
    if (sum > total && counts[i]! > 1) { counts[i]!--; sum--; }
    else if (sum < total && counts[i]! < 4) { counts[i]!++; sum++; }
  }
  return counts;
}

function chooseOwners(rand: Rand, people: Person[], demoIds: Set<string>) {
  const staff = shuffled(rand, people.filter((p) =>
    !p.roles.includes('coach') && !demoIds.has(p.id) && p.site === 'Hamburg' && p.time_zone === 'Europe/Berlin'));
  return OWNERS.map((o) => {
    const person = staff.find((p) => p.department === o.department);
    if (!person) throw new Error(`The demo staff has nobody in ${o.department} to own suggestions.`);
    return { person_id: person.id, categories: o.categories, areas: o.areas };
  });
}

/**
 * Employees backing the groups' ideas on the open board: under half of the ideas have any support,
 * most of those a few, some many (a long tail), given between the idea's recording and now. Merged
 * duplicates have none: their supports moved to the survivor.
 */
export function planSupports(rand: Rand, plan: SuggestionPlan, people: Person[], now: Date): NewSuggestionSupportRow[] {
  const staff = people.filter((p) => p.roles.includes('employee'));
  const rows: NewSuggestionSupportRow[] = [];
  for (const s of plan.suggestions) {
    if (s.merged_into || rand() > 0.45) continue;
    const wanted = Math.min(staff.length, 1 + Math.floor(-Math.log(1 - rand()) * 4));
    const chosen = new Set<string>();
    while (chosen.size < wanted) chosen.add(pick(rand, staff).id);
    const from = s.created_at.getTime();
    for (const personId of chosen) {
      rows.push({ org_id: s.org_id, suggestion_id: s.id, person_id: personId, created_at: new Date(from + rand() * (now.getTime() - from)) });
    }
  }
  return rows;
}
