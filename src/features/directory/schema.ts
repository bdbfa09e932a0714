// Shapes of the admin's people directory (also the OpenAPI document).
import { z } from 'zod';
import { TimeZone } from '../../lib/zones.ts';

const Role = z.enum(['employee', 'coach', 'admin']);
const Locale = z.enum(['en', 'de']);

export const PeopleQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  role: Role.optional(),
  active: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export const PersonIdParams = z.object({ id: z.uuid() });
export const PersonChange = z.strictObject({
  roles: z.array(Role).min(1).max(3).optional(),
  active: z.boolean().optional(),
  name: z.string().trim().min(1).max(200).optional(),
  department: z.string().trim().max(200).nullable().optional(),
  site: z.string().trim().max(200).nullable().optional(),
  timeZone: TimeZone.optional(),
  locale: Locale.optional(),
}).refine((b) => Object.keys(b).length > 0, { message: 'name at least one field to change' });

export const DirectoryPerson = z.object({
  id: z.uuid(), name: z.string(), email: z.string(), department: z.string().nullable(), site: z.string().nullable(),
  timeZone: z.string(), locale: Locale, roles: z.array(Role), active: z.boolean(), upcomingBookings: z.number().int(),
});
export const PeoplePage = z.object({ items: z.array(DirectoryPerson), nextCursor: z.string().nullable() });
export const PersonChanged = z.object({ bookingsCancelled: z.number().int() });
