// Waiting lists through HTTP: joining and leaving, positions, and the promotion a freed seat
// brings — on a cancellation, a move, a capacity raise and a deactivation — with the rules that
// skip someone who may not book and the confirmation mail of the one promoted.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterReference } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

interface Caller {
  person: PersonRow;
  cookie: string;
}

async function employee(org: OrgRow, roles: Array<'employee' | 'coach' | 'admin'> = ['employee']): Promise<Caller> {
  const person = await buildPerson(t.database.db, { org, roles });
  return { person, cookie: await t.cookieFor(person) };
}

/** A session of `capacity` seats, every one taken by someone else. */
async function fullSession(org: OrgRow, o: { capacity?: number; startsAt?: Date; module?: { id: string } } = {}) {
  const session = await buildSession(t.database.db, { org, capacity: o.capacity ?? 1, startsAt: o.startsAt ?? hoursAfterReference(24), ...(o.module && { module: o.module }) });
  const holders: Caller[] = [];
  for (let i = 0; i < session.capacity; i++) {
    const holder = await employee(org);
    await buildBooking(t.database.db, { session, person: holder.person });
    holders.push(holder);
  }
  return { session, holders };
}

async function join(sessionId: string, cookie: string) {
  const answer = await call(t, 'POST', `/api/sessions/${sessionId}/waitlist`, { cookie });
  expect(answer.status).toBeLessThan(500);
  return answer;
}
const leave = (sessionId: string, cookie: string) => call(t, 'DELETE', `/api/sessions/${sessionId}/waitlist`, { cookie });
const myLines = (cookie: string) => call(t, 'GET', '/api/me/waitlist', { cookie });

async function entries(sessionId: string) {
  return t.database.db.selectFrom('waitlist_entries').where('session_id', '=', sessionId)
    .orderBy('created_at').orderBy('id').select(['person_id', 'status', 'promoted_booking_id']).execute();
}

async function seatHolders(sessionId: string): Promise<string[]> {
  const rows = await t.database.db.selectFrom('bookings').where('session_id', '=', sessionId).where('status', '<>', 'cancelled').select('person_id').execute();
  return rows.map((r) => r.person_id).sort();
}

