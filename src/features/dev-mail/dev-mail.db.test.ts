// With no SMTP_URL, Quartet keeps its mail in the built-in catcher: through real SMTP, via the
// job queue, readable at /dev/mail from this machine (everything) and by admins (their own
// organisation's people's mail only), by nobody else; its files private to Quartet's OS user.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.ts';
import { startQuartet } from '../../server.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { authenticateAs, buildOrganisation, buildPerson } from '../../../test/factories.ts';
import { freePort } from '../../../test/free-port.ts';

const database = await createTestDatabase(4);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-dev-mail-'));
// As an older Quartet left it: the folder open to everyone, a caught mail and a secret readable.
const mailDir = path.join(dataDir, 'mail');
mkdirSync(mailDir);
const oldMail = path.join(mailDir, '2020-01-01T00-00-00-000Z_old.eml');
writeFileSync(oldMail, 'To: someone@example.test\r\nSubject: old\r\n\r\nold\r\n');
const oldSecret = path.join(dataDir, '.pg-password');
writeFileSync(oldSecret, 'secret');
for (const [file, mode] of [[dataDir, 0o755], [mailDir, 0o755], [oldMail, 0o644], [oldSecret, 0o644]] as const) chmodSync(file, mode);

const warnings: Array<{ msg: string; path: string }> = [];
const port = await freePort();
const quartet = await startQuartet(loadConfig({
  DATABASE_URL: database.url, APP_DATABASE_URL: database.appUrl, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir,
  BASE_URL: `http://127.0.0.1:${port}`, SEED_DEMO: 'never', TRUST_PROXY: 'true', LOG_LEVEL: 'warn', WORKER_CONCURRENCY: '2',
}), pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as { msg: string; path: string }) }));
afterAll(async () => {
  await quartet.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const base = `http://127.0.0.1:${port}`;
// Seen as coming from elsewhere: Quartet trusts X-Forwarded-For here, as behind a proxy.
const fromElsewhere = { 'x-forwarded-for': '203.0.113.7' };
type Item = { id: string; to: string; subject: string; read: string };

async function askForLink(email: string) {
  const asked = await fetch(`${base}/api/auth/login-link`, {
    method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email }),
  });
  expect(asked.status).toBe(202);
}

async function inbox(headers: Record<string, string> = {}): Promise<Item[]> {
  const res = await fetch(`${base}/dev/mail`, { headers });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Item[] }).items;
}

/** The developer's inbox once `count` messages to `email` have arrived (the worker sends them). */
async function mailTo(email: string, count = 1): Promise<Item[]> {
  let found: Item[] = [];
  for (let i = 0; i < 200 && found.length < count; i++) {
    found = (await inbox()).filter((item) => item.to.includes(email));
    if (found.length < count) await new Promise((r) => setTimeout(r, 100));
  }
  expect(found).toHaveLength(count);
  return found;
}

const unknownId = `2020-01-01T00-00-00-000Z_${randomUUID()}`;

