// What other features read of an organisation: its program's rules (capacity, limits, cut-off,
// participant visibility, its zone), as stored.
import type { Tx } from '../../db/transaction.ts';
import { getProgramSettings, type ProgramSettingsRow } from './queries.ts';

export function programSettings(tx: Tx, orgId: string): Promise<ProgramSettingsRow> {
  return getProgramSettings(tx, orgId);
}
