// Shapes of the admin's outgoing-mail list and of the personal calendar feed (also the OpenAPI document).
import { z } from 'zod';

const MessageKind = z.enum([
  'login_link', 'booking_confirmed', 'roster_changed', 'reminder', 'booking_cancelled',
  'booking_moved', 'session_changed', 'session_cancelled', 'coach_assigned', 'coach_removed', 'coach_absent',
  'suggestion_assigned', 'suggestion_digest', 'owner_digest', 'feedback_request', 'webhook_disabled',
  'data_export_ready', 'erasure_confirmation',
  'plan_top_up', 'waitlist_offer',
]);
const MessageStatus = z.enum(['pending', 'sent', 'moot', 'failed']);

export const MessagesQuery = z.strictObject({
  status: MessageStatus.optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
});
export const NotificationIdParams = z.object({ id: z.uuid() });
export const CalendarFileParams = z.object({ file: z.string().regex(/^[\w-]{20,100}\.ics$/) });

export const Message = z.object({
  id: z.uuid(),
  kind: MessageKind,
  status: MessageStatus,
  recipient: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  sessionId: z.uuid().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sendAfter: z.string(),
  sentAt: z.string().nullable(),
});
export const MessagePage = z.object({ items: z.array(Message), nextBefore: z.string().nullable() });
export const MessageRetried = z.object({ status: MessageStatus });
export const FeedStatus = z.object({ active: z.boolean() });
export const FeedAddress = z.object({ url: z.string(), webcalUrl: z.string() });
