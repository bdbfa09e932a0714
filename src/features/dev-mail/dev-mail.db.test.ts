// With no SMTP_URL, Quartet keeps its mail in the built-in catcher: through real SMTP, via the
// job queue, readable at /dev/mail from this machine and by admins, by nobody else.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { startQuartet } from '../../server.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { authenticateAs, buildOrganisation, buildPerson } from '../../../test/factories.ts';
import { freePort } from '../../../test/free-port.ts';


const database = await createTestDatabase(4);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quartet-dev-mail-'));
const port = await freePort();
const quartet = await startQuartet(loadConfig({
  DATABASE_URL: database.url, APP_DATABASE_URL: database.appUrl, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir,
  BASE_URL: `http://127.0.0.1:${port}`, SEED_DEMO: 'never', TRUST_PROXY: 'true', LOG_LEVEL: 'silent', WORKER_CONCURRENCY: '2',
}), pino({ level: 'silent' }));
afterAll(async () => {
  await quartet.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const base = `http://127.0.0.1:${port}`;
// Seen as coming from elsewhere: Quartet trusts X-Forwarded-For here, as behind a proxy.
const fromElsewhere = { 'x-forwarded-for': '203.0.113.7' };

describe('the development mail catcher', () => {
  it('keeps a log-in link mail, readable from this machine and by an admin, refused to others', async () => {
    const org = await buildOrganisation(database.db);
    const person = await buildPerson(database.db, { org });
    const asked = await fetch(`${base}/api/auth/login-link`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ email: person.email }),
    });
    expect(asked.status).toBe(202);

    let items: Array<{ to: string; subject: string; read: string }> = [];
    for (let i = 0; i < 100 && items.length === 0; i++) {
      items = ((await (await fetch(`${base}/dev/mail`)).json()) as { items: typeof items }).items;
      if (items.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(items).toHaveLength(1);
    expect(items[0]!.to).toContain(person.email);
    const text = await (await fetch(`${base}${items[0]!.read}`)).text();
    expect(text).toMatch(new RegExp(`${base}/sign-in#token=[\\w-]+`));

    expect((await fetch(`${base}/dev/mail`, { headers: fromElsewhere })).status).toBe(403);
    expect((await fetch(`${base}${items[0]!.read}`, { headers: fromElsewhere })).status).toBe(403);
    // Through a proxy on this machine every connection comes from loopback; what it adds tells.
    const proxiedHeaders: Array<Record<string, string>> = [{ forwarded: 'for=203.0.113.7' }, { 'x-real-ip': '203.0.113.7' }, { via: '1.1 proxy' }, { 'x-forwarded-for': '127.0.0.1' }];
    for (const proxied of proxiedHeaders) {
      expect((await fetch(`${base}/dev/mail`, { headers: proxied })).status, JSON.stringify(proxied)).toBe(403);
    }
    const employeeCookie = await authenticateAs(database.db, person);
    expect((await fetch(`${base}/dev/mail`, { headers: { ...fromElsewhere, cookie: employeeCookie } })).status).toBe(403);
    const admin = await buildPerson(database.db, { org, roles: ['admin', 'employee'] });
    const adminCookie = await authenticateAs(database.db, admin);
    expect((await fetch(`${base}/dev/mail`, { headers: { ...fromElsewhere, cookie: adminCookie } })).status).toBe(200);
  });
});
