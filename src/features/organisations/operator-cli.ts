// The operator's commands of the quartet command line (src/cli.ts). They run as the database
// owner, like every command, but go through the same services as the operator API.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Db } from '../../db/pool.ts';
import { inOrg } from '../../db/transaction.ts';
import { InputError, NotFoundError } from '../../lib/errors.ts';
import { isTimeZone } from '../../lib/zones.ts';
import { liveClaimIdOf } from '../sso/domain-claims.ts';
import { Domain } from '../sso/schema.ts';
import { deleteOrganisation, lastDeletionOf } from './operator-deletion.ts';
import { prepareOrganisationExport, writeOrganisationArchive } from './operator-export.ts';
import {
  appointAdmin, createOperatorToken, createOrganisation, decideDomainClaim, listDomainClaims, organisationOfDomainClaim, presentOrganisation, setOrganisationStatus,
} from './operator-service.ts';
import { findOrganisationIdBySlug, listAllOrganisations } from './queries.ts';

export const OPERATOR_HELP = `  org create  --name NAME --slug SLUG --admin-email EMAIL --admin-name NAME [--time-zone ZONE]
              [--sso-domain DOMAIN,…]
                    a new organisation with the module library and its first admin (and its
                    single sign-on domains, approved)
  org appoint-admin --slug SLUG --email EMAIL --name NAME [--time-zone ZONE] [--reactivate]
                    makes the address an admin there (a new person named NAME, or the person it
                    is); a person the organisation deactivated only with --reactivate
  org suspend --slug SLUG / org resume --slug SLUG
                    its people cannot sign in / can again
  org list                                      every organisation
  org export SLUG --out FILE
                    its whole data set as a ZIP: a CSV per table holding its rows, and manifest.json
  org delete SLUG --confirm SLUG
                    deletes a suspended organisation completely (every row, its queued jobs);
                    keeps only a record that it was deleted
  domain list [--status pending|approved|rejected]
                    single sign-on domains claimed by organisations
  domain approve (--domain DOMAIN | --id ID) / domain reject (--domain DOMAIN | --id ID)
                    a claimed domain signs people in / does not (and is free for another)
  operator token create --name NAME             a token for the operator API (printed once)`;

/** Each command with the options it reads; any other option is refused before it runs. */
export const OPERATOR_COMMANDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['org create', ['name', 'slug', 'admin-email', 'admin-name', 'time-zone', 'sso-domain']],
  ['org appoint-admin', ['slug', 'email', 'name', 'time-zone', 'reactivate']],
  ['org suspend', ['slug']], ['org resume', ['slug']], ['org list', []], ['org export', ['slug', 'out']], ['org delete', ['slug', 'confirm']],
  ['domain list', ['status']], ['domain approve', ['domain', 'id']], ['domain reject', ['domain', 'id']], ['operator token create', ['name']],
]);

type Flags = Record<string, string | boolean | undefined>;

function need(flags: Flags, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value.trim() === '') throw new InputError([{ field: `--${name}`, message: 'is required' }]);
  return value.trim();
}

function domains(flags: Flags): string[] | undefined {
  if (typeof flags['sso-domain'] !== 'string') return undefined;
  return flags['sso-domain'].split(',').map((d) => d.trim()).filter(Boolean).map((d) => {
    const parsed = Domain.safeParse(d);
    if (!parsed.success) throw new InputError([{ field: '--sso-domain', message: `${d} is not a domain such as example.com` }]);
    return parsed.data;
  });
}

const STATUSES = ['pending', 'approved', 'rejected'] as const;

function status(flags: Flags): (typeof STATUSES)[number] | undefined {
  const value = flags.status;
  if (value === undefined) return undefined;
  const found = STATUSES.find((s) => s === value);
  if (!found) throw new InputError([{ field: '--status', message: `is one of ${STATUSES.join(', ')}` }]);
  return found;
}

/** The claim named by --id, or the pending or approved claim of --domain (one at most). */
async function claimIdOf(db: Db, flags: Flags): Promise<string> {
  if (typeof flags.id === 'string' && flags.id !== '') {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(flags.id)) throw new InputError([{ field: '--id', message: 'is not a claim id' }]);
    return flags.id;
  }
  const domain = need(flags, 'domain').toLowerCase();
  const id = await liveClaimIdOf(db, domain);
  if (!id) throw new NotFoundError(`A pending or approved claim of ${domain}`);
  return id;
}

async function orgIdOf(db: Db, slug: string): Promise<string> {
  const id = await findOrganisationIdBySlug(db, slug);
  if (!id) throw new NotFoundError(`Organisation ${slug}`);
  return id;
}

/** The organisation's slug: the word after the command, or --slug. */
function slugArgument(flags: Flags, args: string[]): string {
  if (args.length > 1) throw new InputError([{ field: 'SLUG', message: 'name one organisation' }]);
  return args[0] ?? need(flags, 'slug');
}

