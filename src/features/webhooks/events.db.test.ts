// Events are written in the transaction of the change, through the real API calls: a suggestion
// recorded, its status changed on the board (its duplicates following, a merge that changes one's
// status), a seat taken, given up, cancelled by an admin, moved (cancelled + created), a session
// cancelled. A change that rolls back leaves no event, delivery or job; an organisation without a
// (wanting, enabled) endpoint gets no event at all. No worker runs here: only what is queued counts.
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildPerson, buildSession } from '../../../test/factories.ts';
import { record, reflectionGroup } from '../../../test/suggestion-fixtures.ts';
import { addEndpoint } from '../../../test/webhook-receiver.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { takeSeat } from '../bookings/service.ts';
import { addSuggestion } from '../suggestions/service.ts';
import { WEBHOOK_EVENT_TYPES } from './schema.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

const ALL = [...WEBHOOK_EVENT_TYPES];

async function events(orgId: string) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever the payload holds
  const { rows } = await sql<{ id: string; type: string; payload: Record<string, any>; deliveries: number; jobs: number }>`
    select e.id, e.type, e.payload,
      (select count(*)::int from webhook_deliveries d where d.event_id = e.id) as deliveries,
      (select count(*)::int from webhook_deliveries d join graphile_worker._private_jobs j on j.key = 'webhook:' || d.id where d.event_id = e.id) as jobs
    from webhook_events e where e.org_id = ${orgId} order by e.created_at, e.id`.execute(t.database.db);
  return rows;
}

async function version(id: string) {
  return (await t.database.db.selectFrom('suggestions').where('id', '=', id).select('version').executeTakeFirstOrThrow()).version;
}

