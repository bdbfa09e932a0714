// What the audit log records of sessions and of seats: publishing, changing, cancelling and
// reassigning a session; an admin's acts on other people's seats. Ids and field names only. A
// person's own booking is their own act and leaves nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildRoom, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';
import { inOrg } from '../../db/transaction.ts';
import type { Actor } from '../../lib/actor.ts';
import { placePerson, tradeSeats } from '../bookings/service.ts';

let t: TestApp;
let org: OrgRow;
let admin: PersonRow;
let adminCookie: string;

beforeAll(async () => {
  t = await startTestApp({ worker: false });
  org = await buildOrganisation(t.database.db);
  admin = await buildPerson(t.database.db, { org, roles: ['admin', 'employee'], name: 'Anna Admin' });
  adminCookie = await t.cookieFor(admin);
});

const actorOf = (p: PersonRow): Actor => ({ orgId: p.org_id, personId: p.id, roles: p.roles, timeZone: p.time_zone, locale: p.locale });

async function entriesAbout(subjectId: string) {
  return t.database.db.selectFrom('audit_log').where('org_id', '=', org.id).where('subject_id', '=', subjectId)
    .select(['action', 'actor_id', 'subject_kind', 'detail']).execute();
}

describe('auditing sessions', () => {
  it('records publishing, with the module and coach but nothing typed', async () => {
    const module = await buildModule(t.database.db, { org });
    const coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] });
    const res = await t.request('POST', '/api/sessions', {
      cookie: adminCookie,
      body: { moduleId: module.id, coachId: coach.id, startsAt: hoursAfterReference(72).toISOString(), timeZone: 'Europe/Berlin', format: 'virtual', onlineUrl: 'https://meet.example.test/secret-room', locationNote: 'Bring a pen' },
    });
    expect(res.status).toBe(201);
    const { id } = await res.json();
    const entries = await entriesAbout(id);
    expect(entries).toEqual([{ action: 'session.published', actor_id: admin.id, subject_kind: 'session', detail: { module: module.id, coach: coach.id } }]);
    expect(JSON.stringify(entries)).not.toMatch(/secret-room|pen/);
  });

  it('records a change once, naming the fields changed, and a change that changes nothing not at all', async () => {
    const session = await buildSession(t.database.db, { org, startsAt: hoursAfterReference(96) });
    const room = await buildRoom(t.database.db, { org, capacity: 10 });
    const res = await t.request('PATCH', `/api/sessions/${session.id}`, {
      cookie: adminCookie,
      body: { startsAt: hoursAfterReference(98).toISOString(), format: 'in_person', roomId: room.id, capacity: 6, locationNote: 'Second floor' },
    });
    expect(res.status).toBe(200);
    const [entry, ...more] = await entriesAbout(session.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ action: 'session.changed', actor_id: admin.id });
    expect((entry!.detail as { fields: string[] }).fields.sort()).toEqual(['capacity', 'format', 'link', 'note', 'place', 'time']);
    expect(JSON.stringify(entry)).not.toContain('Second floor');
    expect((await t.request('PATCH', `/api/sessions/${session.id}`, { cookie: adminCookie, body: { capacity: 6 } })).status).toBe(200);
    expect(await entriesAbout(session.id)).toHaveLength(1);
  });

  it('records a cancellation with the number of seats given up, not the reason', async () => {
    const session = await buildSession(t.database.db, { org, startsAt: hoursAfterReference(100) });
    await buildBooking(t.database.db, { session });
    const res = await t.request('POST', `/api/sessions/${session.id}/cancel`, { cookie: adminCookie, body: { reason: 'Coach Zebulon is ill' } });
    expect(res.status).toBe(200);
    const entries = await entriesAbout(session.id);
    expect(entries).toEqual([{ action: 'session.cancelled', actor_id: admin.id, subject_kind: 'session', detail: { bookingsCancelled: 1 } }]);
  });

  it('records handing a session to another coach, by id', async () => {
    const session = await buildSession(t.database.db, { org, startsAt: hoursAfterReference(102) });
    const next = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] });
    expect((await t.request('POST', `/api/sessions/${session.id}/reassign`, { cookie: adminCookie, body: { coachId: next.id } })).status).toBe(200);
    expect(await entriesAbout(session.id)).toEqual([
      { action: 'session.coach_changed', actor_id: admin.id, subject_kind: 'session', detail: { from: session.coach_id, to: next.id } },
    ]);
  });
});

