// What each message says, from the facts read when it is sent. Times are in the recipient's zone,
// with the zone named. Privacy: a participant's mail and calendar file name the participant and
// the coach only; the roster (names and contacts) goes to the coach alone.
import type { Locale } from '../../../db/schema.ts';
import type { OutgoingMail } from '../../../lib/mailer.ts';
import { invitation, type CalendarEvent, type InvitationMethod, type Organiser } from './calendar.ts';
import { longDay, longWhen, renderBlocks, shortWhen, type Block } from './layout.ts';
import { composeDataExportReady, type DataExportReadyFacts } from './data-export-message.ts';
import { composeErasureConfirmation, type ErasureConfirmationFacts } from './erasure-message.ts';
import { composeLoop, type LoopFacts } from './loop-messages.ts';
import { composePlanTopUp, type PlanTopUpFacts } from './plan-top-up-message.ts';
import { sessionEventTexts } from './session-event.ts';
import { composeWaitlistOffer, type WaitlistOfferFacts } from './waitlist-offer-message.ts';
import type { AbsenceFacts, Alternative, AssignedSuggestion, DisabledWebhook, OverlappingSeat, Participant } from '../jobs/queries.ts';
import type { RosterChange, SessionChange } from '../outbox/queries.ts';
import type { SessionFacts } from '../queries.ts';
import { wording, type Wording } from './wording.ts';

export interface Recipient {
  name: string;
  email: string;
  locale: Locale;
  timeZone: string;
}

export interface Sender {
  baseUrl: string;
  organiser: Organiser;
  orgName: string;
}

export interface BookingCalendarRef {
  uid: string;
  sequence: number;
}

export type MessageFacts =
  | { kind: 'booking_confirmed'; session: SessionFacts; booking: BookingCalendarRef; cutoffMinutes: number; fromWaitingList?: boolean }
  | { kind: 'booking_moved'; session: SessionFacts; booking: BookingCalendarRef; from: { session: SessionFacts; booking: BookingCalendarRef } }
  | { kind: 'session_changed'; session: SessionFacts; booking: BookingCalendarRef; changes: SessionChange[]; overlaps: OverlappingSeat[] }
  | { kind: 'booking_cancelled'; session: SessionFacts; booking: BookingCalendarRef; byAdmin: boolean }
  | { kind: 'session_cancelled'; session: SessionFacts; booking: BookingCalendarRef | null; alternatives: Alternative[] }
  | { kind: 'reminder'; session: SessionFacts; roster: Participant[] | null }
  | { kind: 'roster_changed'; session: SessionFacts; roster: Participant[]; changes: Array<RosterChange & { name: string }> }
  | { kind: 'coach_assigned'; session: SessionFacts; roster: Participant[] }
  | { kind: 'coach_removed'; session: SessionFacts }
  | { kind: 'coach_absent'; absence: AbsenceFacts; url: string }
  | { kind: 'suggestion_assigned'; suggestion: AssignedSuggestion; url: string }
  | { kind: 'webhook_disabled'; endpoint: DisabledWebhook; url: string }
  | { kind: 'login_link'; url: string; validMinutes: number }
  | DataExportReadyFacts
  | ErasureConfirmationFacts
  | PlanTopUpFacts
  | WaitlistOfferFacts
  | LoopFacts;

