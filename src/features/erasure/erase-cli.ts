// `quartet people erase --org SLUG --email ADDRESS`: an erasure asked for outside the app (a
// letter to the data-protection officer), by the operator. The same service as the API; the audit
// log records it as the operator's.
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { InputError, NotFoundError } from '../../lib/errors.ts';
import { findOrganisationBySlug, findPersonByEmail } from './queries.ts';
import { erasePerson, removeCaughtMailOf } from './service.ts';

export const ERASURE_HELP = `  people erase --org SLUG --email ADDRESS
                    erase a person (GDPR Art. 17): future seats given up (coaches told), name,
                    address and texts removed everywhere, what figures count kept anonymous`;

export const ERASURE_COMMANDS: ReadonlyMap<string, readonly string[]> = new Map([['people erase', ['org', 'email']]]);

export async function runErasureCommand(
  db: Db, flags: { org?: string | undefined; email?: string | undefined }, o: { caughtMailDir?: string | undefined } = {},
): Promise<{ erased: true; bookingsCancelled: number; caughtMailRemoved: number }> {
  const missing = (['org', 'email'] as const).filter((f) => !flags[f]);
  if (missing.length > 0) throw new InputError(missing.map((f) => ({ field: `--${f}`, message: 'is required' })));
  const org = await findOrganisationBySlug(db, flags.org!);
  if (!org) throw new NotFoundError(`Organisation ${flags.org}`);
  const erasure = await inOrg(db, org.id, async (tx) => {
    const person = await findPersonByEmail(tx, org.id, flags.email!);
    if (!person) throw new NotFoundError(`Person ${flags.email} in ${flags.org}`);
    return erasePerson(tx, org.id, person.id, { kind: 'command_line' });
  });
  const caughtMailRemoved = o.caughtMailDir ? await removeCaughtMailOf(o.caughtMailDir, erasure) : 0;
  return { erased: true, bookingsCancelled: erasure.bookingsCancelled, caughtMailRemoved };
}
