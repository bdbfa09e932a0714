// The group's suggestions at the end of a session: the coach (or an admin; the participants too
// where the organisation allows it) records them from the session's start until the window after
// its end closes. A suggestion is the group's: who typed it goes to the audit log only. Once the
// board has taken one up (a status past new, an answer, an owner, notes or duplicates), the group
// no longer changes it.
import { violatedConstraint } from '../../db/errors.ts';
import type { Tx } from '../../db/transaction.ts';
import { hasRole, requireRole, type Actor } from '../../lib/actor.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { queueSuggestionEvents } from '../webhooks/outbox/service.ts';
import { presentCategory } from './presenters.ts';
import {
  activeCategory, countSuggestions, deleteSuggestion, insertCategory, insertSuggestion, reflectionFacts, setNoSuggestions,
  suggestionById, updateCategory, updateSuggestion, type ReflectionFacts,
} from './queries.ts';

export interface SuggestionInput {
  title: string;
  body?: string | undefined;
  categoryId?: string | null | undefined;
  area?: string | null | undefined;
}

/** Who may do what with a session's suggestions; 404 for anyone who was not part of it. */
export async function reflectionAccess(tx: Tx, actor: Actor, sessionId: string, lock: boolean) {
  const facts = await reflectionFacts(tx, actor.orgId, sessionId, actor.personId, lock);
  const runsIt = facts !== undefined && (facts.coach_id === actor.personId || hasRole(actor, 'admin'));
  if (!facts || (!runsIt && !facts.participant)) throw new NotFoundError("This session's suggestions");
  const mayRecord = runsIt || facts.participants_add;
  return { facts, runsIt, mayRecord, canRecordNow: mayRecord && facts.status !== 'cancelled' && facts.open_now };
}

function requireOpen(facts: ReflectionFacts): void {
  if (facts.status === 'cancelled') throw new RuleError('SESSION_CANCELLED', 'This session was cancelled; it has no suggestions to record.');
  if (!facts.started) {
    throw new RuleError('SUGGESTIONS_NOT_OPEN', 'Suggestions can be recorded from the start of the session.', { opensAt: facts.starts_at.toISOString() });
  }
  if (!facts.open_now) {
    throw new RuleError('SUGGESTIONS_CLOSED', 'The time to record suggestions for this session has passed.', { closedAt: facts.closes_at.toISOString() });
  }
}

async function writableAccess(tx: Tx, actor: Actor, sessionId: string) {
  const access = await reflectionAccess(tx, actor, sessionId, true);
  if (!access.mayRecord) throw new ForbiddenError("Your session's coach records the group's suggestions.");
  requireOpen(access.facts);
  return access;
}

async function checkedCategory(tx: Tx, actor: Actor, categoryId: string | null | undefined): Promise<string | null | undefined> {
  if (categoryId === undefined || categoryId === null) return categoryId;
  if (!(await activeCategory(tx, actor.orgId, categoryId))) throw new NotFoundError('Category');
  return categoryId;
}

export async function addSuggestion(tx: Tx, actor: Actor, sessionId: string, input: SuggestionInput): Promise<string> {
  const { facts } = await writableAccess(tx, actor, sessionId);
  const id = await insertSuggestion(tx, actor.orgId, {
    session_id: sessionId, module_id: facts.module_id, title: input.title, body: input.body ?? '',
    category_id: (await checkedCategory(tx, actor, input.categoryId)) ?? null, area: input.area || null,
  });
  if (facts.no_suggestions_at) await setNoSuggestions(tx, actor.orgId, sessionId, false);
  await audit(tx, actor, 'suggestion.added', { kind: 'suggestion', id }, { session: sessionId });
  await queueSuggestionEvents(tx, actor.orgId, 'suggestion.created', [id]);
  return id;
}

/** The suggestion, if the group may still change it; the session's row is locked meanwhile. */
async function changeableSuggestion(tx: Tx, actor: Actor, id: string, version: number | undefined) {
  const found = await suggestionById(tx, actor.orgId, id);
  if (!found) throw new NotFoundError('Suggestion');
  try {
    await writableAccess(tx, actor, found.session_id);
  } catch (error) {
    // Someone outside the session learns no more than of a suggestion that does not exist.
    throw error instanceof NotFoundError ? new NotFoundError('Suggestion') : error;
  }
  // Read again under the session's lock, which every change takes: a change that committed while
  // this one waited is seen, so a refusal names the version it left (and a removal, 404).
  const row = await suggestionById(tx, actor.orgId, id);
  if (!row) throw new NotFoundError('Suggestion');
  if (version !== undefined && version !== row.version) throw changed(row.version);
  if (row.taken_up) throw new RuleError('SUGGESTION_TAKEN_UP', 'This suggestion is being worked on; the group can no longer change it.', { status: row.status });
  return row;
}

