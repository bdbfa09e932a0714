// Reading a session's suggestions (its coach, admins, its participants) and the category list.
import type { Tx } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { inLanguage, presentCategory, presentSuggestion } from './presenters.ts';
import { listCategories, suggestionById, suggestionsOfPerson, suggestionsOfSession } from './queries.ts';
import { reflectionAccess } from './service.ts';

export async function groupSuggestions(tx: Tx, actor: Actor, sessionId: string) {
  const { facts, canRecordNow } = await reflectionAccess(tx, actor, sessionId, false);
  const rows = await suggestionsOfSession(tx, actor.orgId, sessionId);
  return {
    sessionId,
    question: inLanguage(actor.locale, facts.question_en, facts.question_de),
    opensAt: facts.starts_at.toISOString(),
    closesAt: facts.closes_at.toISOString(),
    canRecord: canRecordNow,
    noSuggestions: facts.no_suggestions_at !== null,
    items: rows.map((r) => presentSuggestion(r, actor.locale)),
  };
}

/** What became of the suggestions of every group the reader was part of ("My sessions"). */
export async function mySuggestions(tx: Tx, actor: Actor) {
  const rows = await suggestionsOfPerson(tx, actor.orgId, actor.personId, 500);
  return { items: rows.map((r) => presentSuggestion(r, actor.locale)) };
}

export async function oneSuggestion(tx: Tx, actor: Actor, id: string) {
  const row = await suggestionById(tx, actor.orgId, id);
  if (!row) throw new NotFoundError('Suggestion');
  await reflectionAccess(tx, actor, row.session_id, false);
  return presentSuggestion(row, actor.locale);
}

export async function categories(tx: Tx, actor: Actor, includeRetired: boolean) {
  const rows = await listCategories(tx, actor.orgId, includeRetired);
  return { items: rows.map((r) => presentCategory(r, actor.locale)) };
}
