#!/usr/bin/env node
// The quartet command line: database, demo data, and the same operations the API offers,
// called through the same services (acting as a person named with --as).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openDatabase, type Db } from './db/pool.ts';
import { inOrg } from './db/transaction.ts';
import { bookSeat, cancelBooking, moveBooking } from './features/bookings/service.ts';
import { getBooking } from './features/bookings/views.ts';
import { seedDemoOrganisation } from './features/demo/seed.ts';
import { OPERATOR_COMMANDS, OPERATOR_HELP, runOperatorCommand } from './features/organisations/operator-cli.ts';
import { readPeopleCsv } from './features/people/csv.ts';
import { ImportInvalidError, importPeople } from './features/people/import.ts';
import { findActorByEmail } from './features/people/queries.ts';
import { cancelSession, publishSession, reassignSession } from './features/sessions/service.ts';
import { getSession, listOpenSessions } from './features/sessions/views.ts';
import type { Actor } from './lib/actor.ts';
import { ForbiddenError, InputError, NotFoundError, RuleError } from './lib/errors.ts';
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
  people import FILE --as EMAIL [--dry-run] [--keep-missing]
                    import people from CSV (columns: name, email, department, site, time_zone,
                    locale, roles); deactivates active people not in the file unless --keep-missing

${OPERATOR_HELP}

  --org SLUG picks the organisation when an address belongs to several.
Settings come from the environment, as for \`npm start\` (see README).`;

const options = {
  as: { type: 'string' }, org: { type: 'string' }, id: { type: 'string' }, limit: { type: 'string' },
  'module-id': { type: 'string' }, 'coach-id': { type: 'string' }, 'room-id': { type: 'string' }, 'session-id': { type: 'string' },
  start: { type: 'string' }, zone: { type: 'string' }, link: { type: 'string' }, capacity: { type: 'string' }, note: { type: 'string' },
  reason: { type: 'string' }, name: { type: 'string' }, slug: { type: 'string' }, 'admin-email': { type: 'string' },
  'admin-name': { type: 'string' }, 'time-zone': { type: 'string' }, 'dry-run': { type: 'boolean' }, 'keep-missing': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function need(flags: Flags, name: keyof Flags): string {
  const value = flags[name];
  if (typeof value !== 'string' || value === '') throw new InputError([{ field: `--${name}`, message: 'is required' }]);
  return value;
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
  const options = { dryRun: flags['dry-run'] === true, deactivateMissing: flags['keep-missing'] !== true, onProgress: progress };
  return inOrg(db, actor.orgId, (t) => importPeople(t, actor, file, options));
}

async function run(command: string, args: string[], flags: Flags, db: Db): Promise<unknown> {
  if (command === 'demo seed') {
    return seedDemoOrganisation(db, { onProgress: (step, done, total) => process.stderr.write(`\r${step}: ${done}/${total}   `) });
  }
  // Operator commands act as no person: they run as the owner, across organisations.
  if (OPERATOR_COMMANDS.has(command)) return runOperatorCommand(db, command, flags);
  const actor = await actorFor(db, flags);
  const tx = <T>(work: Parameters<typeof inOrg<T>>[2]) => inOrg(db, actor.orgId, work);
  switch (command) {
    case 'sessions list':
      return tx((t) => listOpenSessions(t, actor, { limit: flags.limit ? Number(flags.limit) : 20 }));
    case 'sessions publish':
      return tx(async (t) => getSession(t, actor, await publishSession(t, actor, {
        moduleId: need(flags, 'module-id'), coachId: flags['coach-id'], startsAt: need(flags, 'start'), timeZone: need(flags, 'zone'),
        format: flags.link ? 'virtual' : 'in_person', roomId: flags['room-id'], onlineUrl: flags.link,
        capacity: flags.capacity ? Number(flags.capacity) : undefined, locationNote: flags.note,
      })));
    case 'sessions cancel':
      return tx(async (t) => ({ cancelledBookings: await cancelSession(t, actor, need(flags, 'id'), need(flags, 'reason')) }));
    case 'sessions reassign':
      return tx(async (t) => {
        await reassignSession(t, actor, need(flags, 'id'), need(flags, 'coach-id'));
        return getSession(t, actor, need(flags, 'id'));
      });
    case 'bookings book':
      return tx(async (t) => getBooking(t, actor, await bookSeat(t, actor, need(flags, 'session-id'))));
    case 'bookings cancel':
      return tx(async (t) => {
        await cancelBooking(t, actor, need(flags, 'id'));
        return getBooking(t, actor, need(flags, 'id'));
      });
    case 'bookings move':
      return tx(async (t) => getBooking(t, actor, await moveBooking(t, actor, need(flags, 'id'), need(flags, 'session-id'))));
    case 'people import':
      if (args.length !== 1) throw new InputError([{ field: 'FILE', message: 'name one CSV file: quartet people import FILE --as EMAIL' }]);
      return importPeopleFile(db, actor, args[0]!, flags);
    default:
      throw new InputError([{ field: 'command', message: `unknown command "${command}"; see --help` }]);
  }
}

async function main(): Promise<number> {
  const { values: flags, positionals } = parseArgs({ options, allowPositionals: true, strict: true });
  const words = positionals[0] === 'operator' ? 3 : positionals[0] === 'worker' ? 1 : 2; // "operator token create"
  const command = positionals.slice(0, words).join(' ');
  const args = positionals.slice(words);
  if (args.length > 0 && command !== 'people import') throw new InputError([{ field: 'command', message: `unexpected "${args.join(' ')}"; see --help` }]);
  if (flags.help || command === '') {
    console.log(HELP);
    return 0;
  }
  const config = loadConfig();
  if (command === 'worker') return runWorker(config);
  const logger = pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const database = await openConfiguredDatabase(config, logger);
  try {
    if (command === 'db migrate') {
      const applied = await migrate(database.url, (m) => console.error(m));
      console.log(applied.length ? `applied ${applied.join(', ')}` : 'the database is up to date');
      return 0;
    }
    await migrate(database.url);
    const handle = openDatabase(database.url, 4);
    try {
      console.log(JSON.stringify(await run(command, args, flags, handle.db), null, 2));
    } catch (error) {
      if (!(error instanceof ImportInvalidError)) throw error;
      console.log(JSON.stringify({ code: 'IMPORT_INVALID', message: error.message, rows: error.rows }, null, 2));
      console.error(error.message);
      return 1;
    } finally {
      await handle.close();
    }
    return 0;
  } finally {
    await database.embedded?.stop();
  }
}

async function runWorker(config: Config): Promise<number> {
  const worker = await startWorkerProcess(config, pino({ level: config.logLevel }));
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await worker.stop(); // messages being sent finish first
  return 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof RuleError) console.error(`Refused (${error.code}): ${error.message}`);
    else if (error instanceof InputError || error instanceof NotFoundError || error instanceof ForbiddenError || error instanceof ConfigError) console.error(error.message);
    else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) console.error(`${error.message}\n\n${HELP}`);
    else console.error(error);
    process.exitCode = 1;
  },
);
