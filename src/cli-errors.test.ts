import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CliError, describeCliError, oneLine, openingFailed } from './cli-errors.ts';
import { ConfigError } from './lib/config.ts';
import { DatabaseUnavailableError } from './db/availability.ts';
import { InputError, RuleError } from './lib/errors.ts';

const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}:5432`), { code: 'ECONNREFUSED', address, port: 5432 });
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('the line the command line prints for an error', () => {
  it('is the message of a refusal, bad input or a usage mistake', () => {
    expect(describeCliError(new RuleError('SLUG_TAKEN', 'Taken.'), undefined)).toBe('Refused (SLUG_TAKEN): Taken.');
    expect(describeCliError(new InputError([{ field: '--slug', message: 'is required' }]), undefined)).toBe('--slug: is required');
    expect(describeCliError(new CliError('Unknown command "x". See quartet --help.'), undefined)).toBe('Unknown command "x". See quartet --help.');
  });

  it('names an unknown option without node:util’s advice about positionals', () => {
    let error: unknown;
    try {
      parseArgs({ args: ['--bogus'], options: {}, strict: true });
    } catch (e) {
      error = e;
    }
    expect(describeCliError(error, undefined)).toBe("Unknown option '--bogus'. See quartet --help.");
  });

  it('puts every wrong setting on one line', () => {
    const error = new ConfigError('Invalid settings in the environment:\n  PORT: too big\n  HOST: empty');
    expect(describeCliError(error, undefined)).toBe('Invalid settings in the environment: PORT: too big; HOST: empty');
    expect(oneLine('first\nsecond')).toBe('first; second');
  });

  it('names where the database was looked for, without its password, and why it could not be reached', () => {
    const both = new AggregateError([refused('::1'), refused('127.0.0.1')]);
    expect(describeCliError(both, 'postgres://owner:secret@db.example:6543/quartet')).toBe('Cannot reach the database at db.example:6543: connect ECONNREFUSED ::1:5432');
    expect(describeCliError(new DatabaseUnavailableError(refused('10.0.0.5')), undefined)).toBe('Cannot reach the database at 10.0.0.5:5432: connect ECONNREFUSED 10.0.0.5:5432');
    expect(describeCliError(pgError('28P01', 'password authentication failed for user "owner"'), 'postgres://owner:secret@db.example/quartet'))
      .toBe('The database at db.example:5432 refused the log-in: password authentication failed for user "owner"');
  });

  it('prints the embedded cluster’s own sentence when it cannot be opened, and still names an unreachable one', () => {
    const portTaken = new Error('The embedded PostgreSQL did not start on port 5432 (is the port taken? set EMBEDDED_PG_PORT).');
    expect(describeCliError(openingFailed(portTaken), undefined)).toBe(portTaken.message);
    expect(describeCliError(openingFailed(refused('127.0.0.1')), 'postgres://p@127.0.0.1:5432/quartet')).toMatch(/^Cannot reach the database at 127\.0\.0\.1:5432: /);
  });

  it('tells a value PostgreSQL cannot read, and a constraint it holds, from a bug', () => {
    expect(describeCliError(pgError('22P02', 'invalid input syntax for type uuid: "x"'), undefined)).toBe('Invalid value: invalid input syntax for type uuid: "x"');
    expect(describeCliError(pgError('23514', 'violates check constraint "c"'), undefined)).toBe('Refused by the database: violates check constraint "c"');
    expect(describeCliError(new TypeError('Cannot read properties of undefined\n  (reading "x")'), undefined)).toBe('Unexpected error: Cannot read properties of undefined; (reading "x")');
  });
});
