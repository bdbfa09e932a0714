// The one door other features use to tell people something: each call queues messages in the
// caller's transaction, so a change and its mail commit or vanish together. What the messages say
// is decided when they are sent (jobs/send-message.ts), from the facts as they are then.
export {
  queueCoachAbsent, queueCoachChanged, queueDataExportReady, queueErasureConfirmation, queueLoginLink, queuePlanTopUp, queueSeatGivenUp, queueSeatTaken, queueSessionCancelled,
  queueSessionChanged, queueSuggestionAssigned, queueWaitlistOffer, queueWebhookDisabled, rescheduleReminders, scheduleReminders,
} from './queries.ts';
export type { ChangedBooking, SessionChange } from './queries.ts';
