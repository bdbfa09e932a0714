// When reminders are due: set at booking, moved with the session and with the organisation's lead
// time, withdrawn with the seat, and never made for a seat taken inside the lead time.
import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildModule, buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';

const t = await startTestApp({ worker: false });
const db = t.database.db;
const HOUR = 3_600_000;
const inHours = hoursAfterReference;
// A reminder leaves up to two seconds after its due time (queries.ts, SPREAD); due times here are whole minutes.
const due = (sendAfter: Date) => {
  const minute = Math.floor(sendAfter.getTime() / 60_000) * 60_000;
  expect(sendAfter.getTime() - minute).toBeLessThan(2_048);
  return minute;
};

async function reminders(sessionId: string) {
  return db.selectFrom('outgoing_messages').where('session_id', '=', sessionId).where('kind', '=', 'reminder')
    .select(['recipient_id', 'status', 'send_after', 'booking_id']).orderBy('created_at').execute();
}

describe('reminders', () => {
  it('are due the lead time before the start, for the participant and the coach, and follow the session and the setting', async () => {
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const employee = await buildPerson(db, { org });
    const published = await t.request('POST', '/api/sessions', {
      cookie: await t.cookieFor(coach),
      body: { moduleId: (await buildModule(db, { org })).id, startsAt: inHours(72).toISOString(), timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/r' },
    });
    expect(published.status).toBe(201);
    const { id: sessionId } = (await published.json()) as { id: string };
    const start = inHours(72).getTime();
    expect((await reminders(sessionId)).map((r) => [r.recipient_id, r.status, due(r.send_after)])).toEqual([[coach.id, 'pending', start - 24 * HOUR]]);

    const booked = await t.request('POST', `/api/sessions/${sessionId}/bookings`, { cookie: await t.cookieFor(employee) });
    expect(booked.status).toBe(201);
    expect((await reminders(sessionId)).filter((r) => r.status === 'pending').map((r) => [r.recipient_id, due(r.send_after)]))
      .toEqual([[coach.id, start - 24 * HOUR], [employee.id, start - 24 * HOUR]]);

    // The organisation wants two days' notice: what is still to come moves with it.
    const adminCookie = await t.cookieFor(admin);
    expect((await t.request('PATCH', '/api/settings', { cookie: adminCookie, body: { reminderHoursBefore: 48 } })).status).toBe(200);
    expect((await reminders(sessionId)).filter((r) => r.status === 'pending').map((r) => due(r.send_after))).toEqual([start - 48 * HOUR, start - 48 * HOUR]);

    // The session moves a day later: the old reminders are withdrawn, new ones made for the new start.
    const later = inHours(96);
    expect((await t.request('PATCH', `/api/sessions/${sessionId}`, { cookie: adminCookie, body: { startsAt: later.toISOString(), timeZone: 'Europe/Berlin' } })).status).toBe(200);
    const afterMove = await reminders(sessionId);
    expect(afterMove.filter((r) => r.status === 'moot')).toHaveLength(2);
    expect(afterMove.filter((r) => r.status === 'pending').map((r) => [r.recipient_id, due(r.send_after)]).sort())
      .toEqual([[coach.id, later.getTime() - 48 * HOUR], [employee.id, later.getTime() - 48 * HOUR]].sort());

    // The employee gives the seat back: their reminder is withdrawn, the coach's stays.
    const [booking] = await db.selectFrom('bookings').where('session_id', '=', sessionId).select('id').execute();
    expect((await t.request('POST', `/api/bookings/${booking!.id}/cancel`, { cookie: await t.cookieFor(employee) })).status).toBe(200);
    expect((await reminders(sessionId)).filter((r) => r.status === 'pending').map((r) => r.recipient_id)).toEqual([coach.id]);
  });

  it('are not made for a seat taken inside the lead time: the confirmation is the last word', async () => {
    const org = await buildOrganisation(db);
    // Inside the lead time as the product's own clock counts it, so this start follows the real time.
    const session = await buildSession(db, { org, startsAt: new Date(Date.now() + 10 * HOUR) });
    const employee = await buildPerson(db, { org });
    expect((await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(employee) })).status).toBe(201);
    expect(await reminders(session.id)).toEqual([]);
    const kinds = await db.selectFrom('outgoing_messages').where('session_id', '=', session.id).select('kind').orderBy('kind').execute();
    expect(kinds.map((k) => k.kind)).toEqual(['booking_confirmed', 'roster_changed']);
  });

  it('tell the coaches of a person the import deactivated that the seats are free, and nothing to the person', async () => {
    const org = await buildOrganisation(db);
    const admin = await buildPerson(db, { org, roles: ['admin', 'employee'] });
    const leaving = await buildPerson(db, { org });
    const coach = await buildPerson(db, { org, roles: ['coach', 'employee'] });
    const session = await buildSession(db, { org, coach, startsAt: inHours(50) });
    expect((await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie: await t.cookieFor(leaving) })).status).toBe(201);
    const imported = await t.request('POST', '/api/admin/people/import?expectDeactivated=1', {
      cookie: await t.cookieFor(admin),
      body: `name,email,roles\n${admin.name},${admin.email},admin;employee\n${coach.name},${coach.email},coach;employee\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(200);
    const messages = await db.selectFrom('outgoing_messages').where('session_id', '=', session.id).where('status', '=', 'pending')
      .select(['kind', 'recipient_id', 'detail']).execute();
    expect(messages.map((m) => m.kind)).toEqual(['roster_changed']);
    expect(messages[0]!.recipient_id).toBe(coach.id);
    expect(messages[0]!.detail).toEqual({ changes: [{ change: 'joined', personId: leaving.id }, { change: 'left', personId: leaving.id }] });
  });
});
