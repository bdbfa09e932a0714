import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { startTestApp } from './app.ts';
import { buildPerson } from './factories.ts';
it('explore', async () => {
  const t = await startTestApp();
  const doc = await (await t.request('GET', '/api/openapi.json')).json();
  writeFileSync('/tmp/scr/openapi.json', JSON.stringify(doc, null, 2));
  const p = await buildPerson(t.database.db, { roles: ['admin', 'coach', 'employee'] });
  const cookie = await t.cookieFor(p);
  const tries: Array<[string, string, unknown, Record<string, string>?]> = [
    ['POST', '/api/sessions', '{', {}],
    ['POST', '/api/sessions', '', {}],
    ['POST', '/api/sessions', '{"__proto__": {"x":1}}', {}],
    ['POST', '/api/sessions', '{"constructor": {"prototype": {"x":1}}}', {}],
    ['POST', '/api/sessions', '{"constructor": 1}', {}],
    ['POST', '/api/sessions', '[1,2]', {}],
    ['POST', '/api/sessions', 'null', {}],
    ['POST', '/api/sessions', '"str"', {}],
    ['POST', '/api/sessions', 'hello', { 'content-type': 'text/plain' }],
    ['POST', '/api/sessions', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }],
    ['POST', '/api/sessions', '{}', { 'content-type': 'application/json; charset=latin1' }],
    ['POST', '/api/sessions', '{}', { 'content-type': 'garbage' }],
    ['POST', '/api/sessions', '[' .repeat(200000) + ']'.repeat(200000), {}],
    ['POST', '/api/sessions', '{"a":'.repeat(100000) + '1' + '}'.repeat(100000), {}],
    ['POST', '/api/sessions', '{"constructor":'.repeat(50000) + '1' + '}'.repeat(50000), {}],
    ['POST', '/api/sessions', 'x'.repeat(2_000_000), {}],
    ['POST', '/api/sessions', { moduleId: 'x', capacity: 1e309 }, {}],
    ['GET', '/api/sessions?cursor=abc&limit=1e400', undefined, {}],
    ['GET', '/api/sessions?limit=99999999999999999999999', undefined, {}],
    ['GET', '/api/sessions?from=0000-01-01T00:00:00Z', undefined, {}],
    ['GET', '/api/sessions?from=9999-12-31T23:59:59Z&to=0000-01-01T00:00:00Z', undefined, {}],
    ['GET', '/api/sessions?limit=1&limit=2', undefined, {}],
    ['GET', '/api/sessions?__proto__=1', undefined, {}],
    ['GET', '/api/sessions?tz=%00', undefined, {}],
    ['GET', '/api/sessions/%00', undefined, {}],
    ['GET', '/api/sessions/' + 'a'.repeat(300), undefined, {}],
    ['GET', '/api/sessions/%E0%A4%A', undefined, {}],
    ['GET', '/api/sessions/00000000-0000-0000-0000-000000000000', undefined, {}],
    ['GET', '/api/sessions/ffffffff-ffff-ffff-ffff-ffffffffffff', undefined, {}],
    ['POST', '/api/sessions/' + crypto.randomUUID() + '/bookings', undefined, { 'idempotency-key': 'ä' }],
    ['POST', '/api/auth/logout', 'junk', { 'content-type': 'text/plain' }],
    ['PATCH', '/api/me', { name: 'a\u0000b' }, {}],
    ['PATCH', '/api/me', { department: 'a\u0000b' }, {}],
    ['PATCH', '/api/me', { timeZone: 'Europe/Berlin\u0000' }, {}],
    ['POST', '/api/auth/login-link', { email: 'a\u0000@b.c' }, {}],
    ['GET', '/api/modules?q=%00', undefined, {}],
    ['GET', '/api/rooms?site=%00', undefined, {}],
    ['GET', '/api/rooms?freeFrom=0000-01-01T00:00:00Z&freeTo=9999-01-01T00:00:00%2B14:00', undefined, {}],
  ];
  for (const [m, path, body, headers] of tries) {
    const res = await t.request(m, path, { cookie, body, headers });
    console.log(m, path.slice(0, 60), String(typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 30), '->', res.status, (await res.text()).slice(0, 300));
  }
});