describe('joining and leaving a waiting list', () => {
  it('lines people up in order, shows each their position, and lets them leave', async () => {
    const org = await buildOrganisation(t.database.db);
    const { session, holders } = await fullSession(org);
    const [ada, ben] = [await employee(org), await employee(org)];

    const first = await join(session.id, ada.cookie);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ sessionId: session.id, status: 'waiting', position: 1 });
    expect((await join(session.id, ben.cookie)).body.position).toBe(2);
    const again = await join(session.id, ada.cookie);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ALREADY_WAITING');

    const bens = await myLines(ben.cookie);
    expect(bens.status).toBe(200);
    expect(bens.body.items).toHaveLength(1);
    expect(bens.body.items[0]).toMatchObject({ position: 2, session: { id: session.id } });
    // Nobody else in the line is named or counted.
    expect(bens.text).not.toContain(ada.person.id);
    expect(bens.text).not.toContain(ada.person.name);

    expect((await leave(session.id, ada.cookie)).status).toBe(204);
    expect((await myLines(ben.cookie)).body.items[0].position).toBe(1);
    expect((await myLines(ada.cookie)).body.items).toEqual([]);
    const twice = await leave(session.id, ada.cookie);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('NOT_WAITING');
    // Having left, one may join again, at the end of the line.
    expect((await join(session.id, ada.cookie)).body.position).toBe(2);

    expect((await join(session.id, holders[0]!.cookie)).body.code).toBe('ALREADY_BOOKED');
    expect((await entries(session.id)).map((e) => e.status)).toEqual(['left', 'waiting', 'waiting']);
  });

  it('refuses a session with a free seat, a started or cancelled one, one you coach, and one of another organisation', async () => {
    const org = await buildOrganisation(t.database.db);
    const caller = await employee(org);
    const open = await buildSession(t.database.db, { org, capacity: 2 });
    expect((await join(open.id, caller.cookie)).body.code).toBe('SESSION_NOT_FULL');

    const { session: started } = await fullSession(org, { startsAt: new Date(Date.now() - 60 * 60_000) });
    expect((await join(started.id, caller.cookie)).body.code).toBe('SESSION_STARTED');

    const { session: cancelled } = await fullSession(org);
    await t.database.db.updateTable('sessions').set({ status: 'cancelled', cancelled_at: new Date(), cancel_reason: 'test' }).where('id', '=', cancelled.id).execute();
    expect((await join(cancelled.id, caller.cookie)).body.code).toBe('SESSION_CANCELLED');

    const coach = await employee(org, ['coach', 'employee']);
    const coached = await buildSession(t.database.db, { org, coach: coach.person, capacity: 1 });
    await buildBooking(t.database.db, { session: coached });
    expect((await join(coached.id, coach.cookie)).body.code).toBe('OWN_SESSION');

    const { session: foreign } = await fullSession(await buildOrganisation(t.database.db));
    expect((await join(foreign.id, caller.cookie)).status).toBe(404);
    expect(await t.database.db.selectFrom('waitlist_entries').where('person_id', '=', caller.person.id).select('id').execute()).toEqual([]);
  });

  it('lets an admin erase someone who waits: their place goes with them', async () => {
    const org = await buildOrganisation(t.database.db);
    const { session } = await fullSession(org);
    const [leaving, staying] = [await employee(org), await employee(org)];
    await join(session.id, leaving.cookie);
    await join(session.id, staying.cookie);
    const admin = await employee(org, ['admin']);
    const erased = await call(t, 'POST', `/api/admin/people/${leaving.person.id}/erasure`, { cookie: admin.cookie, body: { confirmEmail: leaving.person.email } });
    expect(erased.status).toBeLessThan(300);
    expect((await entries(session.id)).map((e) => e.person_id)).toEqual([staying.person.id]);
    expect((await myLines(staying.cookie)).body.items[0].position).toBe(1);
  });

  it('closes the line when the session is cancelled: it leaves everyone’s list', async () => {
    const org = await buildOrganisation(t.database.db);
    const { session } = await fullSession(org);
    const waiting = await employee(org);
    await join(session.id, waiting.cookie);
    const admin = await employee(org, ['admin']);
    expect((await call(t, 'POST', `/api/sessions/${session.id}/cancel`, { cookie: admin.cookie, body: { reason: 'Coach ill' } })).status).toBe(200);
    expect((await myLines(waiting.cookie)).body.items).toEqual([]);
    expect(await seatHolders(session.id)).toEqual([]);
  });
});

