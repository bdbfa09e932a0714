// Delivery against a real HTTP listener on 127.0.0.1: signed with the endpoint's secret, retried
// after 500s and after no answer, every attempt in the log admins read, delivered again by hand
// with the same event id, and an endpoint that keeps failing turned off with its admins mailed
// through real SMTP. Quartet's own worker runs the jobs, with short waits (test/webhook-receiver.ts).
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildPerson } from '../../../test/factories.ts';
import { expectSays, hrefs, settled, startCapturingMailbox, type CapturingMailbox } from '../../../test/mail-assertions.ts';
import { record, reflectionGroup, type ReflectionGroup } from '../../../test/suggestion-fixtures.ts';
import { addEndpoint, deliveriesSettled, startReceiver, webhookWorker } from '../../../test/webhook-receiver.ts';
import { inOrg } from '../../db/transaction.ts';
import { queueWebhookEvent } from './outbox/service.ts';
import { verifySignature } from './signature.ts';

let t: TestApp;
let mailbox: CapturingMailbox;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
  mailbox = await startCapturingMailbox();
  await webhookWorker(t, mailbox);
});

async function suggest(g: ReflectionGroup, title: string, body = 'Some text') {
  const res = await record(t, g.cookies.coach, g.session.id, { title, body });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

async function log(g: ReflectionGroup, endpointId: string) {
  const res = await call(t, 'GET', `/api/admin/webhooks/${endpointId}/deliveries`, { cookie: g.cookies.admin });
  expect(res.status, res.text).toBe(200);
  return res.body.deliveries as Array<{ id: string; eventId: string; status: string; attempts: number; log: Array<{ statusCode: number | null; response: string; error: string | null }> }>;
}

describe('a delivery', () => {
  it('is signed with the endpoint’s secret over the time and the raw body, and carries the event as JSON', async () => {
    const g = await reflectionGroup(t);
    const receiver = await startReceiver();
    const endpoint = await addEndpoint(t, g.cookies.admin, { url: receiver.url, description: 'Ideas to the intranet', events: ['suggestion.created'] });
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const id = await suggest(g, 'Checklists <script>alert(1)</script>', 'One page "per" line & </script>');
    await deliveriesSettled(t.database.db, g.org.id);

    const [got] = await receiver.waitFor(1);
    expect(receiver.received).toHaveLength(1);
    const header = String(got!.headers['quartet-signature']);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(endpoint.secret, got!.body, header, got!.at)).toBe(true);
    // Another secret, a changed body, or the same delivery replayed an hour later: refused.
    expect(verifySignature(`${endpoint.secret}x`, got!.body, header, got!.at)).toBe(false);
    expect(verifySignature(endpoint.secret, got!.body.replace('Checklists', 'Checklist'), header, got!.at)).toBe(false);
    expect(verifySignature(endpoint.secret, got!.body, header, new Date(got!.at.getTime() + 3_600_000))).toBe(false);

    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['quartet-event-type']).toBe('suggestion.created');
    const event = JSON.parse(got!.body);
    expect(got!.headers['quartet-event-id']).toBe(event.id);
    expect(event).toMatchObject({ type: 'suggestion.created', data: { suggestion: {
      id, title: 'Checklists <script>alert(1)</script>', text: 'One page "per" line & </script>', status: 'new', response: '',
      sessionId: g.session.id, module: { id: g.module.id }, mergedInto: null,
    } } });
    // HTML stays text: JSON escapes only what JSON must; nobody's name is in it (the group's, not a person's).
    expect(got!.body).toContain('"title":"Checklists <script>alert(1)</script>"');
    expect(got!.body).toContain('"text":"One page \\"per\\" line & </script>"');
    for (const person of [g.coach, g.admin, g.ana, g.bernd]) {
      expect(got!.body).not.toContain(person.name);
      expect(got!.body).not.toContain(person.id);
    }

    const [delivery] = await log(g, endpoint.id);
    expect(delivery).toMatchObject({ eventId: event.id, status: 'succeeded', attempts: 1, log: [{ statusCode: 200, response: 'ok', error: null }] });
  });

  it('is retried after 500s and after no answer in time, with the same event id, until it succeeds; every attempt logged', async () => {
    const g = await reflectionGroup(t);
    const receiver = await startReceiver();
    receiver.answer({ status: 500, body: 'database down' }, 'hang');
    const endpoint = await addEndpoint(t, g.cookies.admin, { url: receiver.url, events: ['suggestion.created'] });
    await suggest(g, 'Retry me');
    await deliveriesSettled(t.database.db, g.org.id);

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.eventIds()).size).toBe(1);
    // Every attempt is signed afresh, each verifiable.
    for (const r of receiver.received) expect(verifySignature(endpoint.secret, r.body, String(r.headers['quartet-signature']), r.at)).toBe(true);
    const [delivery] = await log(g, endpoint.id);
    expect(delivery!.status).toBe('succeeded');
    expect(delivery!.attempts).toBe(3);
    expect(delivery!.log.map((a) => [a.statusCode, a.response, a.error])).toEqual([
      [500, 'database down', null],
      [null, '', 'no answer within 400 ms'],
      [200, 'ok', null],
    ]);
  });

  it('keeps the first KB of a long answer, as text', async () => {
    const g = await reflectionGroup(t);
    const receiver = await startReceiver();
    receiver.answer({ status: 200, body: `<h1>${'x'.repeat(5000)}</h1>` });
    const endpoint = await addEndpoint(t, g.cookies.admin, { url: receiver.url, events: ['suggestion.created'] });
    await suggest(g, 'Long answer');
    await deliveriesSettled(t.database.db, g.org.id);
    const [delivery] = await log(g, endpoint.id);
    expect(delivery!.log[0]!.response).toBe(`<h1>${'x'.repeat(1020)}`);
  });

  it('can be delivered again by an admin: a new attempt with the same event id', async () => {
    const g = await reflectionGroup(t);
    const receiver = await startReceiver();
    receiver.answer({ status: 500 }, { status: 500 }, { status: 500 });
    const endpoint = await addEndpoint(t, g.cookies.admin, { url: receiver.url, events: ['suggestion.created'] });
    await suggest(g, 'Again');
    await deliveriesSettled(t.database.db, g.org.id);
    const [failed] = await log(g, endpoint.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3 });

    const again = await call(t, 'POST', `/api/admin/webhooks/deliveries/${failed!.id}/redeliver`, { cookie: g.cookies.admin });
    expect(again.status, again.text).toBe(202);
    await deliveriesSettled(t.database.db, g.org.id);
    expect(receiver.received).toHaveLength(4);
    expect(new Set(receiver.eventIds())).toEqual(new Set([failed!.eventId]));
    const [redelivered] = await log(g, endpoint.id);
    expect(redelivered).toMatchObject({ id: failed!.id, status: 'succeeded', attempts: 4 });

    // Not for someone else: a coach may not, another organisation's admin does not find it.
    expect((await call(t, 'POST', `/api/admin/webhooks/deliveries/${failed!.id}/redeliver`, { cookie: g.cookies.coach })).status).toBe(403);
    const other = await reflectionGroup(t);
    expect((await call(t, 'POST', `/api/admin/webhooks/deliveries/${failed!.id}/redeliver`, { cookie: other.cookies.admin })).status).toBe(404);
  });

  it('signs with the new secret once the secret is rotated', async () => {
    const g = await reflectionGroup(t);
    const receiver = await startReceiver();
    const endpoint = await addEndpoint(t, g.cookies.admin, { url: receiver.url, events: ['suggestion.created'] });
    const rotated = await call(t, 'POST', `/api/admin/webhooks/${endpoint.id}/rotate-secret`, { cookie: g.cookies.admin });
    expect(rotated.status, rotated.text).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    await suggest(g, 'Rotated');
    const [got] = await receiver.waitFor(1);
    expect(verifySignature(rotated.body.secret, got!.body, String(got!.headers['quartet-signature']), got!.at)).toBe(true);
    expect(verifySignature(endpoint.secret, got!.body, String(got!.headers['quartet-signature']), got!.at)).toBe(false);
  });
});

