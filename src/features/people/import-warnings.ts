// Sites and departments a file brings that no active person has yet. "Hamburgg" would otherwise
// become a third site without a word; a new department can be real, so these warn and never refuse.
import type { z } from 'zod';
import type { Tx } from '../../db/transaction.ts';
import type { PeopleFile } from './csv.ts';
import type { ImportedPerson } from './import-rows.ts';
import { placesNobodyHas } from './queries.ts';
import type { ImportWarning } from './schema.ts';

type Warning = z.infer<typeof ImportWarning>;

// Enough for any file with typos in it; a first import into an empty organisation lists its real
// sites and departments, and a file where nearly everyone has a place of their own is no list to read.
const MOST_WARNINGS = 100;

/** Read before anything is written: afterwards the file's own people hold its new names. */
export async function newPlaceWarnings(tx: Tx, orgId: string, people: ImportedPerson[], file: PeopleFile) {
  const warnings: Warning[] = [];
  for (const kind of ['site', 'department'] as const) {
    if (!file.columns.includes(kind)) continue;
    const peopleWith = new Map<string, number>();
    for (const p of people) {
      const name = p[kind];
      if (name) peopleWith.set(name, (peopleWith.get(name) ?? 0) + 1);
    }
    for (const name of await placesNobodyHas(tx, orgId, kind, [...peopleWith.keys()])) {
      const count = peopleWith.get(name)!;
      warnings.push({
        code: kind === 'site' ? 'NEW_SITE' : 'NEW_DEPARTMENT',
        name,
        people: count,
        message: `new ${kind}: ${name} — ${count} ${count === 1 ? 'person' : 'people'}`,
      });
    }
  }
  return { warnings: warnings.slice(0, MOST_WARNINGS), warningsLeftOut: Math.max(warnings.length - MOST_WARNINGS, 0) };
}
