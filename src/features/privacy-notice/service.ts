// Changing the notice: admins keep the organisation's controller details (audited, without the
// values: the contact is a person's name and address), and a person acknowledges the short notice.
// A material change raises the revision, which changes the version and shows everyone the notice again.
import type { Tx } from '../../db/transaction.ts';
import { requirePerson, requireRole, type Actor } from '../../lib/actor.ts';
import { RuleError } from '../../lib/errors.ts';
import { audit } from '../audit/service.ts';
import { noticeVersion } from './notice-facts.ts';
import { presentAcknowledgement, presentAdminNotice } from './presenters.ts';
import { findDetails, lockDetails, markSeen, saveDetails, type DetailsRow, type DetailsValues } from './queries.ts';
import type { ControllerDetailsInput } from './schema.ts';

const FIELDS: ReadonlyArray<readonly [keyof ControllerDetailsInput, keyof DetailsValues]> = [
  ['controllerName', 'controller_name'],
  ['controllerAddress', 'controller_address'],
  ['contactName', 'contact_name'],
  ['contactEmail', 'contact_email'],
  ['authorityName', 'authority_name'],
  ['authorityUrl', 'authority_url'],
  ['extraTextEn', 'extra_text_en'],
  ['extraTextDe', 'extra_text_de'],
];

/**
 * Whether a reader would learn something new: a change of spacing or of capitals alone is not
 * material (people are not shown the notice again for it); any other change is.
 */
function sameForReaders(a: string, b: string): boolean {
  const plain = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('en');
  return plain(a) === plain(b);
}

export async function saveControllerDetails(tx: Tx, actor: Actor, input: ControllerDetailsInput) {
  requireRole(actor, 'admin');
  const values = Object.fromEntries(FIELDS.map(([from, to]) => [to, input[from]])) as unknown as DetailsValues;
  const before = await lockDetails(tx, actor.orgId);
  const changed = FIELDS.filter(([, column]) => before?.[column] !== values[column]).map(([field]) => field);
  if (before && changed.length === 0) return presentAdminNotice(before);
  const material = !before || FIELDS.some(([, column]) => !sameForReaders(before[column], values[column]));
  const revision = before ? before.revision + (material ? 1 : 0) : 1;
  const saved: DetailsRow = await saveDetails(tx, actor.orgId, values, revision);
  await audit(tx, actor, 'privacy.notice_changed', { kind: 'organisation', id: actor.orgId }, { fields: changed, material, version: noticeVersion(revision) });
  return presentAdminNotice(saved);
}

/** 409 PRIVACY_NOTICE_CHANGED when the notice changed after it was shown: the new one is to be read first. */
export async function acknowledgeNotice(tx: Tx, actor: Actor, version: string) {
  requirePerson(actor);
  const current = noticeVersion((await findDetails(tx, actor.orgId))?.revision);
  if (version !== current) {
    throw new RuleError('PRIVACY_NOTICE_CHANGED', 'The privacy notice has changed since it was shown; read the current one.', { version: current });
  }
  return presentAcknowledgement(await markSeen(tx, actor.orgId, actor.personId, version), current);
}
