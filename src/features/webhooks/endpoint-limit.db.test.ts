// An organisation keeps at most 20 webhook endpoints, also when two admins add one at the same
// moment at 19: the first is held open after adding its endpoint until the second waits on it (or,
// without the lock, has added one too).
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { buildOrganisation, buildPerson, type PersonRow } from '../../../test/factories.ts';
import { hold, outcome, untilWaitingOrDone } from '../../../test/lock-waits.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { createEndpoint } from './service.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;
const actorOf = (p: PersonRow): Actor => ({ orgId: p.org_id, personId: p.id, roles: p.roles, timeZone: p.time_zone, locale: p.locale });
const loopback = { allowLoopback: true };
const endpoint = (n: number) => ({ url: `https://127.0.0.1:8443/hook-${n}`, events: ['booking.created' as const] });

describe('the limit of 20 webhook endpoints', () => {
  it('holds when two admins add the 20th at the same moment: one is refused with 409 WEBHOOK_LIMIT', async () => {
    const org = await buildOrganisation(db);
    const [first, second] = [await buildPerson(db, { org, roles: ['admin', 'employee'] }), await buildPerson(db, { org, roles: ['admin', 'employee'] })];
    for (let n = 1; n <= 19; n++) await inOrg(t.ctx.db, org.id, (tx) => createEndpoint(tx, actorOf(first), endpoint(n), loopback));

    const added = hold();
    const adding = inOrg(t.ctx.db, org.id, async (tx) => {
      await createEndpoint(tx, actorOf(first), endpoint(20), loopback);
      await added.here();
    });
    await added.reached;
    const alsoAdding = outcome(t.request('POST', '/api/admin/webhooks', { cookie: await t.cookieFor(second), body: endpoint(21) })
      .then(async (r) => ({ status: r.status, body: (await r.json()) as { code?: string } })));
    await untilWaitingOrDone(t.ctx.pool, alsoAdding);
    added.release();
    await adding;

    expect(await alsoAdding).toEqual({ value: { status: 409, body: expect.objectContaining({ code: 'WEBHOOK_LIMIT' }) } });
    const { rows: kept } = await t.database.pool.query<{ url: string }>('select url from webhook_endpoints where org_id = $1', [org.id]);
    expect(kept).toHaveLength(20);
    expect(kept.map((e) => e.url)).not.toContain(endpoint(21).url);
  });
});
