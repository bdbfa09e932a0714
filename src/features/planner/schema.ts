// Shapes of the programme planner: the admin's demand, a proposal with its figures and gaps, an
// edit (remove or move one proposed session), and publishing (also the OpenAPI document and the web
// app's types).
import { z } from 'zod';
import { Instant } from '../../lib/time.ts';

const Uuid = z.uuid();
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time like 09:30');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2027-03-01');

export const ProposalParams = z.object({ id: Uuid });

export const ModuleDemand = z.strictObject({
  moduleId: Uuid,
  campaign: z.strictObject({
    firstWeek: z.number().int().min(0).max(25).describe('0 is the first week of the plan'),
    weeks: z.number().int().min(1).max(26),
  }).optional().describe('Runs alone (with other campaigns of the same weeks) for these weeks; without it the module runs whenever no campaign does'),
});

export const DemandBody = z.strictObject({
  weeks: z.number().int().min(1).max(26).describe('How many weeks to plan'),
  startsOn: Day.optional().describe('The Monday the plan starts (weeks run Monday 00:00 UTC to Monday); default the next Monday'),
  departments: z.array(z.string().trim().min(1).max(200)).max(200).default([]).describe('Only the active employees of these departments; empty: all'),
  sites: z.array(z.string().trim().min(1).max(200)).max(50).default([]).describe('Only the active employees of these sites; empty: all'),
  frequency: z.strictObject({ every: z.number().int().min(1).max(12), unit: z.enum(['week', 'month']) }).describe('Each person once every N weeks or months'),
  modules: z.array(ModuleDemand).max(200).default([]).describe('Modules on offer, some as campaigns; empty: every module of the library'),
  virtualShare: z.number().min(0).max(1).describe('Share of the sessions of people at a site held virtually (people without a site: all virtual)'),
  workingHours: z.strictObject({ from: Clock, to: Clock }).default({ from: '08:00', to: '18:00' })
    .describe('Working hours Monday to Friday, in each site’s and virtual zone’s own time'),
});

export const EditBody = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('remove'), sessionKey: z.string().min(1).max(20) }),
  z.strictObject({
    action: z.literal('move'), sessionKey: z.string().min(1).max(20),
    startsAt: Instant.describe('The new start, with Z or an offset'),
    roomId: Uuid.optional().describe('Another room of the same site (in-person sessions only)'),
  }),
]);

const ProposedSession = z.object({
  key: z.string(),
  week: z.int(),
  startsAt: z.string(),
  endsAt: z.string(),
  localStart: z.string().describe('The start in the place’s zone, ISO 8601 with its offset'),
  zone: z.string(),
  kind: z.enum(['site', 'virtual']),
  place: z.string().describe('The site’s name, or the virtual sessions’ zone'),
  roomId: Uuid.nullable(),
  roomName: z.string().nullable(),
  coachId: Uuid,
  coachName: z.string(),
  moduleId: Uuid,
  moduleTitle: z.string(),
});

const PlaceWeek = z.object({
  week: z.int(), kind: z.enum(['site', 'virtual']), place: z.string(),
  sessionsNeeded: z.int(), sessionsPlanned: z.int(), seatsNeeded: z.int(), seatsOffered: z.int(),
});

const Gap = z.object({
  week: z.int(), kind: z.enum(['site', 'virtual']), place: z.string(),
  sessionsShort: z.int(), seatsShort: z.int(),
  reasons: z.array(z.enum([
    'no_module_running', 'no_module_for_place', 'no_coach_for_place', 'no_qualified_coach', 'no_coach_in_working_hours', 'coaches_at_weekly_maximum',
    'coaches_busy_elsewhere', 'no_free_room', 'removed_by_admin',
  ])),
  coachesAtMaximum: z.array(z.string()).describe('Names'),
  coachesBusyElsewhere: z.array(z.string()).describe('Names'),
});

const CoachLoad = z.object({
  coachId: Uuid, name: z.string(), planned: z.int(), sessionsPerWeek: z.array(z.int()), weeklyMax: z.int(), shareOfMaximum: z.number(),
});

export const ProposalView = z.object({
  id: Uuid,
  status: z.enum(['draft', 'published']),
  createdAt: z.string(),
  horizonStart: z.string(),
  weeks: z.int(),
  participants: z.int().describe('People the demand counts'),
  totals: z.object({
    sessionsNeeded: z.int(), sessionsPlanned: z.int(), achievable: z.int(),
    coverageOfDemand: z.number(), coverageOfAchievable: z.number(),
  }),
  sessions: z.array(ProposedSession),
  placeWeeks: z.array(PlaceWeek),
  fromWaitingLists: z.array(z.int().nullable()).describe('Per week: of the seats needed, those for people waiting in lines of that week’s sessions ' +
    '(on top of the regular demand, each person once a week; a place’s week counts them only from `minimumPeople`, as the seats needed would give a smaller number away); null when about fewer than `minimumPeople` people (withheld)'),
  minimumPeople: z.int(),
  gaps: z.array(Gap),
  coachLoad: z.array(CoachLoad),
  publishedAt: z.string().nullable(),
  publishedSessionIds: z.array(Uuid),
}).meta({ id: 'PlanProposal' });

export type DemandBody = z.input<typeof DemandBody>;
export type DemandInput = z.infer<typeof DemandBody>;
export type EditBody = z.infer<typeof EditBody>;
export type ProposalView = z.infer<typeof ProposalView>;

export const PublishBody = z.strictObject({
  onlineUrl: z.url({ protocol: /^https?$/ }).max(2000).optional().describe('The meeting link of the virtual sessions (needed when the plan has any); coaches can change each afterwards'),
});

export const DemandOptions = z.object({
  departments: z.array(z.string()),
  sites: z.array(z.string()).describe('Sites of people or rooms'),
  modules: z.array(z.object({ id: Uuid, title: z.string() })),
  coachesWithAvailability: z.int(),
}).meta({ id: 'PlannerDemandOptions' });

const SupplyWeek = z.object({
  week: z.int(), startsOn: z.string().describe('The week’s Monday (weeks run Monday 00:00 UTC to Monday)'),
  seatsOffered: z.int().describe('Capacity of the published sessions starting that week'),
  seatsNeeded: z.int().describe('From the standing demand; the first week adds the people waiting in lines, when they are at least `minimumPeople` (the number is withheld below, and would show here as a difference)'),
  short: z.boolean(),
});

export const SupplyView = z.object({
  standingDemand: z.boolean().describe('Whether a plan was ever published: its demand is what the weeks are held against'),
  startsOn: z.string().nullable(),
  weeks: z.array(SupplyWeek),
  waiting: z.int().nullable().describe('People waiting in lines for sessions ahead; null when fewer than `minimumPeople` (withheld)'),
  fillRate: z.number().nullable().describe('Seats taken of seats offered in the last four weeks; null when nothing was offered, or withheld'),
  fillRateWithheld: z.boolean().describe('The fill rate is about fewer than `minimumPeople` people and withheld'),
  minimumPeople: z.int(),
  latestTopUp: z.object({ id: Uuid, status: z.enum(['draft', 'published']), week: z.string(), createdAt: z.string() }).nullable()
    .describe('The latest proposal the weekly top-up made'),
}).meta({ id: 'PlannerSupply' });

export type SupplyView = z.infer<typeof SupplyView>;
export type PublishBody = z.infer<typeof PublishBody>;
export type DemandOptions = z.infer<typeof DemandOptions>;
