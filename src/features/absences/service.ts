// A coach reports being away for some days; the admin sees which sessions need a new coach and
// reassigns (POST /api/sessions/{id}/reassign) or cancels each.
import { DateTime } from 'luxon';
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError } from '../../lib/errors.ts';
import { localIso } from '../../lib/time.ts';
import { audit } from '../audit/service.ts';
import { queueCoachAbsent } from '../notifications/outbox/service.ts';
import { currentAbsences, insertAbsence, lockCoachZone, sessionsNeedingCoach, withdrawAbsence, type AbsenceRow, type UncoachedSessionRow } from './queries.ts';

export interface AbsenceInput {
  firstDay: string;
  lastDay: string;
  note?: string | undefined;
}

export async function reportAbsence(tx: Tx, actor: Actor, input: AbsenceInput) {
  requireRole(actor, 'coach');
  // First, before anything else this report writes or reads: see lockCoachZone.
  const zone = (await lockCoachZone(tx, actor.orgId, actor.personId)) ?? actor.timeZone;
  const first = DateTime.fromISO(input.firstDay, { zone });
  const last = DateTime.fromISO(input.lastDay, { zone });
  const today = DateTime.now().setZone(zone).startOf('day');
  const fields = [];
  if (!first.isValid) fields.push({ field: 'firstDay', message: 'is not a date (YYYY-MM-DD)' });
  if (!last.isValid) fields.push({ field: 'lastDay', message: 'is not a date (YYYY-MM-DD)' });
  else if (first.isValid && last < first) fields.push({ field: 'lastDay', message: 'is before the first day' });
  else if (first.isValid && last.diff(first, 'days').days > 366) fields.push({ field: 'lastDay', message: 'is more than a year after the first day' });
  else if (last < today) fields.push({ field: 'lastDay', message: 'has passed' });
  if (fields.length > 0) throw new InputError(fields);
  const startsAt = first.startOf('day').toJSDate();
  const endsAt = last.plus({ days: 1 }).startOf('day').toJSDate();
  const absence = await insertAbsence(tx, {
    orgId: actor.orgId, coachId: actor.personId, firstDay: input.firstDay, lastDay: input.lastDay, startsAt, endsAt, note: input.note ?? null,
  });
  const affected = await sessionsNeedingCoach(tx, actor.orgId, actor.personId);
  // The admins hear of it when this absence leaves a session without its coach.
  if (affected.some((s) => s.starts_at < endsAt && s.ends_at > startsAt)) await queueCoachAbsent(tx, actor.orgId, actor.personId, absence.id);
  await audit(tx, actor, 'absence.reported', { kind: 'person', id: actor.personId }, { firstDay: input.firstDay, lastDay: input.lastDay, sessions: affected.length });
  return { absence: presentAbsence(absence), sessionsNeedingCoach: affected.map((s) => presentSession(s, actor.timeZone)) };
}

export async function listMyAbsences(tx: Tx, actor: Actor) {
  requireRole(actor, 'coach');
  return { items: (await currentAbsences(tx, actor.orgId, actor.personId)).map(presentAbsence) };
}

export async function withdrawMyAbsence(tx: Tx, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'coach');
  if (!(await withdrawAbsence(tx, actor.orgId, actor.personId, id))) throw new NotFoundError('Absence');
  await audit(tx, actor, 'absence.withdrawn', { kind: 'person', id: actor.personId }, { absenceId: id });
}

export async function listSessionsNeedingCoach(tx: Tx, actor: Actor, timeZone?: string) {
  requireRole(actor, 'admin');
  return { items: (await sessionsNeedingCoach(tx, actor.orgId)).map((s) => presentSession(s, timeZone ?? actor.timeZone)) };
}

function presentAbsence(a: AbsenceRow) {
  return { id: a.id, firstDay: a.first_day, lastDay: a.last_day, note: a.note };
}

function presentSession(s: UncoachedSessionRow, viewerZone: string) {
  return {
    id: s.id,
    moduleTitle: s.module_title,
    startsAt: localIso(s.starts_at, viewerZone),
    endsAt: localIso(s.ends_at, viewerZone),
    sessionTimeZone: s.time_zone,
    coach: { id: s.coach_id, name: s.coach_name },
    seatsTaken: s.seats_taken,
    capacity: s.capacity,
    absence: { firstDay: s.absence_first_day, lastDay: s.absence_last_day, note: s.absence_note },
  };
}