export function composeMessage(to: Recipient, facts: MessageFacts, from: Sender): OutgoingMail {
  const w = wording(to.locale);
  const mail = (subject: string, blocks: Block[], calendar?: OutgoingMail['calendar'], attachments?: OutgoingMail['attachments']): OutgoingMail => ({
    to: to.email,
    subject,
    ...renderBlocks([{ p: w.greeting(to.name) }, ...blocks, { p: w.footer(from.orgName) }]),
    ...(calendar && { calendar }),
    ...(attachments && { attachments }),
  });

  if (facts.kind === 'login_link') {
    return mail(w.loginSubject, [
      { p: w.loginBody(from.orgName, facts.validMinutes) },
      { link: facts.url, label: w.loginButton, id: 'login-link' },
      { p: w.loginIgnore },
    ]);
  }

  if (facts.kind === 'suggestion_digest' || facts.kind === 'owner_digest' || facts.kind === 'feedback_request') {
    const { subject, blocks } = composeLoop(facts, to);
    return mail(subject, blocks);
  }

  if (facts.kind === 'data_export_ready') {
    const { subject, blocks } = composeDataExportReady(facts, to);
    return mail(subject, blocks);
  }

  if (facts.kind === 'plan_top_up') {
    const { subject, blocks } = composePlanTopUp(facts, to);
    return mail(subject, blocks);
  }

  if (facts.kind === 'erasure_confirmation') {
    const { subject, blocks } = composeErasureConfirmation(facts, to);
    return mail(subject, blocks);
  }

  if (facts.kind === 'coach_absent') {
    const a = facts.absence;
    return mail(w.absentSubject(a.coach_name, a.sessions.length), [
      { p: w.absentBody(a.coach_name, longDay(a.first_day, to.locale), longDay(a.last_day, to.locale)) },
      ...(a.note ? [{ p: `${w.labels.note}: ${a.note}` }] : []),
      {
        heading: w.absentSessionsHeading,
        list: a.sessions.map((s) => `${s.module_title}, ${longWhen(s.starts_at, s.ends_at, to.timeZone, to.locale)}, ${w.participantsHeading(s.seats_taken, s.capacity)}`),
      },
      { link: facts.url, label: w.absentButton },
    ]);
  }

  if (facts.kind === 'webhook_disabled') {
    const e = facts.endpoint;
    const fields: Array<[string, string]> = [['URL', e.url]];
    if (e.description) fields.push([w.labels.note, e.description]);
    return mail(w.webhookDisabledSubject, [{ p: w.webhookDisabledBody(e.failed_in_a_row) }, { fields }, { link: facts.url, label: w.webhookDisabledButton }]);
  }

  if (facts.kind === 'suggestion_assigned') {
    const sg = facts.suggestion;
    const category = to.locale === 'de' ? (sg.category_de || sg.category_en) : (sg.category_en || sg.category_de);
    const fields: Array<[string, string]> = [[w.labels.module, sg.module_title]];
    if (category) fields.push([w.labels.category, category]);
    if (sg.area) fields.push([w.labels.area, sg.area]);
    return mail(w.assignedSubject(sg.title), [
      { p: w.assignedBody }, { heading: sg.title, list: sg.body ? [sg.body] : [] }, { fields }, { link: facts.url, label: w.assignedButton },
    ]);
  }

  const s = facts.session;
  const when = shortWhen(s.starts_at, to.timeZone, to.locale);
  const title = s.module_title;
  const details = sessionBlocks(w, s, to, from.baseUrl);
  const calendar = (method: InvitationMethod, booking: BookingCalendarRef, session = s) => ({
    method,
    content: invitation(method, calendarEvent(session, booking, to, from.baseUrl), from.organiser),
  });

  switch (facts.kind) {
    case 'waitlist_offer': {
      const { subject, blocks } = composeWaitlistOffer(facts, to, details);
      return mail(subject, blocks);
    }
    case 'booking_confirmed':
      // A seat from the waiting list comes unasked, perhaps days after joining: it says where it came from.
      return mail((facts.fromWaitingList ? w.fromWaitingListSubject : w.confirmedSubject)(title, when), [
        { p: facts.fromWaitingList ? w.fromWaitingListBody : w.confirmedBody }, ...details, { p: w.cancelUntil(facts.cutoffMinutes) }, { link: `${from.baseUrl}/my-sessions`, label: w.mySessions },
      ], calendar('REQUEST', facts.booking));
    case 'booking_moved': {
      const old = facts.from;
      const fromWhen = longWhen(old.session.starts_at, old.session.ends_at, to.timeZone, to.locale);
      const cancelOld = invitation('CANCEL', calendarEvent(old.session, old.booking, to, from.baseUrl), from.organiser);
      return mail(w.movedSubject(title, when), [{ p: w.movedBody(fromWhen) }, ...details], calendar('REQUEST', facts.booking), [
        { filename: 'cancelled.ics', content: cancelOld, contentType: 'text/calendar; charset=utf-8; method=CANCEL' },
      ]);
    }
    case 'session_changed': {
      // The new time may clash with another seat the person holds: say so, so they choose.
      const clash: Block[] = facts.overlaps.length > 0
        ? [{ heading: w.overlapHeading, list: facts.overlaps.map((o) => `${o.module_title}, ${longWhen(o.starts_at, o.ends_at, to.timeZone, to.locale)}`) },
          { link: `${from.baseUrl}/my-sessions`, label: w.mySessions }]
        : [];
      return mail(w.changedSubject(title, when), [{ p: w.changedBody(facts.changes) }, ...details, ...clash], calendar('REQUEST', facts.booking));
    }
    case 'booking_cancelled':
      return mail(w.cancelledSubject(title, when), [
        { p: facts.byAdmin ? w.cancelledByAdmin : w.cancelledByYou }, ...details, { link: `${from.baseUrl}/sessions`, label: w.findAnother },
      ], calendar('CANCEL', facts.booking));
    case 'session_cancelled': {
      const reason: Block[] = s.cancel_reason ? [{ p: w.reason(s.cancel_reason) }] : [];
      if (!facts.booking) return mail(w.sessionCancelledSubject(title, when), [{ p: w.sessionCancelledCoachBody }, ...reason, ...details]);
      const options: Block[] = facts.alternatives.length > 0
        ? [{
          heading: w.alternativesHeading,
          list: facts.alternatives.map((a) =>
            `${longWhen(a.starts_at, a.ends_at, to.timeZone, to.locale)}, ${a.format === 'virtual' ? w.virtual : (a.room_site ?? '')}, ${w.seatsLeft(a.seats_left)}: ${from.baseUrl}/sessions/${a.id}`),
        }]
        : [{ p: w.noAlternatives }, { link: `${from.baseUrl}/sessions`, label: w.findAnother }];
      return mail(w.sessionCancelledSubject(title, when), [{ p: w.sessionCancelledBody }, ...reason, ...details, ...options], calendar('CANCEL', facts.booking));
    }
    case 'reminder':
      return mail(w.reminderSubject(title, when), facts.roster
        ? [{ p: w.reminderCoachBody }, ...details, rosterBlock(w, s, facts.roster), ...questionBlock(w.questionForCoach, s, to.locale)]
        : [{ p: w.reminderBody }, ...details, ...questionBlock(w.questionForGroup, s, to.locale)]);
    case 'roster_changed':
      return mail(w.rosterSubject(title, when, facts.roster.length, s.capacity), [
        { p: w.rosterBody },
        { list: facts.changes.map((c) => (c.change === 'joined' ? w.joined(c.name) : w.left(c.name))) },
        rosterBlock(w, s, facts.roster),
        ...details,
        ...questionBlock(w.questionForCoach, s, to.locale),
      ]);
    case 'coach_assigned':
      return mail(w.coachAssignedSubject(title, when), [
        { p: w.coachAssignedBody }, ...details, rosterBlock(w, s, facts.roster), ...questionBlock(w.questionForCoach, s, to.locale),
      ]);
    case 'coach_removed':
      return mail(w.coachRemovedSubject(title, when), [{ p: w.coachRemovedBody }, ...details]);
  }
}

