// Shapes of erasure's requests and answers (also the OpenAPI document and the web app's types).
import { z } from 'zod';

// A link's token: 32 random bytes, base64url.
const Token = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a token from an erasure mail');

export const ErasureRequested = z.object({ expiresAt: z.iso.datetime() });
export const ErasureTokenBody = z.strictObject({ token: Token });

export const ErasurePreview = z.object({
  expiresAt: z.iso.datetime(),
  /** Seats in sessions yet to come: given up, the coaches told. */
  futureBookings: z.number().int(),
  /** Seats in sessions held: stay, anonymous, in the figures. */
  pastBookings: z.number().int(),
  ratings: z.number().int(),
  supports: z.number().int(),
  /** Sessions the person coaches that have not ended: the erasure is refused until they are handed over. */
  upcomingSessionsCoached: z.number().int(),
  lastAdmin: z.boolean(),
});

export const Erased = z.object({ erased: z.literal(true), bookingsCancelled: z.number().int() });

export const PersonIdParams = z.object({ id: z.uuid() });
export const AdminErasureBody = z.strictObject({
  /** The person's address, typed by the admin: which person is erased is never a slip of the mouse. */
  confirmEmail: z.string().trim().min(3).max(254),
});

export type ErasurePreviewT = z.infer<typeof ErasurePreview>;
export type ErasedT = z.infer<typeof Erased>;
export type ErasureRequestedT = z.infer<typeof ErasureRequested>;
