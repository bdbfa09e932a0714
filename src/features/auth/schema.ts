// Shapes of signing in with a mailed link (also the OpenAPI document).
import { z } from 'zod';

export const LoginLinkBody = z.strictObject({ email: z.string().trim().toLowerCase().max(254).pipe(z.email()) });
export const LoginLinkAccepted = z.object({ status: z.literal('sent-if-known') });
export const SessionBody = z.strictObject({ token: z.string().min(20).max(100).regex(/^[\w-]+$/) });
export const SignedIn = z.object({ personId: z.uuid(), orgId: z.uuid() });
