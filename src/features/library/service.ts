// The admin keeps the module library and the rooms: add, edit, retire (and bring back). Retired
// ones stay for history; nothing new can be published with them.
import { violatedConstraint } from '../../db/errors.ts';
import type { Locale } from '../../db/schema.ts';
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError, RuleError } from '../../lib/errors.ts';
import { isTimeZone } from '../../lib/zones.ts';
import { audit } from '../audit/service.ts';
import { insertModule, insertRoom, largestUpcomingGroupIn, lockRoom, upcomingSessionsIn, updateModule, updateRoom, type ModuleRow, type RoomRow } from './queries.ts';

export interface ModuleInput {
  code: string;
  title: string;
  summary?: string | undefined;
  language: Locale;
  durationMinutes?: number | undefined;
  reflectionQuestionEn?: string | undefined;
  reflectionQuestionDe?: string | undefined;
}

export async function addModule(tx: Tx, actor: Actor, input: ModuleInput) {
  requireRole(actor, 'admin');
  try {
    const row = await insertModule(tx, actor.orgId, {
      code: input.code.toUpperCase(), title: input.title, summary: input.summary ?? '', language: input.language, duration_minutes: input.durationMinutes ?? 90,
      reflection_question_en: input.reflectionQuestionEn ?? '', reflection_question_de: input.reflectionQuestionDe ?? '',
    });
    await audit(tx, actor, 'module.added', { kind: 'module', id: row.id }, { code: row.code });
    return presentModule(row);
  } catch (error) {
    if (violatedConstraint(error) === 'modules_one_code_per_org') throw new RuleError('MODULE_CODE_TAKEN', `A module with the code ${input.code.toUpperCase()} exists already.`);
    throw error;
  }
}

export async function changeModule(
  tx: Tx, actor: Actor, id: string,
  input: Partial<Omit<ModuleInput, 'code'>> & { retired?: boolean | undefined },
) {
  requireRole(actor, 'admin');
  const row = await updateModule(tx, actor.orgId, id, {
    ...(input.title !== undefined && { title: input.title }),
    ...(input.summary !== undefined && { summary: input.summary }),
    ...(input.language !== undefined && { language: input.language }),
    ...(input.durationMinutes !== undefined && { duration_minutes: input.durationMinutes }),
    ...(input.retired !== undefined && { retired: input.retired }),
    ...(input.reflectionQuestionEn !== undefined && { reflection_question_en: input.reflectionQuestionEn }),
    ...(input.reflectionQuestionDe !== undefined && { reflection_question_de: input.reflectionQuestionDe }),
  });
  if (!row) throw new NotFoundError('Module');
  await audit(tx, actor, 'module.changed', { kind: 'module', id }, { fields: Object.keys(input) });
  return presentModule(row);
}

export interface RoomInput {
  name: string;
  site: string;
  capacity: number;
  timeZone: string;
}

export async function addRoom(tx: Tx, actor: Actor, input: RoomInput) {
  requireRole(actor, 'admin');
  if (!isTimeZone(input.timeZone)) throw new InputError([{ field: 'timeZone', message: 'is not an IANA time zone' }]);
  try {
    const row = await insertRoom(tx, actor.orgId, { name: input.name, site: input.site, capacity: input.capacity, time_zone: input.timeZone });
    await audit(tx, actor, 'room.added', { kind: 'room', id: row.id }, { name: row.name, site: row.site });
    return presentRoom(row);
  } catch (error) {
    if (violatedConstraint(error) === 'rooms_one_name_per_site') throw new RuleError('ROOM_NAME_TAKEN', `${input.site} has a room called ${input.name} already.`);
    throw error;
  }
}

export async function changeRoom(
  tx: Tx, actor: Actor, id: string,
  input: { name?: string | undefined; site?: string | undefined; capacity?: number | undefined; timeZone?: string | undefined; retired?: boolean | undefined },
) {
  requireRole(actor, 'admin');
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) throw new InputError([{ field: 'timeZone', message: 'is not an IANA time zone' }]);
  // Before counting: a session being published in the room meanwhile is then either counted or refused.
  if (!(await lockRoom(tx, actor.orgId, id))) throw new NotFoundError('Room');
  if (input.capacity !== undefined) {
    const largest = await largestUpcomingGroupIn(tx, actor.orgId, id);
    // The coach needs a chair too.
    if (largest + 1 > input.capacity) {
      throw new RuleError('ROOM_TOO_SMALL', `Sessions of up to ${largest} participants are planned in this room; with the coach it must seat ${largest + 1}.`);
    }
  }
  if (input.retired === true) {
    const planned = await upcomingSessionsIn(tx, actor.orgId, id);
    if (planned > 0) throw new RuleError('ROOM_IN_USE', planned === 1 ? '1 upcoming session is planned in this room; move it first.' : `${planned} upcoming sessions are planned in this room; move them first.`, { sessions: planned });
  }
  try {
    const row = await updateRoom(tx, actor.orgId, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.site !== undefined && { site: input.site }),
      ...(input.capacity !== undefined && { capacity: input.capacity }),
      ...(input.timeZone !== undefined && { time_zone: input.timeZone }),
      ...(input.retired !== undefined && { retired: input.retired }),
    });
    if (!row) throw new NotFoundError('Room');
    await audit(tx, actor, 'room.changed', { kind: 'room', id }, { fields: Object.keys(input) });
    return presentRoom(row);
  } catch (error) {
    if (violatedConstraint(error) === 'rooms_one_name_per_site') throw new RuleError('ROOM_NAME_TAKEN', 'That site has a room of this name already.');
    throw error;
  }
}

function presentModule(m: ModuleRow) {
  return {
    id: m.id, code: m.code, title: m.title, summary: m.summary, language: m.language, durationMinutes: m.duration_minutes, retired: m.retired_at !== null,
    reflectionQuestionEn: m.reflection_question_en, reflectionQuestionDe: m.reflection_question_de,
  };
}

function presentRoom(r: RoomRow) {
  return { id: r.id, name: r.name, site: r.site, capacity: r.capacity, timeZone: r.time_zone, retired: r.retired_at !== null };
}