describe('the development mail catcher', () => {
  it('keeps a log-in link mail, readable from this machine and by an admin, refused to others', async () => {
    const org = await buildOrganisation(database.db);
    const person = await buildPerson(database.db, { org });
    await askForLink(person.email);
    const [mail] = await mailTo(person.email);
    const text = await (await fetch(`${base}${mail!.read}`)).text();
    expect(text).toMatch(new RegExp(`${base}/sign-in#token=[\\w-]+`));

    expect((await fetch(`${base}/dev/mail`, { headers: fromElsewhere })).status).toBe(403);
    expect((await fetch(`${base}${mail!.read}`, { headers: fromElsewhere })).status).toBe(403);
    // Through a proxy on this machine every connection comes from loopback; what it adds tells.
    const proxiedHeaders: Array<Record<string, string>> = [{ forwarded: 'for=203.0.113.7' }, { 'x-real-ip': '203.0.113.7' }, { via: '1.1 proxy' }, { 'x-forwarded-for': '127.0.0.1' }];
    for (const proxied of proxiedHeaders) {
      expect((await fetch(`${base}/dev/mail`, { headers: proxied })).status, JSON.stringify(proxied)).toBe(403);
    }
    const employeeCookie = await authenticateAs(database.db, person);
    expect((await fetch(`${base}/dev/mail`, { headers: { ...fromElsewhere, cookie: employeeCookie } })).status).toBe(403);
    const admin = await buildPerson(database.db, { org, roles: ['admin', 'employee'] });
    const adminCookie = await authenticateAs(database.db, admin);
    expect((await inbox({ ...fromElsewhere, cookie: adminCookie })).map((i) => i.id)).toEqual([mail!.id]);
    expect(await (await fetch(`${base}${mail!.read}`, { headers: { ...fromElsewhere, cookie: adminCookie } })).text()).toBe(text);
  });

  it("shows an admin only their own organisation's mail: another's log-in link is as unknown as a made-up id", async () => {
    const [orgA, orgB] = [await buildOrganisation(database.db), await buildOrganisation(database.db)];
    const personA = await buildPerson(database.db, { org: orgA, roles: ['coach', 'employee'] });
    const personB = await buildPerson(database.db, { org: orgB });
    const adminA = await buildPerson(database.db, { org: orgA, roles: ['admin', 'employee'] });
    const adminB = await buildPerson(database.db, { org: orgB, roles: ['admin', 'employee'] });
    await askForLink(personA.email);
    await askForLink(personB.email);
    const [mailOfA] = await mailTo(personA.email);
    const [mailOfB] = await mailTo(personB.email);

    const cookieB = await authenticateAs(database.db, adminB);
    // Through a proxy or straight from this machine, the signed-in admin is held to their organisation.
    for (const headers of [{ cookie: cookieB, ...fromElsewhere }, { cookie: cookieB }]) {
      const seen = await inbox(headers);
      expect(seen.map((i) => i.id), JSON.stringify(headers)).toEqual([mailOfB!.id]);
      const readA = await fetch(`${base}${mailOfA!.read}`, { headers });
      const unknown = await fetch(`${base}/dev/mail/${unknownId}`, { headers });
      expect([readA.status, unknown.status]).toEqual([404, 404]);
      expect(await readA.text()).toBe(await unknown.text());
      const readB = await fetch(`${base}${mailOfB!.read}`, { headers });
      expect(readB.status).toBe(200);
      expect(await readB.text()).toMatch(/sign-in#token=[\w-]+/);
    }

    const cookieA = await authenticateAs(database.db, adminA);
    expect((await inbox({ cookie: cookieA, ...fromElsewhere })).map((i) => i.id)).toEqual([mailOfA!.id]);
    expect((await fetch(`${base}${mailOfA!.read}`, { headers: { cookie: cookieA, ...fromElsewhere } })).status).toBe(200);
    expect((await fetch(`${base}${mailOfB!.read}`, { headers: { cookie: cookieA, ...fromElsewhere } })).status).toBe(404);

    // An integration token acts for the admin who made it, but is not let in.
    const made = await fetch(`${base}/api/tokens`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: base, cookie: cookieB }, body: JSON.stringify({ name: 'HR sync', scopes: ['read'] }),
    });
    expect(made.status).toBe(201);
    const { token } = (await made.json()) as { token: string };
    expect((await fetch(`${base}/dev/mail`, { headers: { authorization: `Bearer ${token}`, ...fromElsewhere } })).status).toBe(403);
  });

  it('shows no admin the mail of an address that people of two organisations share, nor one with a hidden recipient', async () => {
    const [orgA, orgB] = [await buildOrganisation(database.db), await buildOrganisation(database.db)];
    const shared = `shared-${randomUUID()}@example.test`;
    await buildPerson(database.db, { org: orgA, email: shared });
    await buildPerson(database.db, { org: orgB, email: shared });
    const otherOfA = await buildPerson(database.db, { org: orgA });
    const otherOfB = await buildPerson(database.db, { org: orgB });
    const adminA = await buildPerson(database.db, { org: orgA, roles: ['admin'] });
    const adminB = await buildPerson(database.db, { org: orgB, roles: ['admin'] });
    // Each organisation mails the address a log-in link of its own; the address cannot tell whose is whose.
    await askForLink(shared);
    const both = await mailTo(shared, 2);
    // A message to B's person with A's person as a blind copy: only the envelope names A's.
    const bcc = await nodemailer.createTransport(quartet.ctx.mailCatcher!.smtpUrl).sendMail({
      from: 'tester@example.test', to: otherOfB.email, bcc: otherOfA.email, subject: 'Blind copy', text: 'for both',
    });
    expect(bcc.accepted).toHaveLength(2);
    const [blind] = await mailTo(otherOfB.email);

    for (const admin of [adminA, adminB]) {
      const headers = { cookie: await authenticateAs(database.db, admin), ...fromElsewhere };
      const seen = (await inbox(headers)).map((i) => i.id);
      for (const hidden of [...both, blind!]) {
        expect(seen).not.toContain(hidden.id);
        expect((await fetch(`${base}${hidden.read}`, { headers })).status).toBe(404);
      }
    }
  });

  it('shows a browser a readable inbox, newest first, and each message rendered in a sandboxed frame with working links', async () => {
    const org = await buildOrganisation(database.db);
    const person = await buildPerson(database.db, { org });
    await nodemailer.createTransport(quartet.ctx.mailCatcher!.smtpUrl).sendMail({
      from: 'tester@example.test', to: person.email, subject: 'Older <b>one</b>', text: 'first',
    });
    await mailTo(person.email);
    await askForLink(person.email);
    const [newest, older] = await mailTo(person.email, 2);
    const html = { accept: 'text/html,application/xhtml+xml' };

    const page = await fetch(`${base}/dev/mail`, { headers: html });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'nonce-/);
    const listing = await page.text();
    expect(listing).toContain('Older &lt;b&gt;one&lt;/b&gt;');
    expect(listing).not.toContain('<b>one</b>');
    expect(listing.indexOf(`href="${newest!.read}"`)).toBeGreaterThan(-1);
    expect(listing.indexOf(`href="${newest!.read}"`)).toBeLessThan(listing.indexOf(`href="${older!.read}"`));
    expect(listing).toContain(person.email);
    expect(listing).not.toMatch(/<script/i);
    expect(await (await fetch(`${base}/dev/mail`, { headers: { ...html, 'accept-language': 'de-DE,de;q=0.9' } })).text()).toContain('Entwicklungs-Post');

    const message = await (await fetch(`${base}${newest!.read}`, { headers: html })).text();
    expect(message).toContain(`<iframe title="The message" src="/dev/mail/${encodeURIComponent(newest!.id)}/html" sandbox="allow-popups allow-popups-to-escape-sandbox">`);
    const frame = await fetch(`${base}/dev/mail/${newest!.id}/html`, { headers: html });
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-security-policy')).toMatch(/^sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'/);
    expect(frame.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const rendered = await frame.text();
    expect(rendered).toContain('<base target="_blank">');
    expect(rendered).toMatch(new RegExp(`href="${base}/sign-in#token=[\\w-]+"`));
    // A text-only message is shown as its text.
    expect(await (await fetch(`${base}${older!.read}`, { headers: html })).text()).toMatch(/<pre>first\s*<\/pre>/);

    // Still this machine's and admins' only, the frame too; another organisation's admin finds nothing.
    for (const path of ['/dev/mail', newest!.read, `/dev/mail/${newest!.id}/html`]) {
      expect((await fetch(`${base}${path}`, { headers: { ...html, ...fromElsewhere } })).status, path).toBe(403);
    }
    const stranger = await buildPerson(database.db, { roles: ['admin'] });
    const cookie = await authenticateAs(database.db, stranger);
    expect((await fetch(`${base}/dev/mail/${newest!.id}/html`, { headers: { ...html, cookie } })).status).toBe(404);
    expect(await (await fetch(`${base}/dev/mail`, { headers: { ...html, cookie } })).text()).not.toContain(person.email);
  });

  it('keeps the data folder private: tightened at start with a warning per path, new mail written 0600', async () => {
    const modeOf = (file: string) => statSync(file).mode & 0o777;
    // With DATABASE_URL no embedded PostgreSQL needs to pass through, so 0700 even as root.
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(mailDir)).toBe(0o700);
    expect(modeOf(oldSecret)).toBe(0o600);
    expect(modeOf(oldMail)).toBe(0o600);
    expect(warnings.map((w) => w.path).sort()).toEqual([dataDir, oldSecret, mailDir, path.join(mailDir, '*')].sort());
    expect(warnings.find((w) => w.path === dataDir)!.msg).toBe(`${dataDir} had mode 755, open to other users; made 700`);

    await nodemailer.createTransport(quartet.ctx.mailCatcher!.smtpUrl).sendMail({ from: 'tester@example.test', to: 'new@example.test', subject: 'new', text: 'new' });
    await mailTo('new@example.test');
    const files = readdirSync(mailDir);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) expect(modeOf(path.join(mailDir, file)), file).toBe(0o600);
  });
});
