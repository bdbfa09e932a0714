// Shapes of the webhooks API and of the events Quartet sends (validation, the OpenAPI document and
// its `webhooks` section, the web app's types).
import { z } from 'zod';

export const WEBHOOK_EVENT_TYPES = [
  'suggestion.created', 'suggestion.status_changed', 'booking.created', 'booking.cancelled', 'session.cancelled',
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

const Uuid = z.uuid();
export const IdParams = z.object({ id: Uuid });

const Url = z.string().trim().min(1).max(2000).describe('https://… (checked: no private, loopback or link-local address)');
const Description = z.string().trim().max(500);
const Events = z.array(WebhookEventType).min(1).max(WEBHOOK_EVENT_TYPES.length);

export const EndpointBody = z.strictObject({
  url: Url,
  description: Description.optional(),
  events: Events,
  enabled: z.boolean().optional(),
});

export const EndpointChange = z.strictObject({
  url: Url.optional(),
  description: Description.optional(),
  events: Events.optional(),
  enabled: z.boolean().optional().describe('Turning an endpoint on again is how an admin resumes one Quartet disabled'),
});

export const Endpoint = z
  .object({
    id: Uuid,
    url: z.string(),
    description: z.string(),
    events: z.array(WebhookEventType),
    enabled: z.boolean(),
    disabledReason: z.enum(['admin', 'failing']).nullable().describe('failing: Quartet turned it off after 5 deliveries in a row failed every attempt'),
    disabledAt: z.string().nullable(),
    failedInARow: z.number().int(),
    secret: z.string().describe('Signs every delivery (Quartet-Signature); rotate it with POST …/rotate-secret'),
    createdAt: z.string(),
  })
  .meta({ id: 'WebhookEndpoint' });

export const EndpointList = z.object({ endpoints: z.array(Endpoint) });

export const Attempt = z.object({
  at: z.string(),
  durationMs: z.number().int(),
  statusCode: z.number().int().nullable(),
  response: z.string().describe('The first 1 KB of the answer, as text'),
  error: z.string().nullable(),
});

export const Delivery = z
  .object({
    id: Uuid,
    eventId: Uuid,
    eventType: WebhookEventType,
    status: z.enum(['pending', 'succeeded', 'failed', 'stopped']),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    log: z.array(Attempt),
  })
  .meta({ id: 'WebhookDelivery' });

export const DeliveryQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).optional() });
export const DeliveryList = z.object({ deliveries: z.array(Delivery) });

// ---- The events as receivers get them ------------------------------------------------------

export const SuggestionEventData = z.object({
  suggestion: z.object({
    id: Uuid,
    title: z.string(),
    text: z.string(),
    status: z.enum(['new', 'in_review', 'planned', 'done', 'declined']),
    previousStatus: z.string().optional().describe('suggestion.status_changed only'),
    response: z.string(),
    mergedInto: Uuid.nullable(),
    module: z.object({ id: Uuid, code: z.string(), title: z.string() }),
    category: z.object({ id: Uuid, nameEn: z.string(), nameDe: z.string() }).nullable(),
    area: z.string().nullable(),
    sessionId: Uuid,
    createdAt: z.string(),
  }).describe('Never who typed it: a suggestion belongs to the group'),
}).meta({ id: 'WebhookSuggestionData' });

export const BookingEventData = z.object({
  booking: z.object({
    id: Uuid,
    sessionId: Uuid,
    personId: Uuid.describe('The person, by id only (GET /api/admin/people with a read token)'),
    status: z.string(),
    cancelReason: z.string().nullable().describe('booking.cancelled: employee, admin, moved, session_cancelled, …'),
    movedTo: Uuid.nullable().describe('The new booking, when the seat was moved to another session'),
  }),
  session: z.object({ id: Uuid, moduleId: Uuid, startsAt: z.string(), endsAt: z.string() }),
}).meta({ id: 'WebhookBookingData' });

export const SessionEventData = z.object({
  session: z.object({
    id: Uuid,
    module: z.object({ id: Uuid, code: z.string(), title: z.string() }),
    startsAt: z.string(),
    endsAt: z.string(),
    reason: z.string().nullable(),
    cancelledBookings: z.array(Uuid),
  }),
}).meta({ id: 'WebhookSessionData' });

const envelope = (type: WebhookEventType, name: string, data: z.ZodType) => z.object({
  id: Uuid.describe('The event id: the same on every attempt and redelivery; use it to drop repeats'),
  type: z.literal(type),
  createdAt: z.string(),
  data,
}).meta({ id: name });

/** Every event type, its body's shape (named in the OpenAPI document's components). */
export const WEBHOOK_EVENTS: Record<WebhookEventType, { name: string; schema: z.ZodType }> = {
  'suggestion.created': { name: 'WebhookSuggestionCreated', schema: envelope('suggestion.created', 'WebhookSuggestionCreated', SuggestionEventData) },
  'suggestion.status_changed': { name: 'WebhookSuggestionStatusChanged', schema: envelope('suggestion.status_changed', 'WebhookSuggestionStatusChanged', SuggestionEventData) },
  'booking.created': { name: 'WebhookBookingCreated', schema: envelope('booking.created', 'WebhookBookingCreated', BookingEventData) },
  'booking.cancelled': { name: 'WebhookBookingCancelled', schema: envelope('booking.cancelled', 'WebhookBookingCancelled', BookingEventData) },
  'session.cancelled': { name: 'WebhookSessionCancelled', schema: envelope('session.cancelled', 'WebhookSessionCancelled', SessionEventData) },
};

export const SIGNATURE_DESCRIPTION =
  'Every delivery is a POST with a JSON body and the headers `Quartet-Event-Id`, `Quartet-Event-Type` and ' +
  '`Quartet-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`. To verify: take t and v1 from the header, compute ' +
  'HMAC-SHA256 with the endpoint\'s secret over `<t>.<raw body>` (the bytes as received, before parsing) and compare ' +
  'it with v1 in constant time (crypto.timingSafeEqual); refuse a t more than 5 minutes from your clock (replay). ' +
  'Answer 2xx within 10 seconds; anything else is retried with exponential backoff (1, 2, 4, … minutes, 8 attempts). ' +
  'A delivery may arrive more than once (a retry after a lost answer, a worker that died): drop an event id you have seen. ' +
  'An endpoint whose deliveries fail every attempt 5 times in a row is turned off, and the admins are mailed.';

/**
 * The webhooks in the form of OpenAPI 3.1's `webhooks` section. The document is OpenAPI 3.0 (its
 * schemas are written for 3.0), where the same object goes under the extension `x-webhooks`
 * (read by Redoc); the bodies' schemas are in components.
 */
export function webhooksDocument(): Record<string, unknown> {
  return { 'x-webhooks': webhookEntries() };
}

function webhookEntries(): Record<string, unknown> {
  return Object.fromEntries(WEBHOOK_EVENT_TYPES.map((type) => [type, {
    post: {
      summary: `${type} (signed, see the description)`,
      description: SIGNATURE_DESCRIPTION,
      parameters: ['Quartet-Signature', 'Quartet-Event-Id', 'Quartet-Event-Type'].map((name) => ({ name, in: 'header', required: true, schema: { type: 'string' } })),
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${WEBHOOK_EVENTS[type].name}` } } } },
      responses: { '2XX': { description: 'Received; anything else is retried' } },
    },
  }]));
}
