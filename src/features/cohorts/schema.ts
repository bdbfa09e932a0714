// Shapes of cohorts: making one (people, module, rounds, dates, coaches, rooms or links), its preview
// with the quality figures, moves by hand, publishing, and swaps in a published cohort.
import { z } from 'zod';
import { StartTime } from '../../lib/time.ts';
import { TimeZone } from '../../lib/zones.ts';

const Uuid = z.uuid();
const HttpUrl = z.url({ protocol: /^https?$/ }).max(2000);

export const CohortParams = z.object({ id: Uuid });

export const CreateCohortBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  moduleId: Uuid,
  personIds: z.array(Uuid).min(2).max(5000).describe('The people of the cohort, each once'),
  rounds: z.number().int().min(1).max(52),
  timeZone: TimeZone,
  startsAt: z.array(StartTime).min(1).max(52).optional().describe('One start per round, in order (wall-clock time in timeZone or with an offset); or firstStartsAt + everyWeeks'),
  firstStartsAt: StartTime.optional().describe('The first round; the others follow every everyWeeks weeks at the same wall-clock time'),
  everyWeeks: z.number().int().min(1).max(8).optional(),
  durationMinutes: z.number().int().min(15).max(480).optional().describe("Default: the module's duration"),
  format: z.enum(['in_person', 'virtual']),
  coachIds: z.array(Uuid).min(1).max(500).describe('At least one per group; each runs at most one group a round, rotating over the rounds'),
  roomIds: z.array(Uuid).min(1).max(500).optional().describe('In person: one per group (the group keeps its room every round)'),
  onlineUrls: z.array(HttpUrl).min(1).max(500).optional().describe('Virtual: one meeting link per group, each a different one (the groups of a round meet at the same time)'),
  language: z.enum(['en', 'de']).optional(),
  seed: z.number().int().min(1).max(2_147_483_647).optional().describe('The same seed gives the same groups'),
});

export const MoveBody = z.strictObject({
  round: z.number().int().min(0).max(51).describe('0 is the first round'),
  personId: Uuid,
  toGroup: z.number().int().min(0).max(10_000),
  swapWith: Uuid.optional().describe('A person of the target group who takes the moved person’s place; without it the person moves alone where the sizes allow'),
});

export const SwapBody = z.strictObject({
  round: z.number().int().min(0).max(51),
  personId: Uuid.describe('The member who cannot make this round'),
});

export const ResolveBody = z.strictObject({ seed: z.number().int().min(1).max(2_147_483_647).optional() });

const Figures = z.object({
  people: z.int(),
  rounds: z.int(),
  groupSizes: z.array(z.int()),
  repeats: z.int().describe('Meetings of a pair beyond its first, earlier encounters counting as a first'),
  repeatsLowerBound: z.int().describe('No schedule with these group sizes has fewer'),
  earlierEncountersCounted: z.boolean().describe('Whether earlier encounters among the members count (only in a cohort an active admin made: a coach may not learn who met whom)'),
  departmentExcess: z.int().describe('People beyond their department’s bound, over every group of every round (0: every bound met)'),
  departmentBounds: z.array(z.object({ department: z.string(), people: z.int(), bound: z.int() })),
  newColleagues: z.object({ min: z.number(), median: z.number(), max: z.number() }).describe('Per person: colleagues met here for the first time'),
  outsideWorkingHours: z.object({ people: z.int(), seats: z.int() }).describe('Members with a round outside their working hours in their own zone, and such seats in all'),
  workingHours: z.object({ from: z.string(), to: z.string() }).describe('Working hours, in each person’s own zone, Monday to Friday'),
}).meta({ id: 'CohortFigures' });

const Member = z.object({
  id: Uuid, name: z.string(), department: z.string().nullable(), timeZone: z.string(),
  localStart: z.string().describe('The round’s start in the person’s own zone (HH:mm)'),
  outsideWorkingHours: z.boolean(),
  holdsSeat: z.boolean().nullable().describe('Published: whether they still hold their seat in this group’s session (false: given up or moved elsewhere); null in a draft'),
});

const Group = z.object({
  group: z.int(),
  coach: z.object({ id: Uuid, name: z.string() }),
  room: z.object({ id: Uuid, name: z.string() }).nullable(),
  onlineUrl: z.string().nullable(),
  sessionId: Uuid.nullable().describe('Once published'),
  people: z.array(Member),
  departments: z.int().describe('How many departments the group mixes'),
  largestShare: z.int().describe('Its most people of one department'),
});

const Round = z.object({ round: z.int(), startsAt: z.string(), sessionLocal: z.object({ startsAt: z.string() }), groups: z.array(Group) });

export const CohortView = z.object({
  id: Uuid,
  name: z.string(),
  moduleId: Uuid,
  status: z.enum(['draft', 'published']),
  groupSize: z.int(),
  rounds: z.int(),
  people: z.int(),
  timeZone: z.string(),
  durationMinutes: z.int(),
  format: z.enum(['in_person', 'virtual']),
  createdBy: Uuid,
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  solver: z.object({
    status: z.enum(['queued', 'solving', 'done', 'failed']),
    phase: z.string().nullable(),
    repeats: z.int().nullable().describe('Of the best schedule so far'),
    elapsedMs: z.int().nullable(),
    method: z.string().nullable(),
    error: z.string().nullable(),
  }),
  preview: z.object({ rounds: z.array(Round), figures: Figures }).nullable().describe('Once the solver is done'),
}).meta({ id: 'Cohort' });

export const CohortSummary = CohortView.omit({ preview: true });
export const CohortList = z.object({ items: z.array(CohortSummary) });

export const SwapView = z.object({
  swap: z.object({ round: z.int(), personId: Uuid, partnerId: Uuid, fromGroup: z.int(), toGroup: z.int(), newRepeats: z.int() }),
  cohort: CohortView,
});
