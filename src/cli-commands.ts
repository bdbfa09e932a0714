// The quartet command line's commands: database, demo data, and the same operations the API
// offers, called through the same services (acting as a person named with --as). Entry: cli.ts.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import type { z } from 'zod';
import { CliError, describeCliError, openingFailed } from './cli-errors.ts';
import { loadConfig, type Config } from './lib/config.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase, type Db } from './db/pool.ts';
import { inOrg } from './db/transaction.ts';
import { bookSeat, cancelBooking, moveBooking } from './features/bookings/service.ts';
import { getBooking } from './features/bookings/views.ts';
import { seedDemoOrganisation } from './features/demo/seed.ts';
import { ENCOUNTERS_COMMANDS, ENCOUNTERS_HELP, runEncountersCommand } from './features/encounters/rebuild-cli.ts';
import { ERASURE_COMMANDS, ERASURE_HELP, runErasureCommand } from './features/erasure/erase-cli.ts';
import { GROUPS_COMMANDS, GROUPS_HELP, runGroupsSolve } from './features/mixing/groups-cli.ts';
import { OPERATOR_COMMANDS, OPERATOR_HELP, runOperatorCommand } from './features/organisations/operator-cli.ts';
import { readPeopleCsv } from './features/people/csv.ts';
import { ImportInvalidError, importPeople } from './features/people/import.ts';
import { findActorByEmail } from './features/people/queries.ts';
import { cancelSession, publishSession, reassignSession } from './features/sessions/service.ts';
import { CancelBody, OpenSessionsQuery, PublishBody, Uuid } from './features/sessions/schema.ts';
import { getSession, listOpenSessions } from './features/sessions/views.ts';
import type { Actor } from './lib/actor.ts';
import { InputError, NotFoundError } from './lib/errors.ts';
import { planningWindow } from './lib/time.ts';
import { openConfiguredDatabase, startWorkerProcess } from './server.ts';

const HELP = `Usage: quartet <command> [options]   (npm run cli -- <command> …)

  db migrate                                    apply database migrations
  worker                                        send mail only (no HTTP), until SIGTERM or Ctrl-C;
                                                any number may run beside the app
  demo seed                                     load the demo organisation (if absent)
  sessions list     --as EMAIL [--limit N]      open sessions, soonest first
  sessions publish  --as EMAIL --module-id ID --start 2027-01-12T10:00 --zone Europe/Berlin
                    (--room-id ID | --link URL) [--coach-id ID] [--capacity N] [--note TEXT]
  sessions cancel   --as EMAIL --id ID --reason TEXT
  sessions reassign --as EMAIL --id ID --coach-id ID
  bookings book     --as EMAIL --session-id ID
  bookings cancel   --as EMAIL --id ID
  bookings move     --as EMAIL --id ID --session-id ID
  people import FILE --as EMAIL [--dry-run] [--keep-missing] [--expect-deactivated N]
                    import people from CSV (columns: name, email, department, site, time_zone,
                    locale, roles); deactivates active people not in the file unless --keep-missing,
                    only if exactly N would be (the dry run's "deactivated"; default 0)
${ERASURE_HELP}

${ENCOUNTERS_HELP}
${GROUPS_HELP}

${OPERATOR_HELP}

  --org SLUG picks the organisation when an address belongs to several.
Settings come from the environment, as for \`npm start\` (see README). Beside a running Quartet on
the embedded cluster, commands use its PostgreSQL and leave it running.`;

