// A 400's fields read in the page's language, named as the forms label them; every sentence the API
// gives a field has German words, and a schema's reason is worded from its code and bound.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStart } from '../src/lib/time.ts';
import { DE_MESSAGES, fieldError } from '../src/web/app/field-errors.ts';

describe('a field the API refused', () => {
  it('reads a new cohort’s first round in the past, or someone named twice, in German', () => {
    expect(fieldError({ field: 'firstStartsAt', message: 'is in the past' }, 'de', { firstStartsAt: 'Erste Runde' })).toBe('Erste Runde: liegt in der Vergangenheit');
    expect(fieldError({ field: 'personIds', message: 'names someone twice' }, 'de', { personIds: 'Personen' })).toBe('Personen: nennt eine Person zweimal');
  });

  it('reads a start the clocks skip or repeat in German, naming the zone and the offsets', () => {
    const skipped = { field: 'firstStartsAt', message: 'does not exist in Europe/Berlin (the clocks skip it)' };
    expect(fieldError(skipped, 'de', { firstStartsAt: 'Erste Runde' })).toBe('Erste Runde: gibt es in Europe/Berlin nicht (die Uhren überspringen diese Zeit)');
    expect(fieldError(skipped, 'en', { firstStartsAt: 'First round' })).toBe('First round: does not exist in Europe/Berlin (the clocks skip it)');
    // The sentence as parseStart gives it, so the two stay together.
    const refused = parseStart('2026-10-25T02:30', 'Europe/Berlin');
    const twice = { field: 'startsAt', message: refused.ok ? '' : refused.message };
    expect(fieldError(twice, 'de', { startsAt: 'Beginn' })).toBe('Beginn: kommt in Europe/Berlin zweimal vor (die Uhren werden zurückgestellt); geben Sie die Abweichung von UTC an, z. B. 2026-10-25T02:30+01:00 oder 2026-10-25T02:30+02:00');
    const gap = parseStart('2027-03-28T02:30', 'Europe/Berlin');
    expect(fieldError({ field: 'startsAt', message: gap.ok ? '' : gap.message }, 'de', { startsAt: 'Beginn' })).toBe('Beginn: gibt es in Europe/Berlin nicht (die Uhren überspringen diese Zeit)');
    expect(fieldError({ field: 'startsAt', message: 'must be in the years 1 to 9999' }, 'de', { startsAt: 'Beginn' })).toBe('Beginn: muss zwischen den Jahren 1 und 9999 liegen');
  });

  it('reads with the field’s name in the page’s language and the API’s own sentence translated', () => {
    const f = { field: 'lastDay', message: 'is before the first day' };
    expect(fieldError(f, 'de')).toBe('Letzter Tag: liegt vor dem ersten Tag');
    expect(fieldError(f, 'en-GB')).toBe('Last day: is before the first day');
    expect(fieldError({ field: 'body.timeZone', message: 'is not an IANA time zone' }, 'en')).toBe('Time zone: is not an IANA time zone');
    expect(fieldError({ field: 'body.timeZone', message: 'is not an IANA time zone' }, 'de')).toBe('Zeitzone: ist keine bekannte Zeitzone');
  });

  it('words a schema’s reason from its code and bound, never zod’s developer sentence', () => {
    const capacity = { field: 'body.defaultCapacity', message: 'Too small: expected number to be >=1', code: 'too_small', limit: 1, origin: 'number' };
    expect(fieldError(capacity, 'en')).toBe('Seats per session: at least 1');
    expect(fieldError(capacity, 'de')).toBe('Plätze pro Termin: mindestens 1');
    const big = { field: 'body.sessionIdleMinutes', message: 'Too big: expected number to be <=43200', code: 'too_big', limit: 43200, origin: 'number' };
    expect(fieldError(big, 'en', { sessionIdleMinutes: 'Idle minutes' })).toBe('Idle minutes: at most 43,200');
    expect(fieldError(big, 'de', { sessionIdleMinutes: 'Minuten' })).toBe('Minuten: höchstens 43.200');
    const text = { field: 'body.name', message: 'Too small: expected string to have >=1 characters', code: 'too_small', limit: 1, origin: 'string' };
    expect(fieldError(text, 'en')).toBe('Name: is required');
    expect(fieldError({ field: 'body.rounds', message: 'Invalid input: expected number, received undefined', code: 'required' }, 'de')).toBe('Runden: muss ausgefüllt sein');
    expect(fieldError({ field: 'body.adminEmail', message: 'Invalid email address', code: 'invalid_format', format: 'email' }, 'en')).toBe('First admin’s e-mail address: is not an e-mail address');
  });

  it('names a field as the form labels it, a list item by its number from 1, and an unknown field generically', () => {
    const coaches = { field: 'coachIds', message: '9 people make 3 groups a round; each needs its own coach, so name at least 3', code: 'too_small', limit: 3, origin: 'array' };
    expect(fieldError(coaches, 'en', { coachIds: 'Coaches (at least one per group)' })).toBe('Coaches (at least one per group): choose at least 3');
    expect(fieldError(coaches, 'de')).toBe('Coaches: mindestens 3 auswählen');
    const window = { field: 'windows.0', message: 'ends before it starts (a window across midnight is two windows)' };
    expect(fieldError(window, 'en')).toBe('Window 1: ends before it starts (a window across midnight is two windows)');
    expect(fieldError(window, 'de')).toBe('Zeitfenster 1: endet vor seinem Beginn (ein Zeitfenster über Mitternacht sind zwei Zeitfenster)');
    const odd = { field: 'body.somethingNew', message: 'Invalid string: must match pattern /^[a-z0-9][a-z0-9-]{1,62}$/', code: 'invalid_format', format: 'regex' };
    expect(fieldError(odd, 'en')).toBe('One entry: is not in the expected form');
    expect(fieldError(odd, 'de')).toBe('Eine Angabe: hat nicht die erwartete Form');
    expect(fieldError({ field: 'somethingNew', message: 'is odd' }, 'de')).toBe('Eine Angabe: ist ungültig');
    expect(fieldError({ field: 'constructor', message: 'toString' }, 'de')).toBe('Eine Angabe: ist ungültig');
    expect(fieldError({ field: 'body', message: "Body cannot be empty when content-type is set to 'application/json'", code: 'unreadable' }, 'en')).toBe('The form: could not be read');
  });

  it('reads the operator’s slug rule in words, not as its regular expression', () => {
    const slug = { field: 'body.slug', message: 'must be 2 to 63 lower-case letters, digits and dashes, starting with a letter or digit', code: 'invalid_format', format: 'regex' };
    expect(fieldError(slug, 'en', { slug: 'Address name' })).toBe('Address name: must be 2 to 63 lower-case letters, digits and dashes, starting with a letter or digit');
    expect(fieldError(slug, 'de')).toMatch(/^Adressname: muss aus 2 bis 63 Kleinbuchstaben/);
  });

  it('has German words for every sentence the API’s services give a field', () => {
    const features = path.join(import.meta.dirname, '../src/features');
    const files = readdirSync(features, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const said = new Set<string>();
    for (const file of files) {
      const source = readFileSync(path.join(features, file), 'utf8');
      // The field named literally, by a variable ({ field, … }) or by an expression (`startsAt.${i}`).
      for (const m of source.matchAll(/\{ field(?:: [^,{}]+)?, message: '([^']+)'/g)) said.add(m[1]!);
      // The schemas' own words: a pattern's message and a refinement's.
      if (file.endsWith('schema.ts')) {
        for (const m of source.matchAll(/\.regex\(\/.+?\/[a-z]*, '([^']+)'\)/g)) said.add(m[1]!);
        for (const m of source.matchAll(/\{ message: '([^']+)'/g)) said.add(m[1]!);
      }
    }
    // A cohort's checks name their sentence as an argument (service.ts distinct), beyond the pattern above.
    for (const message of ['names someone twice', 'names a room twice', 'names a link twice']) said.add(message);
    expect(said.size).toBeGreaterThan(5);
    expect([...said].filter((message) => !(message in DE_MESSAGES))).toEqual([]);
  });
});