describe("auditing an admin's acts on other people's seats", () => {
  it("records an admin cancelling someone's seat, and not a person cancelling their own", async () => {
    const session = await buildSession(t.database.db, { org, startsAt: hoursAfterReference(120) });
    const theirs = await buildBooking(t.database.db, { session });
    expect((await t.request('POST', `/api/bookings/${theirs.id}/cancel`, { cookie: adminCookie })).status).toBe(200);
    expect(await entriesAbout(theirs.id)).toEqual([
      { action: 'booking.cancelled_for', actor_id: admin.id, subject_kind: 'booking', detail: { person: theirs.person_id, session: session.id } },
    ]);

    const employee = await buildPerson(t.database.db, { org });
    const cookie = await t.cookieFor(employee);
    const booked = await t.request('POST', `/api/sessions/${session.id}/bookings`, { cookie });
    expect(booked.status).toBe(201);
    const { id } = await booked.json();
    expect((await t.request('POST', `/api/bookings/${id}/cancel`, { cookie })).status).toBe(200);
    const own = await t.database.db.selectFrom('audit_log').where('org_id', '=', org.id).where('actor_id', '=', employee.id).select('action').execute();
    expect(own).toEqual([]);
  });

  it('records an admin recording attendance, and not the coach doing it', async () => {
    const coach = await buildPerson(t.database.db, { org, roles: ['coach', 'employee'] });
    const session = await buildSession(t.database.db, { org, coach, startsAt: new Date(Date.now() - 30 * 60_000) });
    const [first, second] = [await buildBooking(t.database.db, { session }), await buildBooking(t.database.db, { session })];
    expect((await t.request('PUT', `/api/bookings/${first.id}/attendance`, { cookie: adminCookie, body: { status: 'no_show' } })).status).toBe(200);
    expect((await t.request('PUT', `/api/bookings/${second.id}/attendance`, { cookie: await t.cookieFor(coach), body: { status: 'attended' } })).status).toBe(200);
    expect(await entriesAbout(first.id)).toEqual([
      { action: 'booking.attendance_recorded', actor_id: admin.id, subject_kind: 'booking', detail: { mark: 'no_show', person: first.person_id, session: session.id } },
    ]);
    expect(await entriesAbout(second.id)).toEqual([]);
  });

  it('records giving someone a seat and swapping two people’s seats, once each', async () => {
    const module = await buildModule(t.database.db, { org });
    const [a, b] = [await buildSession(t.database.db, { org, module, startsAt: hoursAfterReference(140) }), await buildSession(t.database.db, { org, module, startsAt: hoursAfterReference(150) })];
    const [x, y] = [await buildPerson(t.database.db, { org }), await buildPerson(t.database.db, { org })];
    const placed = await inOrg(t.ctx.db, org.id, async (tx) => [await placePerson(tx, actorOf(admin), a.id, x.id), await placePerson(tx, actorOf(admin), b.id, y.id)]);
    for (const [booking, person, session] of [[placed[0]!, x, a], [placed[1]!, y, b]] as const) {
      expect(await entriesAbout(booking.id)).toEqual([
        { action: 'booking.placed', actor_id: admin.id, subject_kind: 'booking', detail: { person: person.id, session: session.id } },
      ]);
    }
    const moved = await inOrg(t.ctx.db, org.id, (tx) => tradeSeats(tx, actorOf(admin), placed[0]!.id, placed[1]!.id));
    expect(await entriesAbout(placed[0]!.id)).toHaveLength(2);
    const traded = (await entriesAbout(placed[0]!.id)).filter((e) => e.action === 'booking.seats_traded');
    expect(traded).toEqual([{
      action: 'booking.seats_traded', actor_id: admin.id, subject_kind: 'booking',
      detail: { bookings: [placed[0]!.id, placed[1]!.id], movedTo: moved, people: [x.id, y.id] },
    }]);
  });
});

describe('the audit log read back', () => {
  it("names a session's module and start, a booking's holder, and a former member as nobody", async () => {
    const module = await buildModule(t.database.db, { org, title: 'Feedback culture' });
    const holder = await buildPerson(t.database.db, { org, name: 'Ben Booker' });
    const session = await buildSession(t.database.db, { org, module, startsAt: hoursAfterReference(200) });
    const booking = await buildBooking(t.database.db, { session, person: holder });
    expect((await t.request('POST', `/api/bookings/${booking.id}/cancel`, { cookie: adminCookie })).status).toBe(200);
    expect((await t.request('POST', `/api/sessions/${session.id}/cancel`, { cookie: adminCookie, body: { reason: 'Room flooded' } })).status).toBe(200);
    const pseudonym = crypto.randomUUID();
    await t.database.db.insertInto('audit_log').values({ org_id: org.id, actor_kind: 'person', actor_id: pseudonym, action: 'people.profile_changed', subject_kind: 'person', subject_id: pseudonym, detail: JSON.stringify({ fields: ['name'] }) }).execute();

    const { items } = await (await t.request('GET', '/api/audit-log?limit=3', { cookie: adminCookie })).json();
    expect(items.map((i: { action: string }) => i.action)).toEqual(['people.profile_changed', 'session.cancelled', 'booking.cancelled_for']);
    expect(items[0].actor).toEqual({ kind: 'person', id: pseudonym, name: null });
    expect(items[0].subject).toMatchObject({ kind: 'person', name: null });
    expect(items[1].subject).toEqual({ kind: 'session', id: session.id, name: 'Feedback culture', person: null, startsAt: session.starts_at.toISOString() });
    expect(items[2].actor.name).toBe('Anna Admin');
    expect(items[2].subject).toEqual({ kind: 'booking', id: booking.id, name: 'Feedback culture', person: 'Ben Booker', startsAt: session.starts_at.toISOString() });
  });
});
