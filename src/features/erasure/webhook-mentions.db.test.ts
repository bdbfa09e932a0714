// The organisation's webhooks carry copies of the group's suggestions (title, text, the board's
// response). Erasure removes the person's name from the suggestions themselves, so it must from
// those copies too, and from the receivers' answers that may echo them.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { scanForNeedles } from '../../../test/erasure-fixtures.ts';
import { record, reflectionGroup } from '../../../test/suggestion-fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  // No worker: the deliveries stay as written, and the test adds the receiver's answer itself.
  t = await startTestApp({ worker: false });
});

describe('a person a suggestion names is erased', () => {
  it('leaves their name and address in no webhook event nor any receiver’s answer', async () => {
    const g = await reflectionGroup(t);
    const q = (text: string, values: unknown[]) => t.database.pool.query(text, values);
    await q(`insert into webhook_endpoints (org_id, url, events, secret, created_by)
      values ($1, 'http://127.0.0.1:9/hook', '{suggestion.created,suggestion.status_changed}', 'whsec_mentions', $2)`, [g.org.id, g.admin.id]);

    const added = await record(t, g.cookies.coach, g.session.id, { title: `Pair with ${g.ana.name}`, body: `Write to ${g.ana.email} first` });
    expect(added.status, added.text).toBe(201);
    const { rows: [event] } = await q(`select e.id, d.id as delivery from webhook_events e join webhook_deliveries d on d.event_id = e.id
      where e.org_id = $1 and e.type = 'suggestion.created'`, [g.org.id]);
    expect(event, 'the suggestion’s event').toBeDefined();
    // A receiver that answers with what it was sent.
    await q(`insert into webhook_attempts (org_id, delivery_id, started_at, duration_ms, status_code, response, error)
      select $1, $2, now(), 12, 400, left(payload::text, 1024), 'rejected: ' || (payload #>> '{suggestion,title}') from webhook_events where id = $3`,
    [g.org.id, event.delivery, event.id]);
    expect((await scanForNeedles(t, [g.ana.name, g.ana.email])).filter((f) => f.includes('webhook_')).length).toBeGreaterThanOrEqual(3);

    const erased = await call(t, 'POST', `/api/admin/people/${g.ana.id}/erasure`, { cookie: g.cookies.admin, body: { confirmEmail: g.ana.email } });
    expect(erased.status, erased.text).toBe(200);

    expect(await scanForNeedles(t, [g.ana.name, g.ana.email, g.ana.id])).toEqual([]);
    // What the event says otherwise stays: the receivers still got the suggestion.
    const { rows: [after] } = await q(`select payload #>> '{suggestion,title}' as title from webhook_events where id = $1`, [event.id]);
    expect(after.title).toBe('Pair with (erased)');
  });
});