const options = {
  as: { type: 'string' }, org: { type: 'string' }, id: { type: 'string' }, limit: { type: 'string' },
  'module-id': { type: 'string' }, 'coach-id': { type: 'string' }, 'room-id': { type: 'string' }, 'session-id': { type: 'string' },
  start: { type: 'string' }, zone: { type: 'string' }, link: { type: 'string' }, capacity: { type: 'string' }, note: { type: 'string' },
  reason: { type: 'string' }, name: { type: 'string' }, slug: { type: 'string' }, 'admin-email': { type: 'string' },
  'admin-name': { type: 'string' }, 'time-zone': { type: 'string' }, 'sso-domain': { type: 'string' }, domain: { type: 'string' }, status: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'keep-missing': { type: 'boolean' },
  'expect-deactivated': { type: 'string' }, reactivate: { type: 'boolean' },
  out: { type: 'string' }, confirm: { type: 'string' }, email: { type: 'string' },
  people: { type: 'string' }, size: { type: 'string' }, rounds: { type: 'string' }, seconds: { type: 'string' }, seed: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function need(flags: Flags, name: keyof Flags): string {
  const value = flags[name];
  if (typeof value !== 'string' || value === '') throw new InputError([{ field: `--${name}`, message: 'is required' }]);
  return value;
}

/** An id flag: a UUID, refused here rather than by PostgreSQL's cast. */
function idFlag(flags: Flags, name: 'id' | 'session-id' | 'coach-id'): string {
  const value = need(flags, name);
  if (!Uuid.safeParse(value).success) throw new InputError([{ field: `--${name}`, message: 'is not an id (a UUID)' }]);
  return value;
}

// Services and the API's schemas name fields as the API does; the person typed flags.
const FLAG_OF_FIELD: Record<string, string> = {
  moduleId: '--module-id', coachId: '--coach-id', startsAt: '--start', timeZone: '--zone', roomId: '--room-id',
  onlineUrl: '--link', locationNote: '--note', capacity: '--capacity', reason: '--reason', sessionId: '--session-id', limit: '--limit',
};
const inFlags = (fields: InputError['fields']) => new InputError(fields.map((f) => ({ ...f, field: FLAG_OF_FIELD[f.field] ?? f.field })));

/** The API's schema checks the flags, so the command line refuses what the API refuses. */
function checked<T>(schema: z.ZodType<T>, input: Record<string, unknown>): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw inFlags(parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? 'input'), message: issue.message })));
}

function wholeNumber(flags: Flags, name: 'limit' | 'capacity' | 'expect-deactivated'): number | undefined {
  const value = flags[name];
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value)) throw new InputError([{ field: `--${name}`, message: 'must be a whole number' }]);
  return Number(value);
}

async function actorFor(db: Db, flags: Flags): Promise<Actor> {
  const found = await findActorByEmail(db, need(flags, 'as'), flags.org);
  if (found.length === 0) throw new NotFoundError(`Active person ${flags.as}`);
  if (found.length > 1) throw new InputError([{ field: '--org', message: `the address is in ${found.map((f) => f.slug).join(', ')}; name one` }]);
  const p = found[0]!;
  return { orgId: p.org_id, personId: p.id, roles: p.roles, timeZone: p.time_zone, locale: p.locale };
}

const progress = (step: string, done: number, total?: number) =>
  process.stderr.write(`\r${step} ${done}${total === undefined ? '' : `/${total}`}   ${done === total ? '\n' : ''}`);

async function importPeopleFile(db: Db, actor: Actor, path: string, flags: Flags) {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InputError([{ field: 'FILE', message: `${path} cannot be read (${error.code ?? error.message})` }]);
  });
  const file = await readPeopleCsv(text, (done) => progress('read', done));
  process.stderr.write('\n');
  const options = {
    dryRun: flags['dry-run'] === true,
    deactivateMissing: flags['keep-missing'] !== true,
    expectDeactivated: wholeNumber(flags, 'expect-deactivated'),
    onProgress: progress,
  };
  return inOrg(db, actor.orgId, (t) => importPeople(t, actor, file, options));
}

