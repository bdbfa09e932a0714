// The request log as an operator reads it: one line per request, with ids, never a name, an
// address, a token, a cookie or a query string.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { buildOrganisation, buildPerson, buildSession } from '../../test/factories.ts';

const lines: Array<Record<string, unknown>> = [];
const raw: string[] = [];
let t: TestApp;
beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  t = await startTestApp({ logger: pino({ level: 'info' }, sink) });
});

describe('the request log', () => {
  it('has one line per request, naming the route, status, time and actor, and nothing personal', async () => {
    const org = await buildOrganisation(t.database.db);
    const person = await buildPerson(t.database.db, { org, name: 'Grace Hopper-Logtest' });
    const session = await buildSession(t.database.db, { org });
    lines.length = 0;
    raw.length = 0;

    expect((await t.request('POST', '/api/auth/login-link', { body: { email: person.email } })).status).toBe(202);
    await t.mailbox.waitFor(() => t.mailbox.to(person.email).length >= 1);
    const token = /#token=([\w-]+)/.exec(String(t.mailbox.to(person.email)[0]!.text))![1]!;
    const signedIn = await t.request('POST', '/api/auth/session', { body: { token } });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const requests = [
      () => t.request('GET', '/api/me', { cookie }),
      () => t.request('GET', '/api/sessions?site=Secret-Site-Name&language=de', { cookie }),
      () => t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie }),
      () => t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie }), // 409
      () => t.request('POST', '/api/auth/login-link', { body: { email: 'not-an-address-but-personal@' } }), // 400
      () => t.request('GET', '/api/no-such-route?who=grace'), // 404
    ];
    const statuses = [];
    for (const request of requests) statuses.push((await request()).status);
    expect(statuses).toEqual([200, 200, 201, 409, 400, 404]);

    // The line is written once the answer has gone out, which may be a moment after fetch returns.
    await expect.poll(() => lines.filter((l) => l.msg === 'request').length).toBe(2 + requests.length);
    const logged = lines.filter((l) => l.msg === 'request');
    expect(logged.map((l) => l.status)).toEqual([202, 200, ...statuses]);
    expect(logged.map((l) => l.route)).toEqual([
      '/api/auth/login-link', '/api/auth/session', '/api/me', '/api/sessions', '/api/sessions/:id/bookings', '/api/sessions/:id/bookings',
      '/api/auth/login-link', 'unmatched',
    ]);
    for (const l of logged) expect(l.ms).toEqual(expect.any(Number));
    expect(logged.slice(2, 6).every((l) => l.actor === person.id)).toBe(true);

    const everything = raw.join('\n');
    for (const secret of [person.email, person.name, token, cookie.split('=')[1]!, 'Secret-Site-Name', 'not-an-address-but-personal', 'who=grace']) {
      expect(everything, secret).not.toContain(secret);
    }
  });
});
