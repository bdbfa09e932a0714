// Shapes of the admin's figures (also the OpenAPI document).
import { z } from 'zod';

const Withheld = 'null: withheld, fewer than five people behind it (the privacy floor)';

export const DashboardQuery = z.strictObject({
  weeksBack: z.coerce.number().int().min(0).max(52).default(6),
  weeksAhead: z.coerce.number().int().min(0).max(26).default(4),
});

const Reach = z.object({
  reached: z.int().nullable().describe(`With five or more who attended (fewer would be a figure about fewer than five people); null where attended is withheld`),
  of: z.int(),
  share: z.number().nullable().describe('reached / of; null where reached is withheld or there are none'),
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
      start: z.string().describe('The first day of this quarter, YYYY-MM-DD, in the organisation\'s zone'),
      employees: z.int().describe('Active people with the employee role'),
      attended: z.int().nullable().describe(`Of them, those who took part in a session of this quarter that has ended (marked attended, or still booked when it ended; no-shows not counted); ${Withheld}, among those who did or those who did not`),
      attendedShare: z.number().nullable().describe('attended / employees; null where attended is withheld'),
      booked: z.int().nullable().describe(`Of them, those holding a seat in a session of this quarter that has not ended yet; ${Withheld}, among those who do or those who do not`),
      bookedShare: z.number().nullable().describe('booked / employees; null where booked is withheld'),
      held: z.object({
        sessions: z.int().describe('Sessions of this quarter that have ended, not cancelled'),
        seatsOffered: z.int().describe('Seats those sessions offered'),
        seatsTaken: z.int().nullable().describe(`Seats taken in them (every booking not cancelled); ${Withheld}`),
        fillRate: z.number().nullable().describe('seatsTaken / seatsOffered; null where seatsTaken is withheld or no seat was offered'),
        attendances: z.int().nullable().describe(`Seats whose holder came (marked attended, or not marked); ${Withheld}, among those who came or those who did not`),
        noShows: z.int().nullable().describe(`Seats whose holder was marked absent; ${Withheld}, among those who came or those who did not`),
        attendanceRate: z.number().nullable().describe('attendances / seatsTaken; null where withheld or no seat was taken'),
        noShowRate: z.number().nullable().describe('noShows / seatsTaken; null where withheld or no seat was taken'),
      }),
      reach: z.object({
        departments: Reach.describe('Departments of five active employees or more, and how many of them had someone attend this quarter'),
        sites: Reach.describe('Sites of five active employees or more, and how many of them had someone attend this quarter'),
      }),
    }),
  })
  .meta({ id: 'Dashboard' });
