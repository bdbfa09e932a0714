// Request and response shapes of the booking operations.
import { z } from 'zod';
import { TimeZone } from '../../lib/zones.ts';
import { SessionView, Uuid } from '../sessions/schema.ts';

export const BookingView = z
  .object({
    id: Uuid,
    status: z.enum(['active', 'cancelled', 'attended', 'no_show']),
    createdAt: z.string(),
    cancelledAt: z.string().nullable(),
    cancelReason: z.enum(['employee', 'moved', 'session_cancelled', 'admin', 'deactivated']).nullable(),
    movedToBookingId: Uuid.nullable(),
    session: SessionView,
  })
  .meta({ id: 'Booking' });

export const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z.string().min(1).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII only').optional()
    .describe('A retry with the same key returns the first answer and books nothing new'),
});

export const BookingList = z.object({ items: z.array(BookingView) });

export const MoveBody = z.strictObject({ sessionId: Uuid });
export const AttendanceBody = z.strictObject({ status: z.enum(['attended', 'no_show', 'active']) });
export const AttendanceRecorded = z.object({ bookingId: Uuid, status: AttendanceBody.shape.status });
export const MyBookingsQuery = z.strictObject({
  when: z.enum(['upcoming', 'past']).default('upcoming'),
  tz: TimeZone.optional(),
});

export const SeatCheck = z
  .object({
    refusal: z
      .object({ code: z.string(), message: z.string(), limit: z.number().int().optional() })
      .nullable()
      .describe('null: a sign-up now would pass the rules below (a seat may still go to someone quicker)'),
  })
  .meta({ id: 'SeatCheck' });