function sessionBlocks(w: Wording, s: SessionFacts, to: Recipient, baseUrl: string): Block[] {
  const fields: Array<[string, string]> = [
    [w.labels.module, s.module_title],
    [w.labels.when, longWhen(s.starts_at, s.ends_at, to.timeZone, to.locale)],
    s.format === 'virtual' ? [w.labels.online, s.online_url ?? ''] : [w.labels.where, w.inRoom(s.room_name ?? '', s.room_site ?? '')],
  ];
  if (s.location_note) fields.push([w.labels.note, s.location_note]);
  fields.push([w.labels.coach, s.coach_name]);
  return [{ fields }, { link: `${baseUrl}/sessions/${s.id}`, label: w.openSession }];
}

/** The module's reflection question in the reader's language (the other where it has none), if it has one. */
function questionBlock(say: (question: string) => string, s: SessionFacts, locale: Locale): Block[] {
  const [mine, other] = locale === 'de' ? [s.question_de, s.question_en] : [s.question_en, s.question_de];
  const question = (mine ?? '').trim() || (other ?? '').trim();
  return question ? [{ p: say(question) }] : [];
}

function rosterBlock(w: Wording, s: SessionFacts, roster: Participant[]): Block {
  if (roster.length === 0) return { p: `${w.participantsHeading(0, s.capacity)}: ${w.noParticipants}` };
  return {
    heading: w.participantsHeading(roster.length, s.capacity),
    list: roster.map((p) => `${p.name}${p.department ? `, ${p.department}` : ''} <${p.email}>`),
  };
}

function calendarEvent(s: SessionFacts, booking: BookingCalendarRef, to: Recipient, baseUrl: string): CalendarEvent {
  return {
    uid: booking.uid,
    sequence: booking.sequence,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    ...sessionEventTexts(s, wording(to.locale), baseUrl),
    coach: { name: s.coach_name, email: s.coach_email },
    attendee: { name: to.name, email: to.email },
  };
}
