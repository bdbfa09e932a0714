// Shapes of coaches' absences and of the sessions that need a new coach (also the OpenAPI document).
import { z } from 'zod';
import { isTimeZone } from '../../lib/zones.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2027-01-31');

export const AbsenceBody = z.strictObject({ firstDay: Day, lastDay: Day, note: z.string().trim().max(500).optional() });
export const AbsenceIdParams = z.object({ id: z.uuid() });
export const NeedingCoachQuery = z.strictObject({ tz: z.string().max(64).refine(isTimeZone, 'is not an IANA time zone').optional() });

export const Absence = z.object({ id: z.uuid(), firstDay: z.string(), lastDay: z.string(), note: z.string().nullable() });
export const UncoachedSession = z.object({
  id: z.uuid(), moduleTitle: z.string(), startsAt: z.string(), endsAt: z.string(), sessionTimeZone: z.string(),
  coach: z.object({ id: z.uuid(), name: z.string() }), seatsTaken: z.number().int(), capacity: z.number().int(),
  absence: z.object({ firstDay: z.string(), lastDay: z.string(), note: z.string().nullable() }),
});

export const AbsenceReported = z.object({ absence: Absence, sessionsNeedingCoach: z.array(UncoachedSession) });
export const AbsenceList = z.object({ items: z.array(Absence) });
export const UncoachedSessionList = z.object({ items: z.array(UncoachedSession) });
