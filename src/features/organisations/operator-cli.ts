// The operator's commands of the quartet command line (src/cli.ts). They run as the database
// owner, like every command, but go through the same services as the operator API.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { InputError, NotFoundError } from '../../lib/errors.ts';
import { createOperatorToken, createOrganisation, presentOrganisation, setOrganisationStatus } from './operator-service.ts';
import { findOrganisationIdBySlug, listAllOrganisations } from './queries.ts';

export const OPERATOR_HELP = `  org create  --name NAME --slug SLUG --admin-email EMAIL --admin-name NAME [--time-zone ZONE]
                    a new organisation with the module library and its first admin
  org suspend --slug SLUG / org resume --slug SLUG
                    its people cannot sign in / can again
  org list                                      every organisation
  operator token create --name NAME             a token for the operator API (printed once)`;

export const OPERATOR_COMMANDS = new Set(['org create', 'org suspend', 'org resume', 'org list', 'operator token create']);

type Flags = Record<string, string | boolean | undefined>;

function need(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value.trim() === '') throw new InputError([{ field: `--${name}`, message: 'is required' }]);
  return value.trim();
}

async function orgIdOf(db: Db, slug: string): Promise<string> {
  const id = await findOrganisationIdBySlug(db, slug);
  if (!id) throw new NotFoundError(`Organisation ${slug}`);
  return id;
}

export async function runOperatorCommand(db: Db, command: string, flags: Flags): Promise<unknown> {
  switch (command) {
    case 'org create': {
      const id = randomUUID();
      if (!/^[^@\s]+@[^@\s]+$/.test(need(flags, 'admin-email'))) throw new InputError([{ field: '--admin-email', message: 'is not an e-mail address' }]);
      const input = {
        id, name: need(flags, 'name'), slug: need(flags, 'slug'), timeZone: typeof flags['time-zone'] === 'string' ? flags['time-zone'] : undefined,
        admin: { email: need(flags, 'admin-email').toLowerCase(), name: need(flags, 'admin-name') },
      };
      return inOrg(db, id, (tx) => createOrganisation(tx, input));
    }
    case 'org suspend':
    case 'org resume': {
      const id = await orgIdOf(db, need(flags, 'slug'));
      return inOrg(db, id, (tx) => setOrganisationStatus(tx, id, command === 'org suspend' ? 'suspended' : 'active'));
    }
    case 'org list':
      return (await listAllOrganisations(db)).map(presentOrganisation);
    case 'operator token create':
      return createOperatorToken(db, need(flags, 'name'));
    default:
      throw new InputError([{ field: 'command', message: `unknown command "${command}"; see --help` }]);
  }
}