describe('a suspended organisation', () => {
  it('sends nothing more: a delivery still queued when it was suspended is stopped, as its mail is', async () => {
    const g = await reflectionGroup(t);
    const receiver = await startReceiver();
    const endpoint = await addEndpoint(t, g.cookies.admin, { url: receiver.url, events: ['suggestion.created'] });
    // Queued and suspended in one commit, so the worker cannot run the job before the suspension.
    await inOrg(t.database.db, g.org.id, async (tx) => {
      await queueWebhookEvent(tx, g.org.id, 'suggestion.created', { suggestion: { id: g.session.id } });
      await tx.updateTable('organisations').set({ status: 'suspended' }).where('id', '=', g.org.id).execute();
    });
    await deliveriesSettled(t.database.db, g.org.id);
    expect(receiver.received).toHaveLength(0);
    const { rows } = await sql`select status, attempts from webhook_deliveries where endpoint_id = ${endpoint.id}`.execute(t.database.db);
    expect(rows).toEqual([{ status: 'stopped', attempts: 0 }]);
  });
});

describe('an endpoint that keeps failing', () => {
  it('is turned off after deliveries in a row failed every attempt; its admins are mailed; nothing more is sent until an admin turns it on', async () => {
    const g = await reflectionGroup(t);
    const germanAdmin = await buildPerson(t.database.db, { org: g.org, roles: ['admin', 'employee'], locale: 'de' });
    const receiver = await startReceiver();
    receiver.otherwise({ status: 503, body: 'maintenance' });
    const endpoint = await addEndpoint(t, g.cookies.admin, { url: receiver.url, description: 'CRM <b>sync</b>', events: ['suggestion.created'] });

    // A success between failures starts the count again.
    await suggest(g, 'First failure');
    await deliveriesSettled(t.database.db, g.org.id);
    receiver.answer({ status: 200 });
    await suggest(g, 'A success');
    await deliveriesSettled(t.database.db, g.org.id);
    await suggest(g, 'Second failure');
    await deliveriesSettled(t.database.db, g.org.id);
    let list = await call(t, 'GET', '/api/admin/webhooks', { cookie: g.cookies.admin });
    expect(list.body.endpoints[0]).toMatchObject({ enabled: true, failedInARow: 1 });

    await suggest(g, 'Third failure');
    await deliveriesSettled(t.database.db, g.org.id);
    list = await call(t, 'GET', '/api/admin/webhooks', { cookie: g.cookies.admin });
    expect(list.body.endpoints[0]).toMatchObject({ enabled: false, disabledReason: 'failing', failedInARow: 2 });
    expect(receiver.received).toHaveLength(3 + 1 + 3 + 3);

    await settled(t.database.db, g.org.id);
    const [english] = mailbox.to(g.admin.email);
    expect(mailbox.to(g.admin.email)).toHaveLength(1);
    expect(english!.parsed.subject).toBe('A webhook was turned off after repeated failures');
    expectSays(english!, '2 deliveries in a row failed every attempt', receiver.url, 'CRM <b>sync</b>');
    expect(String(english!.parsed.html)).not.toContain('<b>sync');
    expect(hrefs(english!)).toContain('http://quartet.test/admin/webhooks');
    const [german] = mailbox.to(germanAdmin.email);
    expect(german!.parsed.subject).toBe('Ein Webhook wurde nach wiederholten Fehlern abgeschaltet');
    for (const person of [g.coach, g.ana]) expect(mailbox.to(person.email)).toHaveLength(0);

    // Off: a new suggestion sends nothing; delivering again is refused until an admin turns it on.
    await suggest(g, 'While off');
    await deliveriesSettled(t.database.db, g.org.id);
    expect(receiver.received).toHaveLength(10);
    const [lastFailed] = await log(g, endpoint.id);
    const refused = await call(t, 'POST', `/api/admin/webhooks/deliveries/${lastFailed!.id}/redeliver`, { cookie: g.cookies.admin });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('WEBHOOK_DISABLED');

    receiver.otherwise({ status: 204 });
    const on = await call(t, 'PATCH', `/api/admin/webhooks/${endpoint.id}`, { cookie: g.cookies.admin, body: { enabled: true } });
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null, failedInARow: 0 });
    await suggest(g, 'On again');
    await deliveriesSettled(t.database.db, g.org.id);
    expect(receiver.received).toHaveLength(11);
    expect(JSON.parse(receiver.received[10]!.body).data.suggestion.title).toBe('On again');
  });
});
