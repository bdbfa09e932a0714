// The board's rules. Admins see and change everything; a suggestion owner sees the suggestions of
// their categories and areas and those assigned to them, sets status and response, writes notes
// and merges within what they see; someone assigned a suggestion without being appointed works on
// just those. Only admins appoint owners and assign suggestions. A decline
// needs a reason, which the group reads as the response. Every change is made against a version.
import type { SuggestionStatus } from '../../../db/schema.ts';
import type { Tx } from '../../../db/transaction.ts';
import { hasRole, requireRole, type Actor } from '../../../lib/actor.ts';
import { ForbiddenError, InputError, NotFoundError, RuleError } from '../../../lib/errors.ts';
import { audit } from '../../audit/service.ts';
import { queueSuggestionAssigned } from '../../notifications/outbox/service.ts';
import { queueStatusChanged } from '../../webhooks/outbox/service.ts';
import {
  activeCategoryIds, activePerson, boardRow, deleteOwner, insertComment, lockSuggestions, mergeInto, ownerScopeOf, updateBoardFields, upsertOwner,
  type OwnerScope,
} from './queries.ts';

/** The reader's view of the board: undefined scope for admins, theirs for owners; 403 for anyone else. */
export async function boardScope(tx: Tx, actor: Actor): Promise<OwnerScope | undefined> {
  if (hasRole(actor, 'admin')) return undefined;
  const scope = await ownerScopeOf(tx, actor.orgId, actor.personId);
  if (!scope) throw new ForbiddenError('The suggestion board is for admins and suggestion owners.');
  return scope;
}

export async function visibleSuggestion(tx: Tx, actor: Actor, id: string) {
  const row = await boardRow(tx, actor.orgId, id, await boardScope(tx, actor));
  if (!row) throw new NotFoundError('Suggestion');
  return row;
}

const changed = (version: number) =>
  new RuleError('SUGGESTION_CHANGED', 'Someone changed this suggestion meanwhile; load it again and repeat your change.', { version });

export async function changeOnBoard(
  tx: Tx, actor: Actor, id: string, input: { version: number; status?: SuggestionStatus | undefined; response?: string | undefined; ownerId?: string | null | undefined },
): Promise<void> {
  const row = await visibleSuggestion(tx, actor, id);
  if (row.merged_into) throw new RuleError('SUGGESTION_MERGED', 'This suggestion was merged into another; change that one.', { mergedInto: row.merged_into });
  if (input.version !== row.version) throw changed(row.version);
  if (input.ownerId !== undefined) {
    requireRole(actor, 'admin');
    if (input.ownerId !== null && !(await activePerson(tx, actor.orgId, input.ownerId))) throw new NotFoundError('Person');
  }
  const status = input.status ?? row.status;
  const response = input.response ?? row.response;
  if (status === 'declined' && response.trim() === '') {
    throw new InputError([{ field: 'response', message: 'a declined suggestion needs a reason the group can read' }]);
  }
  const done = await updateBoardFields(tx, actor.orgId, id, input.version, {
    ...(input.status !== undefined && { status: input.status }),
    ...(input.response !== undefined && { response: input.response }),
    ...(input.ownerId !== undefined && { owner_id: input.ownerId }),
  });
  if (!done) {
    // Another change committed while this one waited for the row: name the version it left.
    const current = await boardRow(tx, actor.orgId, id, undefined);
    if (!current) throw new NotFoundError('Suggestion');
    throw changed(current.version);
  }
  if (input.status !== undefined && input.status !== row.status) {
    await audit(tx, actor, 'suggestion.status_changed', { kind: 'suggestion', id }, { from: row.status, to: input.status });
    await queueStatusChanged(tx, actor.orgId, id, row.status);
  }
  if (input.response !== undefined && input.response !== row.response) await audit(tx, actor, 'suggestion.responded', { kind: 'suggestion', id });
  if (input.ownerId !== undefined && input.ownerId !== row.owner_id) {
    await audit(tx, actor, 'suggestion.assigned', { kind: 'suggestion', id }, { owner: input.ownerId });
    // The new owner hears of it, unless they assigned it to themselves.
    if (input.ownerId !== null && input.ownerId !== actor.personId) await queueSuggestionAssigned(tx, actor.orgId, input.ownerId, id);
  }
}

export async function addComment(tx: Tx, actor: Actor, id: string, body: string): Promise<void> {
  await visibleSuggestion(tx, actor, id);
  await insertComment(tx, actor.orgId, { suggestion_id: id, author_id: actor.personId, body });
  await audit(tx, actor, 'suggestion.commented', { kind: 'suggestion', id });
}

/** Merges a duplicate into a survivor both visible to the actor; the duplicate then follows it. */
export async function mergeSuggestion(tx: Tx, actor: Actor, id: string, input: { intoId: string; version: number }): Promise<void> {
  if (id === input.intoId) throw new InputError([{ field: 'intoId', message: 'is the suggestion itself' }]);
  await boardScope(tx, actor);
  // Both locked before they are read: a change of the survivor, or another merge of the duplicate,
  // waits for this merge and then sees it (else the duplicate could keep a status its survivor left).
  await lockSuggestions(tx, actor.orgId, [id, input.intoId]);
  const duplicate = await visibleSuggestion(tx, actor, id);
  const survivor = await visibleSuggestion(tx, actor, input.intoId);
  if (duplicate.merged_into) throw new RuleError('SUGGESTION_MERGED', 'This suggestion was merged already.', { mergedInto: duplicate.merged_into });
  if (survivor.merged_into) throw new RuleError('SUGGESTION_MERGED', 'Merge into the suggestion that one was merged into.', { mergedInto: survivor.merged_into });
  if (input.version !== duplicate.version) throw changed(duplicate.version);
  await mergeInto(tx, actor.orgId, id, { id: survivor.id, status: survivor.status, response: survivor.response });
  await audit(tx, actor, 'suggestion.merged', { kind: 'suggestion', id }, { into: survivor.id });
  // The duplicate now shows its survivor's status: a change of status to the receivers.
  if (duplicate.status !== survivor.status) await queueStatusChanged(tx, actor.orgId, id, duplicate.status);
}

export async function appointOwner(tx: Tx, actor: Actor, personId: string, input: { categoryIds: string[]; areas: string[] }): Promise<void> {
  requireRole(actor, 'admin');
  if (!(await activePerson(tx, actor.orgId, personId))) throw new NotFoundError('Person');
  const categoryIds = [...new Set(input.categoryIds)];
  const known = await activeCategoryIds(tx, actor.orgId, categoryIds);
  if (known.length !== categoryIds.length) throw new NotFoundError('Category');
  const areas = [...new Set(input.areas.map((a) => a.trim()))];
  if (categoryIds.length === 0 && areas.length === 0) {
    throw new InputError([{ field: 'categoryIds', message: 'name at least one category or area the owner works on' }]);
  }
  await upsertOwner(tx, actor.orgId, personId, { category_ids: categoryIds, areas });
  await audit(tx, actor, 'suggestion.owner_appointed', { kind: 'person', id: personId }, { categories: categoryIds, areas });
}

export async function dismissOwner(tx: Tx, actor: Actor, personId: string): Promise<void> {
  requireRole(actor, 'admin');
  if (!(await deleteOwner(tx, actor.orgId, personId))) throw new NotFoundError('Suggestion owner');
  await audit(tx, actor, 'suggestion.owner_dismissed', { kind: 'person', id: personId });
}
