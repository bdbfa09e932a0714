// The admin's records of processing (Art. 30 GDPR), read from the map of personal data in code:
// what the database holds is what the map says, because the catalog test keeps them equal.
import type { Locale } from '../../db/schema.ts';
import { requireRole, type Actor } from '../../lib/actor.ts';
import { DATA_MAP, OUTSIDE_THE_MAP } from './data-map.ts';
import { presentRecords } from './presenters.ts';

export function processingRecords(actor: Actor, locale: Locale = actor.locale) {
  requireRole(actor, 'admin');
  return presentRecords(DATA_MAP, OUTSIDE_THE_MAP, locale);
}
