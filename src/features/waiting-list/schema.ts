// Request and response shapes of waiting lists (also the OpenAPI document and the web app's types).
import { z } from 'zod';
import { TimeZone } from '../../lib/zones.ts';
import { SessionView, Uuid } from '../sessions/schema.ts';

export const WaitlistParams = z.object({ id: Uuid });

export const WaitlistEntry = z
  .object({
    id: Uuid,
    sessionId: Uuid,
    status: z.enum(['waiting', 'offered', 'promoted', 'declined', 'expired', 'left']),
    joinedAt: z.string(),
    position: z.number().int().min(1).describe('1: the next free seat is yours, if your own limits allow it'),
  })
  .meta({ id: 'WaitlistEntry' });

export const WaitlistLine = z
  .object({
    id: Uuid,
    status: z.enum(['waiting', 'offered']).describe('offered: a seat is held for you until offerExpiresAt; accept or decline it'),
    joinedAt: z.string(),
    position: z.number().int().min(1).describe('1 while an offer is open: the held seat is yours to take'),
    offerExpiresAt: z.string().nullable().describe('Until when the offered seat is held (null while waiting)'),
    session: SessionView,
  })
  .meta({ id: 'WaitlistLine' });

export const WaitlistLines = z.object({ items: z.array(WaitlistLine) });
export const WaitlistQuery = z.strictObject({ tz: TimeZone.optional() });
export const OfferParams = z.object({ id: Uuid.describe('The waiting-list entry the seat is offered to (WaitlistLine.id)') });

export type WaitlistLineView = z.infer<typeof WaitlistLine>;
