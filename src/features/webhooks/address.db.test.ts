// SSRF: with WEBHOOKS_ALLOW_LOOPBACK off (as in production), a webhook URL must be https and must
// not reach a private, loopback, link-local, unique-local, CGNAT, multicast or unspecified address,
// written as one or resolved from a name; refused with a clear 400 when saved, and again at every
// delivery, where the connection goes to the address that was checked.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson } from '../../../test/factories.ts';
import { startCapturingMailbox } from '../../../test/mail-assertions.ts';
import { deliveriesSettled, startReceiver, webhookWorker } from '../../../test/webhook-receiver.ts';
import { addressAllowed, checkWebhookUrl, checkedAddress, type Resolve } from './address.ts';
import { queueWebhookEvent } from './outbox/service.ts';
import { postJson } from './post.ts';

const production = { allowLoopback: false };
const development = { allowLoopback: true };

describe('the address ranges', () => {
  it('let only public unicast addresses through, IPv4 and IPv6, mapped IPv4 judged as what it maps', () => {
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(addressAllowed(ip, production), ip).toBe(true);
    const refused = [
      '127.0.0.1', '127.1.2.3', '10.0.0.1', '172.16.5.4', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1',
      '255.255.255.255', '::1', '::', 'fe80::1', 'fc00::1', 'fd12:3456::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1',
      '::ffff:169.254.169.254', 'not an address',
    ];
    for (const ip of refused) expect(addressAllowed(ip, production), ip).toBe(false);
    // IPv4-compatible IPv6 (::/96, deprecated), as a URL's host or a resolver writes it (https://[::127.0.0.1]/
    // has the host [::7f00:1]): a stack with a 6in4 tunnel sends it on to the IPv4 address inside.
    for (const ip of ['::7f00:1', '::a9fe:a9fe', '::a00:1', '::808:808']) {
      expect(addressAllowed(ip, production), ip).toBe(false);
      expect(addressAllowed(ip, development), ip).toBe(false);
    }
    // The setting for tests and development opens loopback, and only loopback.
    expect(addressAllowed('127.0.0.1', development)).toBe(true);
    expect(addressAllowed('::1', development)).toBe(true);
    expect(addressAllowed('10.0.0.1', development)).toBe(false);
    expect(addressAllowed('169.254.169.254', development)).toBe(false);
  });

  it('refuse a name when any address it resolves to is refused, and connect to the one checked', async () => {
    const mixed: Resolve = async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }];
    await expect(checkedAddress('mixed.example', production, mixed)).rejects.toThrow('resolves to 10.0.0.7');
    const publicOnly: Resolve = async () => [{ address: '93.184.216.34', family: 4 }];
    await expect(checkedAddress('public.example', production, publicOnly)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
    await expect(checkWebhookUrl('https://mixed.example/hook', production, mixed)).rejects.toThrow('must not point to a private, loopback or link-local address');
  });

  it('connect to the address checked, not to what the name resolves to later (DNS rebinding)', async () => {
    const receiver = await startReceiver();
    const port = new URL(receiver.url).port;
    // The name resolves to loopback once, when checked; a later lookup would say something else,
    // and is never made: the request reaches the checked address.
    let lookups = 0;
    const rebinding: Resolve = async () => {
      lookups += 1;
      return lookups === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }];
    };
    const result = await postJson(`http://rebind.example:${port}/hook`, '{}', {}, { timeoutMs: 2_000, policy: development, resolve: rebinding });
    expect(result).toMatchObject({ statusCode: 200, error: null });
    expect(lookups).toBe(1);
    expect(receiver.received[0]!.headers.host).toBe(`rebind.example:${port}`);
  });
});

