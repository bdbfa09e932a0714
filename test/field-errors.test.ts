// A 400's fields read in the page's language; every sentence the API gives a field has German words.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DE_MESSAGES, fieldError } from '../src/web/app/field-errors.ts';

describe('a field the API refused', () => {
  it('reads in German with the field’s German name, and in English as the API said it', () => {
    const f = { field: 'lastDay', message: 'is before the first day' };
    expect(fieldError(f, 'de')).toBe('Letzter Tag: liegt vor dem ersten Tag');
    expect(fieldError(f, 'en-GB')).toBe('lastDay: is before the first day');
    expect(fieldError({ field: 'somethingNew', message: 'is odd' }, 'de')).toBe('somethingNew: ist ungültig');
  });

  it('has German words for every sentence the API’s services give a field', () => {
    const features = path.join(import.meta.dirname, '../src/features');
    const files = readdirSync(features, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const said = new Set<string>();
    for (const file of files) {
      const source = readFileSync(path.join(features, file), 'utf8');
      for (const m of source.matchAll(/\{ field: '[^']+', message: '([^']+)' \}/g)) said.add(m[1]!);
    }
    expect(said.size).toBeGreaterThan(5);
    expect([...said].filter((message) => !(message in DE_MESSAGES))).toEqual([]);
  });
});
