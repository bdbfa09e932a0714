// The open board's rules. Admins decide whether employees see it (the program setting, off by
// default). When open, every person of the organisation reads it and supports a suggestion once;
// when closed, employees get 403 BOARD_CLOSED while admins may still preview it (to see what they
// would open), though nobody supports on a closed board. Supports are not audited: the audit log
// is for admins to read, and who supports what is shown to nobody.
import type { Tx } from '../../../db/transaction.ts';
import { hasRole, requirePerson, type Actor } from '../../../lib/actor.ts';
import { ForbiddenError, NotFoundError, RuleError } from '../../../lib/errors.ts';
import { peopleCount } from '../../../lib/privacy-floor.ts';
import { programSettings } from '../../organisations/views.ts';
import { SUPPORTABLE } from './presenters.ts';
import { deleteSupport, insertSupport, supportCount, supportedAmong, supportTarget } from './queries.ts';

const closed = () => new ForbiddenError('Your organisation has not opened the suggestion board to employees.', 'BOARD_CLOSED');

async function isOpen(tx: Tx, orgId: string): Promise<boolean> {
  return (await programSettings(tx, orgId)).board_open_to_employees;
}

/**
 * Refuses an employee while the board is closed; admins preview it either way. Returns whether it is
 * open: in a preview nothing can be supported (support refuses BOARD_CLOSED), so nothing offers it.
 */
export async function requireOpenBoardReader(tx: Tx, actor: Actor): Promise<boolean> {
  const open = await isOpen(tx, actor.orgId);
  if (!open && !hasRole(actor, 'admin')) throw closed();
  return open;
}

async function supportState(tx: Tx, actor: Actor, id: string) {
  const mine = await supportedAmong(tx, actor.orgId, actor.personId, [id]);
  return { id, supports: peopleCount(await supportCount(tx, actor.orgId, id)), supported: mine.has(id) };
}

/** Supports a suggestion once; again is no change. A merged duplicate points to its survivor (409). */
export async function support(tx: Tx, actor: Actor, id: string) {
  requirePerson(actor);
  if (!(await isOpen(tx, actor.orgId))) throw closed();
  const target = await supportTarget(tx, actor.orgId, id);
  if (!target) throw new NotFoundError('Suggestion');
  if (target.merged_into) {
    throw new RuleError('SUGGESTION_MERGED', 'This suggestion was folded into another; support that one.', { mergedInto: target.merged_into });
  }
  const already = (await supportedAmong(tx, actor.orgId, actor.personId, [id])).has(id);
  if (!already && !SUPPORTABLE.has(target.status)) {
    throw new RuleError('SUGGESTION_SETTLED', 'This suggestion is done or declined; it can no longer be supported.', { status: target.status });
  }
  await insertSupport(tx, actor.orgId, id, actor.personId);
  return supportState(tx, actor, id);
}

/** Withdraws the reader's support; withdrawing what is not there is no change. */
export async function withdrawSupport(tx: Tx, actor: Actor, id: string) {
  requirePerson(actor);
  if (!(await isOpen(tx, actor.orgId))) throw closed();
  if (!(await supportTarget(tx, actor.orgId, id))) throw new NotFoundError('Suggestion');
  await deleteSupport(tx, actor.orgId, id, actor.personId);
  return supportState(tx, actor, id);
}
