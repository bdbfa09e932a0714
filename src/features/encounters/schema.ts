// Shapes of the network figures (validation, the OpenAPI document, and the web app's types). No
// shape carries a name of a person: the organisation's figures are built from at least five people,
// and a person's own are counts.
import { z } from 'zod';

const Suppressed = 'null: withheld, fewer than `minimumPeople` people behind it';

export const NetworkSummary = z
  .object({
    minimumPeople: z.int().describe('The fewest people any figure, bar or cell is built from'),
    since: z.iso.datetime({ offset: true }).describe('The start of the window: twelve months back'),
    people: z.int().nullable().describe(`People who took part in a session within the window; ${Suppressed}`),
    attendances: z.int().nullable().describe(`Seats taken part in within the window; ${Suppressed}`),
    newColleaguesPerAttendance: z.number().nullable().describe(`On average, the others in a session the person had never met before (at most 3 in a group of four); ${Suppressed}`),
    colleaguesPerAttendance: z.number().nullable().describe(`On average, the others in a session; ${Suppressed}`),
    crossDepartmentShare: z.number().nullable().describe(`Of the pairs who met within the window, the share from different departments (0–1); ${Suppressed}`),
    partners: z.object({
      share: z.number().nullable().describe(`Distinct partners per person against the most possible (3 × sessions taken part in), over everyone (0–1); ${Suppressed}`),
      bands: z.array(z.object({
        sessionsFrom: z.int(),
        sessionsTo: z.int().nullable().describe('null: and more'),
        people: z.int().nullable(),
        averagePartners: z.number().nullable(),
        averageMaximum: z.number().nullable().describe('3 × the sessions they took part in, on average'),
      })).describe(`People by the sessions they took part in: their distinct partners against the most possible. A band of fewer than \`minimumPeople\` is joined with its neighbour (e.g. 2–3 sessions), so each holds at least that many; only where everyone together is fewer is the one band ${Suppressed}`),
    }),
    heatMap: z.object({
      departments: z.array(z.object({
        name: z.string().nullable().describe('null: no department, or the other departments together (`others`)'),
        others: z.boolean().describe('true: the departments with fewer than `minimumPeople` people taking part each, together and unnamed; shown only where they are `minimumPeople` or more together'),
      })).describe(`Departments with at least \`minimumPeople\` people taking part, by name; the smaller ones are never named`),
      cells: z.array(z.object({
        row: z.int().describe('Index into departments'),
        column: z.int().describe('Index into departments; never less than row (the map is symmetric)'),
        encounters: z.int().nullable().describe('Pairs from these two departments who met within the window; null: fewer than `minimumPeople` people on either side'),
      })),
    }),
  })
  .meta({ id: 'NetworkSummary' });

export const MyNetwork = z
  .object({
    year: z.int().describe('The calendar year in your time zone'),
    colleagues: z.int().describe('Colleagues you took part in a session with this year'),
    departments: z.int().describe('The departments they are from (people without one not counted)'),
  })
  .meta({ id: 'MyNetwork' });
