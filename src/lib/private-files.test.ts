// DATA_DIR made private at start: what is tightened, what is left alone, and root's exception.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDirPrivate } from './private-files.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quartet-private-'));
  made.push(dir);
  return dir;
}

function write(file: string, mode: number) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, 'x');
  chmodSync(file, mode);
}

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('makeDataDirPrivate', () => {
  it('tightens the folder and what Quartet keeps in it, reporting each, and leaves PostgreSQL’s folder and links alone', () => {
    const dataDir = path.join(scratch(), 'data');
    write(path.join(dataDir, '.app-password'), 0o644);
    write(path.join(dataDir, 'quartet.pid'), 0o600);
    write(path.join(dataDir, 'mail', 'a.eml'), 0o644);
    write(path.join(dataDir, 'mail', 'b.eml'), 0o640);
    write(path.join(dataDir, 'mail', 'c.eml'), 0o600);
    write(path.join(dataDir, 'pg', 'PG_VERSION'), 0o644);
    const outside = path.join(scratch(), 'elsewhere.txt');
    write(outside, 0o644);
    symlinkSync(outside, path.join(dataDir, 'link'));
    for (const dir of [dataDir, path.join(dataDir, 'mail'), path.join(dataDir, 'pg')]) chmodSync(dir, 0o755);

    const tightened = makeDataDirPrivate({ dataDir, embedded: true, catcher: true }, false);

    expect(tightened).toEqual(expect.arrayContaining([
      { path: dataDir, from: '755', to: '700' },
      { path: path.join(dataDir, '.app-password'), from: '644', to: '600' },
      { path: path.join(dataDir, 'mail'), from: '755', to: '700' },
      { path: path.join(dataDir, 'mail', '*'), from: 'readable by others', to: '600', files: 2 },
    ]));
    expect(tightened).toHaveLength(4);
    expect([dataDir, path.join(dataDir, 'mail')].map(modeOf)).toEqual([0o700, 0o700]);
    expect(['.app-password', 'quartet.pid', 'mail/a.eml', 'mail/b.eml', 'mail/c.eml'].map((f) => modeOf(path.join(dataDir, f)))).toEqual([0o600, 0o600, 0o600, 0o600, 0o600]);
    expect(modeOf(path.join(dataDir, 'pg'))).toBe(0o755);
    expect(modeOf(outside)).toBe(0o644);

    expect(makeDataDirPrivate({ dataDir, embedded: true, catcher: true }, false)).toEqual([]);
  });

  it('as root with the embedded cluster keeps DATA_DIR passable (0711) for the OS user postgres', () => {
    const open = path.join(scratch(), 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    expect(makeDataDirPrivate({ dataDir: open, embedded: true, catcher: false }, true)).toEqual([{ path: open, from: '755', to: '711' }]);
    expect(modeOf(open)).toBe(0o711);

    // Made 0700 by hand: PostgreSQL could not reach its folder, so search is added back, unreported.
    const closed = path.join(scratch(), 'closed');
    mkdirSync(closed, { mode: 0o700 });
    expect(makeDataDirPrivate({ dataDir: closed, embedded: true, catcher: false }, true)).toEqual([]);
    expect(modeOf(closed)).toBe(0o711);

    // Root with a database server: no PostgreSQL of ours needs to pass.
    expect(makeDataDirPrivate({ dataDir: open, embedded: false, catcher: true }, true)).toEqual([{ path: open, from: '711', to: '700' }]);
    expect(modeOf(open)).toBe(0o700);
  });

  it('creates a missing DATA_DIR private, and neither makes nor touches one that nothing uses', () => {
    const fresh = path.join(scratch(), 'new', 'data');
    expect(makeDataDirPrivate({ dataDir: fresh, embedded: false, catcher: true }, false)).toEqual([]);
    expect(modeOf(fresh)).toBe(0o700);

    const unused = path.join(scratch(), 'unused');
    expect(makeDataDirPrivate({ dataDir: unused, embedded: false, catcher: false }, false)).toEqual([]);
    expect(existsSync(unused)).toBe(false);
  });
});