describe('with loopback not allowed (production)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ worker: false, env: { WEBHOOKS_ALLOW_LOOPBACK: 'false' } });
  });

  it('refuses to save an address that reaches inside, with a 400 naming the URL', async () => {
    const org = await buildOrganisation(t.database.db);
    const admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'] });
    const cookie = await t.cookieFor(admin);
    const cases: Array<[string, string]> = [
      ['https://127.0.0.1/hook', 'must not point to a private, loopback or link-local address'],
      ['https://10.1.2.3/hook', 'must not point to a private, loopback or link-local address'],
      ['https://[::1]/hook', 'must not point to a private, loopback or link-local address'],
      ['https://[::ffff:127.0.0.1]/hook', 'must not point to a private, loopback or link-local address'],
      ['https://169.254.169.254/latest/meta-data', 'must not point to a private, loopback or link-local address'],
      ['https://100.64.1.1/hook', 'must not point to a private, loopback or link-local address'],
      ['https://0.0.0.0/hook', 'must not point to a private, loopback or link-local address'],
      ['https://2130706433/hook', 'must not point to a private, loopback or link-local address'], // 127.0.0.1 as one number
      ['https://localhost/hook', 'must not point to a private, loopback or link-local address'], // a name resolving to 127.0.0.1
      ['http://93.184.216.34/hook', 'must be an https:// address'],
      ['ftp://93.184.216.34/hook', 'must be an https:// address'],
      ['not a url', 'must be an https:// address'],
      ['https://user:pw@93.184.216.34/hook', 'must not contain a user name or password'],
    ];
    for (const [url, message] of cases) {
      const res = await call(t, 'POST', '/api/admin/webhooks', { cookie, body: { url, events: ['booking.created'] } });
      expect(res.status, url).toBe(400);
      expect(res.body.fields, url).toEqual([{ field: 'url', message }]);
    }
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from webhook_endpoints where org_id = ${org.id}`.execute(t.database.db);
    expect(rows[0]!.n).toBe(0);
    // Changing a saved endpoint to such an address is refused the same way.
    const saved = await call(t, 'POST', '/api/admin/webhooks', { cookie, body: { url: 'https://93.184.216.34/hook', events: ['booking.created'] } });
    expect(saved.status, saved.text).toBe(201);
    const changed = await call(t, 'PATCH', `/api/admin/webhooks/${saved.body.id}`, { cookie, body: { url: 'https://192.168.0.10/hook' } });
    expect(changed.status).toBe(400);
  });

  it('refuses at delivery too: an endpoint that reaches inside (stored before, or resolving there now) gets nothing', async () => {
    const mailbox = await startCapturingMailbox();
    await webhookWorker(t, mailbox, { allowLoopback: false, maxAttempts: 2 });
    const receiver = await startReceiver();
    const org = await buildOrganisation(t.database.db);
    // As if saved while the names pointed elsewhere: written directly, past the check at saving.
    const port = new URL(receiver.url).port;
    for (const url of [`https://127.0.0.1:${port}/hook`, `https://localhost:${port}/hook`]) {
      await sql`insert into webhook_endpoints (org_id, url, events, secret) values (${org.id}, ${url}, '{booking.created}', 'whsec_test')`.execute(t.database.db);
    }
    await t.database.db.transaction().execute((tx) => queueWebhookEvent(tx, org.id, 'booking.created', { booking: { id: 'x' } }));
    await deliveriesSettled(t.database.db, org.id);
    expect(receiver.received).toHaveLength(0);
    const { rows } = await sql<{ url: string; status: string; error: string }>`
      select w.url, d.status, a.error from webhook_deliveries d
      join webhook_endpoints w on w.id = d.endpoint_id join webhook_attempts a on a.delivery_id = d.id
      where d.org_id = ${org.id} order by w.url, a.started_at`.execute(t.database.db);
    expect(rows.map((r) => [r.url.replace(port, 'PORT'), r.status])).toEqual([
      ['https://127.0.0.1:PORT/hook', 'failed'], ['https://127.0.0.1:PORT/hook', 'failed'],
      ['https://localhost:PORT/hook', 'failed'], ['https://localhost:PORT/hook', 'failed'],
    ]);
    for (const row of rows) expect(row.error).toMatch(/^refused: .* resolves to (127\.0\.0\.1|::1), a private, loopback or link-local address$/);
  });
});