async function exportOrganisation(db: Db, slug: string, out: string) {
  const id = await orgIdOf(db, slug);
  // Never over another file; readable by this user only, as it holds people's data.
  const file = createWriteStream(out, { flags: 'wx', mode: 0o600 });
  await new Promise<void>((resolve, reject) => file.once('open', () => resolve()).once('error', (error: NodeJS.ErrnoException) => {
    // A folder that does not exist or may not be written is the operator's typo, not a failure of Quartet.
    const message = error.code === 'EEXIST' ? 'names a file that exists already' : `${out} cannot be written (${error.code ?? error.message})`;
    reject(new InputError([{ field: '--out', message }]));
  }));
  try {
    const prepared = await prepareOrganisationExport(db, id, COMMAND_LINE);
    const manifest = await writeOrganisationArchive(db, prepared, file);
    await finished(file);
    return { file: out, bytes: (await stat(out)).size, ...manifest, tables: manifest.tables.map((t) => ({ name: t.name, rows: t.rows })) };
  } catch (error) {
    file.destroy();
    await rm(out, { force: true });
    throw error;
  }
}

async function deleteBySlug(db: Db, slug: string, confirm: string, dataDir: string | undefined) {
  const id = await findOrganisationIdBySlug(db, slug);
  if (id) {
    return deleteOrganisation(db, id, confirm, COMMAND_LINE, dataDir).catch((error: unknown) => {
      throw error instanceof InputError ? new InputError(error.fields.map((f) => ({ ...f, field: `--${f.field}` }))) : error;
    });
  }
  // Deleted before: its record answers (a second run of the same command is no error).
  const before = await lastDeletionOf(db, slug);
  if (!before) throw new NotFoundError(`Organisation ${slug}`);
  if (confirm !== slug) throw new InputError([{ field: '--confirm', message: 'is not the slug of the organisation' }]);
  return before;
}

const COMMAND_LINE = { kind: 'system', id: null } as const;

export async function runOperatorCommand(db: Db, command: string, flags: Flags, args: string[] = [], options: { dataDir?: string } = {}): Promise<unknown> {
  switch (command) {
    case 'org export':
      return exportOrganisation(db, slugArgument(flags, args), need(flags, 'out'));
    case 'org delete':
      return deleteBySlug(db, slugArgument(flags, args), need(flags, 'confirm'), options.dataDir);
    case 'org create': {
      const id = randomUUID();
      const missing = ['name', 'slug', 'admin-email', 'admin-name'].filter((name) => typeof flags[name] !== 'string' || flags[name].trim() === '');
      if (missing.length > 0) throw new InputError(missing.map((name) => ({ field: `--${name}`, message: 'is required' })));
      if (!/^[^@\s]+@[^@\s]+$/.test(need(flags, 'admin-email'))) throw new InputError([{ field: '--admin-email', message: 'is not an e-mail address' }]);
      // Checked here so the refusal names the flag, not the column or constraint behind it.
      if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(need(flags, 'slug'))) throw new InputError([{ field: '--slug', message: 'must be 2 to 63 lower-case letters, digits and dashes, starting with a letter or digit' }]);
      const timeZone = typeof flags['time-zone'] === 'string' ? flags['time-zone'] : undefined;
      if (timeZone !== undefined && !isTimeZone(timeZone)) throw new InputError([{ field: '--time-zone', message: 'is not an IANA time zone' }]);
      const input = {
        id, name: need(flags, 'name'), slug: need(flags, 'slug'), timeZone,
        admin: { email: need(flags, 'admin-email').toLowerCase(), name: need(flags, 'admin-name') }, ssoDomains: domains(flags),
      };
      return inOrg(db, id, (tx) => createOrganisation(tx, input));
    }
    case 'org appoint-admin': {
      const id = await orgIdOf(db, need(flags, 'slug'));
      const email = need(flags, 'email').toLowerCase();
      if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new InputError([{ field: '--email', message: 'is not an e-mail address' }]);
      const timeZone = typeof flags['time-zone'] === 'string' ? flags['time-zone'] : undefined;
      const input = { email, name: need(flags, 'name'), timeZone, reactivate: flags.reactivate === true };
      return inOrg(db, id, (tx) => appointAdmin(tx, id, input, COMMAND_LINE)).catch((error: unknown) => {
        throw error instanceof InputError ? new InputError(error.fields.map((f) => ({ ...f, field: `--${f.field === 'timeZone' ? 'time-zone' : f.field}` }))) : error;
      });
    }
    case 'org suspend':
    case 'org resume': {
      const id = await orgIdOf(db, need(flags, 'slug'));
      return inOrg(db, id, (tx) => setOrganisationStatus(tx, id, command === 'org suspend' ? 'suspended' : 'active'));
    }
    case 'org list':
      return (await listAllOrganisations(db)).map(presentOrganisation);
    case 'domain list':
      return listDomainClaims(db, status(flags));
    case 'domain approve':
    case 'domain reject': {
      const claimId = await claimIdOf(db, flags);
      const orgId = await organisationOfDomainClaim(db, claimId);
      return inOrg(db, orgId, (tx) => decideDomainClaim(tx, orgId, claimId, command === 'domain approve' ? 'approved' : 'rejected'));
    }
    case 'operator token create':
      return createOperatorToken(db, need(flags, 'name'));
    default:
      throw new InputError([{ field: 'command', message: `unknown command "${command}"; see --help` }]);
  }
}