async function run(command: string, args: string[], flags: Flags, db: Db, config: Config): Promise<unknown> {
  if (command === 'demo seed') {
    return seedDemoOrganisation(db, { onProgress: (step, done, total) => process.stderr.write(`\r${step}: ${done}/${total}   `) });
  }
  // Operator commands act as no person: they run as the owner, across organisations.
  if (OPERATOR_COMMANDS.has(command)) return runOperatorCommand(db, command, flags, args, { dataDir: config.dataDir });
  if (ENCOUNTERS_COMMANDS.has(command)) return runEncountersCommand(db, flags, (done, total) => progress('organisations', done, total));
  if (ERASURE_COMMANDS.has(command)) return runErasureCommand(db, flags, { caughtMailDir: config.smtpUrl ? undefined : `${config.dataDir}/mail` });
  const actor = await actorFor(db, flags);
  const tx = <T>(work: Parameters<typeof inOrg<T>>[2]) => inOrg(db, actor.orgId, work);
  switch (command) {
    case 'sessions list': {
      const { limit } = checked(OpenSessionsQuery.pick({ limit: true }), { limit: wholeNumber(flags, 'limit') ?? 20 });
      return tx((t) => listOpenSessions(t, actor, { limit }));
    }
    case 'sessions publish': {
      const input = checked(PublishBody, {
        moduleId: need(flags, 'module-id'), coachId: flags['coach-id'], startsAt: need(flags, 'start'), timeZone: need(flags, 'zone'),
        format: flags.link ? 'virtual' : 'in_person', roomId: flags['room-id'], onlineUrl: flags.link,
        capacity: wholeNumber(flags, 'capacity'), locationNote: flags.note,
      });
      return tx(async (t) => getSession(t, actor, await publishSession(t, actor, input, planningWindow(config.planningHorizonMonths))));
    }
    case 'sessions cancel': {
      const [id, { reason }] = [idFlag(flags, 'id'), checked(CancelBody, { reason: need(flags, 'reason') })];
      return tx(async (t) => ({ cancelledBookings: await cancelSession(t, actor, id, reason) }));
    }
    case 'sessions reassign': {
      const [id, coachId] = [idFlag(flags, 'id'), idFlag(flags, 'coach-id')];
      return tx(async (t) => {
        await reassignSession(t, actor, id, coachId);
        return getSession(t, actor, id);
      });
    }
    case 'bookings book': {
      const sessionId = idFlag(flags, 'session-id');
      return tx(async (t) => getBooking(t, actor, await bookSeat(t, actor, sessionId)));
    }
    case 'bookings cancel': {
      const id = idFlag(flags, 'id');
      return tx(async (t) => {
        await cancelBooking(t, actor, id);
        return getBooking(t, actor, id);
      });
    }
    case 'bookings move': {
      const [id, sessionId] = [idFlag(flags, 'id'), idFlag(flags, 'session-id')];
      return tx(async (t) => getBooking(t, actor, await moveBooking(t, actor, id, sessionId)));
    }
    case 'people import':
      if (args.length !== 1) throw new InputError([{ field: 'FILE', message: 'name one CSV file: quartet people import FILE --as EMAIL' }]);
      return importPeopleFile(db, actor, args[0]!, flags);
    default:
      throw new InputError([{ field: 'command', message: `unknown command "${command}"; see --help` }]);
  }
}

// Known before any setting is read or the database opened, so a typo costs nothing. Each command
// with the options it reads: one it would ignore is refused, as `people erase … --dry-run` would
// otherwise erase for real.
const PERSON_COMMANDS: ReadonlyMap<string, readonly string[]> = new Map(([
  ['sessions list', ['limit']], ['sessions publish', ['module-id', 'start', 'zone', 'room-id', 'link', 'coach-id', 'capacity', 'note']],
  ['sessions cancel', ['id', 'reason']], ['sessions reassign', ['id', 'coach-id']], ['bookings book', ['session-id']],
  ['bookings cancel', ['id']], ['bookings move', ['id', 'session-id']], ['people import', ['dry-run', 'keep-missing', 'expect-deactivated']],
] as const).map(([command, own]) => [command, ['as', 'org', ...own]]));
const COMMANDS: ReadonlyMap<string, readonly string[]> = new Map([
  ['db migrate', []], ['worker', []], ['demo seed', []],
  ...PERSON_COMMANDS, ...OPERATOR_COMMANDS, ...ENCOUNTERS_COMMANDS, ...ERASURE_COMMANDS, ...GROUPS_COMMANDS,
]);

function refuseForeignOptions(command: string, flags: Flags) {
  const own = COMMANDS.get(command) ?? [];
  const foreign = Object.keys(flags).filter((name) => name !== 'help' && !own.includes(name));
  if (foreign.length === 0) return;
  const takes = own.length > 0 ? `it takes ${own.map((o) => `--${o}`).join(', ')}` : 'it takes none';
  throw new CliError(`"${command}" does not take ${foreign.map((f) => `--${f}`).join(', ')} (${takes}); nothing was done. See quartet --help.`);
}

