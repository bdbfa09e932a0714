// Reading the notice: the admin's view of the controller details, the notice as a signed-in person
// reads it (their organisation's details, whether the short notice is due), and the generic notice
// a visitor who is not signed in reads (no organisation is known, so no controller details).
import type { Tx } from '../../db/transaction.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { PRIVACY_FLOOR } from '../../lib/privacy-floor.ts';
import { readRetentionSettings } from '../retention/service.ts';
import { noticeVersion, retentionPeriods } from './notice-facts.ts';
import { presentAcknowledgement, presentAdminNotice, presentDetails } from './presenters.ts';
import { findDetails, organisationAndPerson } from './queries.ts';

export async function adminNotice(tx: Tx, actor: Actor) {
  requireRole(actor, 'admin');
  return presentAdminNotice(await findDetails(tx, actor.orgId));
}

export async function noticeFor(tx: Tx, actor: Actor) {
  const details = await findDetails(tx, actor.orgId);
  const facts = await organisationAndPerson(tx, actor.orgId, actor.personId);
  const version = noticeVersion(details?.revision);
  return {
    version,
    organisation: { name: facts.name },
    controller: details ? presentDetails(details) : null,
    retention: retentionPeriods(await readRetentionSettings(tx, actor.orgId)),
    minimumPeople: PRIVACY_FLOOR,
    acknowledgement: presentAcknowledgement(facts, version),
  };
}

export function genericNotice() {
  return {
    version: noticeVersion(undefined),
    organisation: null,
    controller: null,
    retention: retentionPeriods(),
    minimumPeople: PRIVACY_FLOOR,
    acknowledgement: null,
  };
}