describe('promotion when a seat frees', () => {
  it('gives a cancelled seat to the first in line, in the same transaction, and mails them the confirmation with the invitation', async () => {
    const org = await buildOrganisation(t.database.db);
    const { session, holders } = await fullSession(org, { capacity: 2 });
    const ada = await employee(org);
    const benPerson = await buildPerson(t.database.db, { org, locale: 'de' });
    const ben: Caller = { person: benPerson, cookie: await t.cookieFor(benPerson) };
    await join(session.id, ada.cookie);
    await join(session.id, ben.cookie);

    const [holder] = holders;
    const booking = await t.database.db.selectFrom('bookings').where('session_id', '=', session.id).where('person_id', '=', holder!.person.id).select('id').executeTakeFirstOrThrow();
    expect((await call(t, 'POST', `/api/bookings/${booking.id}/cancel`, { cookie: holder!.cookie })).status).toBe(200);

    expect(await seatHolders(session.id)).toEqual([ada.person.id, holders[1]!.person.id].sort());
    const line = await entries(session.id);
    expect(line.map((e) => [e.person_id, e.status])).toEqual([[ada.person.id, 'promoted'], [ben.person.id, 'waiting']]);
    expect((await myLines(ben.cookie)).body.items[0].position).toBe(1);
    const mine = await call(t, 'GET', '/api/me/bookings', { cookie: ada.cookie });
    expect(mine.body.items.map((b: { session: { id: string } }) => b.session.id)).toEqual([session.id]);

    const mail = await t.mailbox.waitFor((m) => t.mailbox.to(ada.person.email).includes(m));
    const invitation = mail.attachments.find((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics');
    expect(invitation?.content.toString('utf8')).toMatch(/METHOD:REQUEST/);
    // Unasked, perhaps days after joining: the mail says the seat came from the waiting list.
    expect(mail.subject).toMatch(/^Seat from the waiting list: /);
    expect(mail.text).toContain('you had your place on its waiting list: the seat is yours now');
    const confirmations = await t.database.db.selectFrom('outgoing_messages').where('booking_id', '=', line[0]!.promoted_booking_id).where('kind', '=', 'booking_confirmed').select('id').execute();
    expect(confirmations).toHaveLength(1);

    // Ben reads German; the next seat freed is his, and his mail says so in German.
    const second = await t.database.db.selectFrom('bookings').where('session_id', '=', session.id).where('person_id', '=', holders[1]!.person.id).select('id').executeTakeFirstOrThrow();
    expect((await call(t, 'POST', `/api/bookings/${second.id}/cancel`, { cookie: holders[1]!.cookie })).status).toBe(200);
    const german = await t.mailbox.waitFor((m) => t.mailbox.to(ben.person.email).includes(m));
    expect(german.subject).toMatch(/^Platz von der Warteliste: /);
    expect(german.text).toContain('Sie standen auf seiner Warteliste: Der Platz gehört jetzt Ihnen');

    // A seat taken directly is still the plain confirmation.
    const free = await buildSession(t.database.db, { org, capacity: 2, startsAt: hoursAfterReference(48) });
    expect((await call(t, 'POST', `/api/sessions/${free.id}/bookings`, { cookie: ada.cookie })).status).toBe(201);
    const plain = await t.mailbox.waitFor((m) => t.mailbox.to(ada.person.email).includes(m) && (m.subject ?? '').startsWith('Seat confirmed: '));
    expect(plain.text).not.toContain('waiting list');
  });

  it('gives the seat a move leaves behind to the first in line', async () => {
    const org = await buildOrganisation(t.database.db);
    const module = await buildModule(t.database.db, { org });
    const { session: from, holders } = await fullSession(org, { module });
    const to = await buildSession(t.database.db, { org, module, capacity: 2, startsAt: hoursAfterReference(48) });
    const waiting = await employee(org);
    await join(from.id, waiting.cookie);
    const booking = await t.database.db.selectFrom('bookings').where('session_id', '=', from.id).select('id').executeTakeFirstOrThrow();
    const moved = await call(t, 'POST', `/api/bookings/${booking.id}/move`, { cookie: holders[0]!.cookie, body: { sessionId: to.id } });
    expect(moved.status).toBe(201);
    expect(await seatHolders(from.id)).toEqual([waiting.person.id]);
    expect(await seatHolders(to.id)).toEqual([holders[0]!.person.id]);
  });

  it('fills every seat a capacity raise adds, in line order, and no more', async () => {
    const org = await buildOrganisation(t.database.db);
    const { session } = await fullSession(org);
    const line = [await employee(org), await employee(org), await employee(org)];
    for (const w of line) await join(session.id, w.cookie);
    const admin = await employee(org, ['admin']);
    const raised = await call(t, 'PATCH', `/api/sessions/${session.id}`, { cookie: admin.cookie, body: { capacity: 3 } });
    expect(raised.status).toBe(200);
    expect(raised.body.seatsLeft).toBe(0);
    const after = await entries(session.id);
    expect(after.map((e) => e.status)).toEqual(['promoted', 'promoted', 'waiting']);
    expect(await seatHolders(session.id)).toHaveLength(3);
    expect(await seatHolders(session.id)).toEqual(expect.arrayContaining([line[0]!.person.id, line[1]!.person.id]));
  });

  it('gives the seats of a deactivated person to the people waiting', async () => {
    const org = await buildOrganisation(t.database.db);
    const { session, holders } = await fullSession(org);
    const waiting = await employee(org);
    await join(session.id, waiting.cookie);
    const admin = await employee(org, ['admin']);
    const res = await call(t, 'PATCH', `/api/admin/people/${holders[0]!.person.id}`, { cookie: admin.cookie, body: { active: false } });
    expect(res.status).toBe(200);
    expect(await seatHolders(session.id)).toEqual([waiting.person.id]);
  });

  it('skips someone at their upcoming-bookings limit or with an overlapping booking, who keeps their place, and takes the next', async () => {
    const org = await buildOrganisation(t.database.db, { max_future_bookings: 1 });
    const { session, holders } = await fullSession(org);
    const [atLimit, overlapping, next] = [await employee(org), await employee(org), await employee(org)];
    for (const w of [atLimit, overlapping, next]) await join(session.id, w.cookie);
    // Booked after joining: their own rules now say no.
    await buildBooking(t.database.db, { session: await buildSession(t.database.db, { org, startsAt: hoursAfterReference(72) }), person: atLimit.person });
    const clash = await buildSession(t.database.db, { org, startsAt: new Date(session.starts_at.getTime() + 30 * 60_000) });
    await buildBooking(t.database.db, { session: clash, person: overlapping.person });

    const admin = await employee(org, ['admin']);
    const booking = await t.database.db.selectFrom('bookings').where('session_id', '=', session.id).where('person_id', '=', holders[0]!.person.id).select('id').executeTakeFirstOrThrow();
    expect((await call(t, 'POST', `/api/bookings/${booking.id}/cancel`, { cookie: admin.cookie })).status).toBe(200);

    expect(await seatHolders(session.id)).toEqual([next.person.id]);
    expect((await entries(session.id)).map((e) => e.status)).toEqual(['waiting', 'waiting', 'promoted']);
    expect((await myLines(atLimit.cookie)).body.items[0].position).toBe(1);
  });

  it('passes over a deactivated person in line, whose wait ends, and gives the seat to the next', async () => {
    const org = await buildOrganisation(t.database.db);
    const { session, holders } = await fullSession(org);
    const [gone, next] = [await employee(org), await employee(org)];
    await join(session.id, gone.cookie);
    await join(session.id, next.cookie);
    const admin = await employee(org, ['admin']);
    expect((await call(t, 'PATCH', `/api/admin/people/${gone.person.id}`, { cookie: admin.cookie, body: { active: false } })).status).toBe(200);
    const booking = await t.database.db.selectFrom('bookings').where('session_id', '=', session.id).where('person_id', '=', holders[0]!.person.id).select('id').executeTakeFirstOrThrow();
    expect((await call(t, 'POST', `/api/bookings/${booking.id}/cancel`, { cookie: holders[0]!.cookie })).status).toBe(200);
    expect(await seatHolders(session.id)).toEqual([next.person.id]);
    expect((await entries(session.id)).map((e) => e.status)).toEqual(['left', 'promoted']);
  });

  it('closes the line at the cancellation cut-off: no joins, no promotions', async () => {
    const org = await buildOrganisation(t.database.db, { cancellation_cutoff_minutes: 30 });
    const { session, holders } = await fullSession(org, { startsAt: new Date(Date.now() + 60 * 60_000) });
    const waiting = await employee(org);
    expect((await join(session.id, waiting.cookie)).status).toBe(201);
    // The organisation lengthens its cut-off: the session is now inside it.
    await t.database.db.updateTable('organisations').set({ cancellation_cutoff_minutes: 120 }).where('id', '=', org.id).execute();
    const late = await join(session.id, (await employee(org)).cookie);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'WAITLIST_CLOSED', cutoffMinutes: 120 });
    const admin = await employee(org, ['admin']);
    const booking = await t.database.db.selectFrom('bookings').where('session_id', '=', session.id).select('id').executeTakeFirstOrThrow();
    expect((await call(t, 'POST', `/api/bookings/${booking.id}/cancel`, { cookie: admin.cookie })).status).toBe(200);
    expect(await seatHolders(session.id)).toEqual([]);
    expect((await entries(session.id)).map((e) => e.status)).toEqual(['waiting']);
    expect(holders).toHaveLength(1);
  });
});
