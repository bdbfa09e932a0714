// The one reader of the development catcher's files that erasure, retention and an
// organisation's deletion share: what it tells them about each file, and what it removes.
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeCaughtMail, type CaughtMessage } from './caught-mail.ts';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'quartet-caught-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A file as lib/mail-catcher.ts writes it: the envelope's recipients on top, then the message. */
function caught(name: string, recipients: string[], arrivedDaysAgo = 0, body = 'Hello') {
  const file = path.join(dir, name);
  writeFileSync(file, `${recipients.map((r) => `Delivered-To: ${r}\r\n`).join('')}From: quartet@example.test\r\nTo: someone\r\n\r\nDelivered-To: not-a-recipient@example.test\r\n${body}\r\n`);
  const at = new Date(Date.now() - arrivedDaysAgo * 86_400_000);
  utimesSync(file, at, at);
}

describe('removing caught mail', () => {
  it('reads the envelope’s recipients (lower case, Bcc included, not the body) and when each file arrived', async () => {
    caught('1.eml', ['Anna@Example.test', 'bcc@example.test'], 3);
    const seen: CaughtMessage[] = [];
    expect(await removeCaughtMail(dir, (m) => (seen.push(m), false))).toBe(0);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.recipients).toEqual(['anna@example.test', 'bcc@example.test']);
    expect(Math.round((Date.now() - seen[0]!.arrivedAt.getTime()) / 86_400_000)).toBe(3);
  });

  it('removes exactly the files picked, counts them, and leaves other files alone', async () => {
    caught('to-anna.eml', ['anna@example.test']);
    caught('to-both.eml', ['anna@example.test', 'ben@example.test']);
    caught('to-ben-old.eml', ['ben@example.test'], 40);
    writeFileSync(path.join(dir, 'notes.txt'), 'Delivered-To: anna@example.test\r\n');
    expect(await removeCaughtMail(dir, (m) => m.recipients.includes('anna@example.test'))).toBe(2);
    expect(readdirSync(dir).sort()).toEqual(['notes.txt', 'to-ben-old.eml']);
    const monthAgo = new Date(Date.now() - 30 * 86_400_000);
    expect(await removeCaughtMail(dir, (m) => m.arrivedAt < monthAgo)).toBe(1);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('finds nothing to remove where no mail was ever caught', async () => {
    expect(await removeCaughtMail(path.join(dir, 'mail'), () => true)).toBe(0);
  });
});