const changed = (version: number) =>
  new RuleError('SUGGESTION_CHANGED', 'Someone changed this suggestion meanwhile; load it again and repeat your change.', { version });

export async function changeSuggestion(
  tx: Tx, actor: Actor, id: string, input: Partial<SuggestionInput> & { version: number },
): Promise<void> {
  const row = await changeableSuggestion(tx, actor, id, input.version);
  const categoryId = await checkedCategory(tx, actor, input.categoryId);
  const done = await updateSuggestion(tx, actor.orgId, id, input.version, {
    ...(input.title !== undefined && { title: input.title }),
    ...(input.body !== undefined && { body: input.body }),
    ...(categoryId !== undefined && { category_id: categoryId }),
    ...(input.area !== undefined && { area: input.area || null }),
  });
  if (!done) throw changed(row.version);
  await audit(tx, actor, 'suggestion.changed', { kind: 'suggestion', id }, { session: row.session_id, fields: Object.keys(input).filter((k) => k !== 'version') });
}

export async function removeSuggestion(tx: Tx, actor: Actor, id: string, version: number | undefined): Promise<void> {
  const row = await changeableSuggestion(tx, actor, id, version);
  await deleteSuggestion(tx, actor.orgId, id);
  await audit(tx, actor, 'suggestion.removed', { kind: 'suggestion', id }, { session: row.session_id });
}

/** The coach's "no suggestions": the session counts as reflected. Refused while suggestions exist. */
export async function markReflection(tx: Tx, actor: Actor, sessionId: string, noSuggestions: boolean) {
  const { facts, runsIt } = await reflectionAccess(tx, actor, sessionId, true);
  if (!runsIt) throw new ForbiddenError('The coach records whether the group had suggestions.');
  requireOpen(facts);
  if (noSuggestions) {
    const n = await countSuggestions(tx, actor.orgId, sessionId);
    if (n > 0) {
      throw new RuleError('SESSION_HAS_SUGGESTIONS', n === 1
        ? 'The group has 1 suggestion recorded; remove it first.'
        : `The group has ${n} suggestions recorded; remove them first.`, { suggestions: n });
    }
  }
  await setNoSuggestions(tx, actor.orgId, sessionId, noSuggestions);
  await audit(tx, actor, noSuggestions ? 'session.no_suggestions' : 'session.no_suggestions_withdrawn', { kind: 'session', id: sessionId });
  return { sessionId, noSuggestions };
}

export async function addCategory(tx: Tx, actor: Actor, input: { nameEn: string; nameDe: string; position?: number | undefined }) {
  requireRole(actor, 'admin');
  try {
    const row = await insertCategory(tx, actor.orgId, { name_en: input.nameEn, name_de: input.nameDe, position: input.position ?? 100 });
    await audit(tx, actor, 'suggestion.category_added', { kind: 'suggestion_category', id: row.id }, { nameEn: row.name_en });
    return presentCategory(row, actor.locale);
  } catch (error) {
    throw categoryNameTaken(error, input.nameEn);
  }
}

export async function changeCategory(
  tx: Tx, actor: Actor, id: string,
  input: { nameEn?: string | undefined; nameDe?: string | undefined; position?: number | undefined; retired?: boolean | undefined },
) {
  requireRole(actor, 'admin');
  try {
    const row = await updateCategory(tx, actor.orgId, id, {
      ...(input.nameEn !== undefined && { name_en: input.nameEn }),
      ...(input.nameDe !== undefined && { name_de: input.nameDe }),
      ...(input.position !== undefined && { position: input.position }),
      ...(input.retired !== undefined && { retired: input.retired }),
    });
    if (!row) throw new NotFoundError('Category');
    await audit(tx, actor, 'suggestion.category_changed', { kind: 'suggestion_category', id }, { fields: Object.keys(input) });
    return presentCategory(row, actor.locale);
  } catch (error) {
    throw categoryNameTaken(error, input.nameEn ?? '');
  }
}

function categoryNameTaken(error: unknown, name: string): unknown {
  if (violatedConstraint(error) !== 'suggestion_categories_one_name') return error;
  return new RuleError('CATEGORY_NAME_TAKEN', `A category called ${name} exists already.`);
}