describe('events', () => {
  it('are queued by suggestions recorded and changed on the board, one delivery and job per wanting endpoint', async () => {
    const g = await reflectionGroup(t);
    await addEndpoint(t, g.cookies.admin, { url: 'http://127.0.0.1:9/all', events: ALL });
    await addEndpoint(t, g.cookies.admin, { url: 'http://127.0.0.1:9/suggestions', events: ['suggestion.created', 'suggestion.status_changed'] });
    await addEndpoint(t, g.cookies.admin, { url: 'http://127.0.0.1:9/off', events: ALL, enabled: false });

    const ids: string[] = [];
    for (const title of ['Survivor', 'Duplicate', 'Merged later']) {
      const res = await record(t, g.cookies.coach, g.session.id, { title, body: `${title} <i>text</i>` });
      expect(res.status, res.text).toBe(201);
      ids.push(res.body.id);
    }
    const [survivor, duplicate, later] = ids as [string, string, string];
    const merged = await call(t, 'POST', `/api/board/suggestions/${duplicate}/merge`, { cookie: g.cookies.admin, body: { intoId: survivor, version: await version(duplicate) } });
    expect(merged.status, merged.text).toBeLessThan(300);
    // The survivor planned: it and the duplicate following it change status.
    const planned = await call(t, 'PATCH', `/api/board/suggestions/${survivor}`, {
      cookie: g.cookies.admin, body: { version: await version(survivor), status: 'planned', response: 'We will <b>do</b> it.' },
    });
    expect(planned.status, planned.text).toBe(200);
    // A merge into a planned survivor changes the merged one's status too.
    const mergedLater = await call(t, 'POST', `/api/board/suggestions/${later}/merge`, { cookie: g.cookies.admin, body: { intoId: survivor, version: await version(later) } });
    expect(mergedLater.status, mergedLater.text).toBeLessThan(300);
    // A change of the response alone is no change of status.
    const answered = await call(t, 'PATCH', `/api/board/suggestions/${survivor}`, { cookie: g.cookies.admin, body: { version: await version(survivor), response: 'Soon.' } });
    expect(answered.status, answered.text).toBe(200);

    const got = await events(g.org.id);
    expect(got.map((e) => [e.type, e.payload.suggestion.id, e.payload.suggestion.status, e.payload.suggestion.previousStatus])).toEqual([
      ['suggestion.created', survivor, 'new', undefined],
      ['suggestion.created', duplicate, 'new', undefined],
      ['suggestion.created', later, 'new', undefined],
      ['suggestion.status_changed', survivor, 'planned', 'new'],
      ['suggestion.status_changed', duplicate, 'planned', 'new'],
      ['suggestion.status_changed', later, 'planned', 'new'],
    ]);
    for (const e of got) expect([e.deliveries, e.jobs]).toEqual([2, 2]);
    expect(got[1]!.payload.suggestion).toMatchObject({ title: 'Duplicate', text: 'Duplicate <i>text</i>', module: { id: g.module.id }, sessionId: g.session.id });
    expect(got[3]!.payload.suggestion).toMatchObject({ response: 'We will <b>do</b> it.', mergedInto: null });
    expect(got[5]!.payload.suggestion).toMatchObject({ mergedInto: survivor });
    const text = JSON.stringify(got);
    for (const person of [g.coach, g.admin]) {
      expect(text).not.toContain(person.id);
      expect(text).not.toContain(person.name);
    }
  });

  it('are queued by seats taken, given up, cancelled by an admin and moved, and by a session cancelled', async () => {
    const g = await reflectionGroup(t);
    await addEndpoint(t, g.cookies.admin, { url: 'http://127.0.0.1:9/bookings', events: ['booking.created', 'booking.cancelled', 'session.cancelled'] });
    await addEndpoint(t, g.cookies.admin, { url: 'http://127.0.0.1:9/suggestions', events: ['suggestion.created'] });
    const first = await buildSession(t.database.db, { org: g.org, coach: g.coach, module: g.module });
    const second = await buildSession(t.database.db, { org: g.org, coach: g.coach, module: g.module, startsAt: new Date(first.starts_at.getTime() + 7 * 86_400_000) });
    const eva = await buildPerson(t.database.db, { org: g.org, email: `eva-${g.org.slug}@example.test` });
    const eve = await t.cookieFor(eva);

    const take = (cookie: string, sessionId: string) => call(t, 'POST', `/api/sessions/${sessionId}/bookings`, { cookie });
    const a = await take(eve, first.id);
    expect(a.status, a.text).toBe(201);
    const given = await call(t, 'POST', `/api/bookings/${a.body.id}/cancel`, { cookie: eve });
    expect(given.status, given.text).toBe(200);
    const b = await take(eve, first.id);
    const byAdmin = await call(t, 'POST', `/api/bookings/${b.body.id}/cancel`, { cookie: g.cookies.admin });
    expect(byAdmin.status, byAdmin.text).toBe(200);
    const c = await take(eve, first.id);
    const moved = await call(t, 'POST', `/api/bookings/${c.body.id}/move`, { cookie: eve, body: { sessionId: second.id } });
    expect(moved.status, moved.text).toBe(201);
    const cancelled = await call(t, 'POST', `/api/sessions/${second.id}/cancel`, { cookie: g.cookies.admin, body: { reason: 'Coach <em>ill</em>' } });
    expect(cancelled.status, cancelled.text).toBeLessThan(300);

    const got = await events(g.org.id);
    const row = (e: (typeof got)[number]) => e.type === 'session.cancelled'
      ? [e.type, e.payload.session.id, e.payload.session.reason, e.payload.session.cancelledBookings]
      : [e.type, e.payload.booking.id, e.payload.booking.status, e.payload.booking.cancelReason, e.payload.booking.sessionId];
    expect(got.map(row)).toEqual([
      ['booking.created', a.body.id, 'active', null, first.id],
      ['booking.cancelled', a.body.id, 'cancelled', 'employee', first.id],
      ['booking.created', b.body.id, 'active', null, first.id],
      ['booking.cancelled', b.body.id, 'cancelled', 'admin', first.id],
      ['booking.created', c.body.id, 'active', null, first.id],
      ['booking.cancelled', c.body.id, 'cancelled', 'moved', first.id],
      ['booking.created', moved.body.id, 'active', null, second.id],
      ['session.cancelled', second.id, 'Coach <em>ill</em>', [moved.body.id]],
    ]);
    expect(got[0]!.payload.booking).toMatchObject({ personId: eva.id });
    // The person by id only: no address or name of theirs goes out with any event.
    for (const e of got) expect(JSON.stringify(e.payload)).not.toMatch(new RegExp(`${eva.email}|${eva.name}`));
    expect(got[5]!.payload.booking.movedTo).toBe(moved.body.id);
    expect(got[7]!.payload.session.module).toMatchObject({ id: g.module.id, code: g.module.code, title: g.module.title });
    for (const e of got) expect([e.deliveries, e.jobs]).toEqual([1, 1]);
  });

  it('are queued for the seats of a person an admin deactivates, like any other seat given up', async () => {
    const g = await reflectionGroup(t);
    await addEndpoint(t, g.cookies.admin, { url: 'http://127.0.0.1:9/bookings', events: ['booking.cancelled'] });
    const session = await buildSession(t.database.db, { org: g.org, coach: g.coach, module: g.module });
    const leaver = await buildPerson(t.database.db, { org: g.org });
    const seat = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(leaver) });
    expect(seat.status, seat.text).toBe(201);
    const off = await call(t, 'PATCH', `/api/admin/people/${leaver.id}`, { cookie: g.cookies.admin, body: { active: false } });
    expect(off.status, off.text).toBe(200);
    const got = await events(g.org.id);
    expect(got.map((e) => [e.type, e.payload.booking.id, e.payload.booking.cancelReason])).toEqual([['booking.cancelled', seat.body.id, 'deactivated']]);
  });

  it('are not queued by a change that rolls back, nor where no enabled endpoint wants them', async () => {
    const g = await reflectionGroup(t);
    await addEndpoint(t, g.cookies.admin, { url: 'http://127.0.0.1:9/all', events: ALL });
    const session = await buildSession(t.database.db, { org: g.org, coach: g.coach, module: g.module });
    const asPerson = (p: { id: string; roles: string[] }): Actor => ({ orgId: g.org.id, personId: p.id, roles: p.roles as Actor['roles'], timeZone: 'UTC', locale: 'en' });

    const rolledBack = new Error('rolled back after the change');
    await expect(inOrg(t.ctx.db, g.org.id, async (tx) => {
      await takeSeat(tx, asPerson(g.olga), session.id);
      await addSuggestion(tx, asPerson(g.coach), g.session.id, { title: 'Never kept' });
      throw rolledBack;
    })).rejects.toBe(rolledBack);
    expect(await events(g.org.id)).toEqual([]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks k on k.id = j.task_id
      where k.identifier = 'deliver_webhook' and j.payload ->> 'orgId' = ${g.org.id}`.execute(t.database.db);
    expect(rows[0]!.n).toBe(0);

    // Another organisation with no endpoint, or only one turned off or wanting other events: nothing.
    const other = await reflectionGroup(t);
    await addEndpoint(t, other.cookies.admin, { url: 'http://127.0.0.1:9/off', events: ALL, enabled: false });
    await addEndpoint(t, other.cookies.admin, { url: 'http://127.0.0.1:9/sessions', events: ['session.cancelled'] });
    expect((await record(t, other.cookies.coach, other.session.id, { title: 'Nobody listens' })).status).toBe(201);
    expect(await events(other.org.id)).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('describes each event: its body in components, the signing and replay rule, under x-webhooks', async () => {
    const doc = await (await t.request('GET', '/api/openapi.json')).json();
    expect(Object.keys(doc['x-webhooks']).sort()).toEqual([...ALL].sort());
    const created = doc['x-webhooks']['suggestion.created'].post;
    expect(created.description).toContain('HMAC-SHA256');
    expect(created.description).toContain('refuse a t more than 5 minutes from your clock');
    expect(created.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/WebhookSuggestionCreated' });
    for (const name of ['WebhookSuggestionCreated', 'WebhookSuggestionStatusChanged', 'WebhookBookingCreated', 'WebhookBookingCancelled', 'WebhookSessionCancelled']) {
      expect(doc.components.schemas[name], name).toMatchObject({ type: 'object', required: expect.arrayContaining(['id', 'type', 'createdAt', 'data']) });
    }
  });
});
