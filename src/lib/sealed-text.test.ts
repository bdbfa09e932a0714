// Sealing text with AES-256-GCM: it opens only with its key and purpose, unchanged; the key kept in
// DATA_DIR is made once, private, and the same on every later call.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { openText, sealingKey, sealText } from './sealed-text.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('sealed text', () => {
  const key = randomBytes(32);
  const address = 'https://outlook.office365.com/owa/calendar/0123abcd/reachcalendar.ics';

  it('opens to the text with its key and purpose, and hides it', () => {
    const sealed = sealText(key, 'calendar', address);
    expect(sealed.includes(Buffer.from('reachcalendar'))).toBe(false);
    expect(openText(key, 'calendar', sealed)).toBe(address);
    expect(sealText(key, 'calendar', address).equals(sealed)).toBe(false);
  });

  it('does not open with another key or purpose, or once changed', () => {
    const sealed = sealText(key, 'calendar', address);
    expect(openText(randomBytes(32), 'calendar', sealed)).toBeUndefined();
    expect(openText(key, 'webhook', sealed)).toBeUndefined();
    const changed = Buffer.from(sealed);
    changed[changed.length - 1]! ^= 1;
    expect(openText(key, 'calendar', changed)).toBeUndefined();
    expect(openText(key, 'calendar', sealed.subarray(0, 20))).toBeUndefined();
  });
});

describe('the sealing key', () => {
  it('is the setting when there is one', () => {
    const hex = randomBytes(32).toString('hex');
    expect(sealingKey(hex, '/nonexistent', 'k.key').toString('hex')).toBe(hex);
  });

  it('is made once in DATA_DIR, readable by Quartet alone, and the same afterwards', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'quartet-key-'));
    dirs.push(dir);
    const first = sealingKey(undefined, path.join(dir, 'data'), 'calendar.key');
    const file = path.join(dir, 'data', 'calendar.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(first.toString('hex'));
    expect(sealingKey(undefined, path.join(dir, 'data'), 'calendar.key').equals(first)).toBe(true);
  });
});