// Options that exclude each other: the command would act on one and drop the other unseen.
const EXCLUSIVE: ReadonlyMap<string, ReadonlyArray<readonly [string, string, string]>> = new Map([
  ['sessions publish', [['room-id', 'link', 'a session meets in a room or online']]],
]);

function refuseContradictions(command: string, flags: Flags) {
  for (const [a, b, why] of EXCLUSIVE.get(command) ?? []) {
    if (flags[a as keyof Flags] !== undefined && flags[b as keyof Flags] !== undefined) {
      throw new CliError(`"${command}" takes --${a} or --${b}, not both (${why}); nothing was done.`);
    }
  }
}

/** What the error line needs to know about where the command had got to. */
const reached: { databaseUrl?: string; debug: boolean } = { debug: false };

async function main(): Promise<number> {
  const { values: flags, positionals } = parseArgs({ options, allowPositionals: true, strict: true });
  const words = positionals[0] === 'operator' ? 3 : positionals[0] === 'worker' ? 1 : 2; // "operator token create"
  const command = positionals.slice(0, words).join(' ');
  const args = positionals.slice(words);
  if (flags.help || command === '') {
    console.log(HELP);
    return 0;
  }
  if (!COMMANDS.has(command)) throw new CliError(`Unknown command "${positionals.join(' ')}". See quartet --help.`);
  refuseForeignOptions(command, flags);
  refuseContradictions(command, flags);
  if (args.length > 0 && command !== 'people import' && command !== 'org export' && command !== 'org delete') throw new CliError(`Unexpected "${args.join(' ')}" after "${command}". See quartet --help.`);
  // Needs neither settings nor a database: the solver alone.
  if (GROUPS_COMMANDS.has(command)) {
    try {
      runGroupsSolve(flags);
    } catch (error) {
      throw error instanceof InputError ? inFlags(error.fields) : error;
    }
    return 0;
  }
  const config = loadConfig();
  reached.debug = config.logLevel === 'debug' || config.logLevel === 'trace';
  reached.databaseUrl = config.databaseUrl;
  if (command === 'worker') return runWorker(config);
  // stdout carries the command's answer (JSON); log lines go to stderr.
  const logger = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination({ dest: 2, sync: true }));
  const database = await openConfiguredDatabase(config, logger, { attach: true }).catch((error: unknown) => {
    throw openingFailed(error);
  });
  reached.databaseUrl = database.url;
  try {
    if (command === 'db migrate') {
      const applied = await migrate(database.url, (m) => console.error(m));
      console.log(applied.length ? `applied ${applied.join(', ')}` : 'the database is up to date');
      return 0;
    }
    await migrate(database.url);
    const handle = openDatabase(database.url, 4);
    try {
      console.log(JSON.stringify(await run(command, args, flags, handle.db, config), null, 2));
    } catch (error) {
      if (error instanceof InputError) throw inFlags(error.fields);
      if (!(error instanceof ImportInvalidError)) throw error;
      console.log(JSON.stringify({ code: 'IMPORT_INVALID', message: error.message, rows: error.rows }, null, 2));
      console.error(error.message);
      return 1;
    } finally {
      await handle.close();
    }
    return 0;
  } finally {
    // Stops the cluster only if this process started it; one it attached to keeps running.
    await database.embedded?.stop();
  }
}

async function runWorker(config: Config): Promise<number> {
  const worker = await startWorkerProcess(config, pino({ level: config.logLevel })).catch((error: unknown) => {
    throw openingFailed(error);
  });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await worker.stop(); // messages being sent finish first
  return 0;
}

function fail(error: unknown) {
  console.error(describeCliError(error, reached.databaseUrl));
  if (reached.debug && error instanceof Error) console.error(error.stack);
  process.exitCode = 1;
}

// A connection that breaks while a client holds it is reported as an 'error' event, outside any
// promise; without this, Node would print its stack.
process.on('uncaughtException', (error) => {
  fail(error);
  process.exit(1);
});
main().then((code) => { process.exitCode = code; }, fail);
