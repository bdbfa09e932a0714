// Shapes of the admin's figures (also the OpenAPI document).
import { z } from 'zod';

const Withheld = 'null: withheld, fewer than five people behind it (the privacy floor)';

export const DashboardQuery = z.strictObject({
  weeksBack: z.coerce.number().int().min(0).max(52).default(6),
  weeksAhead: z.coerce.number().int().min(0).max(26).default(4),
});

export const Dashboard = z
  .object({
    timeZone: z.string().describe("Weeks run Monday to Sunday in the organisation's zone"),
    weeks: z.array(z.object({
      weekStarting: z.string().describe('Monday, YYYY-MM-DD'),
      sessions: z.int().describe('Sessions not cancelled that start this week'),
      seats: z.int().describe('Seats those sessions offer'),
      seatsTaken: z.int().nullable().describe(`Seats taken in those sessions; ${Withheld}`),
      bookings: z.int().nullable().describe(`Seats taken this week (when the booking was made); ${Withheld}`),
      cancellations: z.int().nullable().describe(`Seats given up this week; moves not counted; ${Withheld}`),
    })),
    quarter: z.object({
      start: z.string(),
      employees: z.int().describe('Active people with the employee role'),
      tookPart: z.int().nullable().describe(`Of them, those holding or having held a seat in a session of this quarter; ${Withheld}, among those who did or those who did not`),
      share: z.number().nullable().describe('tookPart / employees; null where tookPart is withheld'),
    }),
  })
  .meta({ id: 'Dashboard' });
