// Waiting lists that offer the seat (migration 038), through HTTP and the expiry job's own function:
// the held seat that nobody else can book, accepting (the usual confirmation), declining and lapsing
// (the next in line is offered it and mailed), the rules that skip someone without costing them their
// place, the cut-off that closes the line, and ~100 accepts, declines, expiries and cancellations at
// once that never overbook and never give one entry two seats, each offer mailed exactly once.
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { blamedFields, call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterReference, zoneAtNight, zoneInDaytime } from '../../../test/dates.ts';
import { buildBooking, buildModule, buildOrganisation, buildPerson, buildSession, type OrgRow, type PersonRow } from '../../../test/factories.ts';
import { seatRules } from '../bookings/service.ts';
import { sweepOffers } from './offers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ poolSize: 30 });
});

const HOUR = 3_600_000;

interface Caller {
  person: PersonRow;
  cookie: string;
}

async function employee(org: OrgRow, o: { roles?: Array<'employee' | 'coach' | 'admin'>; locale?: 'en' | 'de'; timeZone?: string } = {}): Promise<Caller> {
  const person = await buildPerson(t.database.db, { org, roles: o.roles ?? ['employee'], ...(o.locale && { locale: o.locale }), ...(o.timeZone && { timeZone: o.timeZone }) });
  return { person, cookie: await t.cookieFor(person) };
}

/** An organisation that offers freed seats, for `hours` hours. */
async function offeringOrg(o: { hours?: number; cutoff?: number; maxFutureBookings?: number } = {}): Promise<OrgRow> {
  const org = await buildOrganisation(t.database.db, {
    ...(o.cutoff !== undefined && { cancellation_cutoff_minutes: o.cutoff }),
    ...(o.maxFutureBookings !== undefined && { max_future_bookings: o.maxFutureBookings }),
  });
  await t.database.db.updateTable('organisations').set({ waitlist_mode: 'offer', waitlist_offer_hours: o.hours ?? 12 }).where('id', '=', org.id).execute();
  return org;
}

/** A session of `capacity` seats, each taken by someone else, and `waiting` people in its line in order. */
async function fullSessionWithLine(org: OrgRow, o: { capacity?: number; startsAt?: Date; waiting?: Caller[] } = {}) {
  const session = await buildSession(t.database.db, { org, capacity: o.capacity ?? 1, startsAt: o.startsAt ?? hoursAfterReference(24) });
  const holders: Array<Caller & { bookingId: string }> = [];
  for (let i = 0; i < session.capacity; i++) {
    const holder = await employee(org);
    holders.push({ ...holder, bookingId: (await buildBooking(t.database.db, { session, person: holder.person })).id });
  }
  for (const w of o.waiting ?? []) expect((await call(t, 'POST', `/api/sessions/${session.id}/waitlist`, { cookie: w.cookie })).status).toBe(201);
  return { session, holders };
}

const cancel = (holder: { bookingId: string; cookie: string }) => call(t, 'POST', `/api/bookings/${holder.bookingId}/cancel`, { cookie: holder.cookie });
const accept = (entryId: string, cookie: string) => call(t, 'POST', `/api/me/waitlist/offers/${entryId}/accept`, { cookie });
const decline = (entryId: string, cookie: string) => call(t, 'POST', `/api/me/waitlist/offers/${entryId}/decline`, { cookie });
const myLines = async (cookie: string) => (await call(t, 'GET', '/api/me/waitlist', { cookie })).body.items as Array<{ id: string; status: string; position: number; offerExpiresAt: string | null; session: { id: string; seatsLeft: number } }>;

async function entries(sessionId: string) {
  return t.database.db.selectFrom('waitlist_entries').where('session_id', '=', sessionId).orderBy('created_at').orderBy('id')
    .select(['id', 'person_id', 'status', 'promoted_booking_id', 'offer_expires_at']).execute();
}
const statuses = async (sessionId: string) => (await entries(sessionId)).map((e) => e.status);

async function seats(sessionId: string) {
  const session = await t.database.db.selectFrom('sessions').where('id', '=', sessionId).select(['capacity', 'seats_taken']).executeTakeFirstOrThrow();
  const holders = await t.database.db.selectFrom('bookings').where('session_id', '=', sessionId).where('status', '<>', 'cancelled').select('person_id').execute();
  return { ...session, holders: holders.map((h) => h.person_id).sort() };
}

async function offerMails(entryId: string) {
  return t.database.db.selectFrom('outgoing_messages').where('kind', '=', 'waitlist_offer').where(sql<string>`detail ->> 'entryId'`, '=', entryId)
    .select(['id', 'recipient_id']).execute();
}

const mailTo = (who: Caller, subject: RegExp) => t.mailbox.waitFor((m) => t.mailbox.to(who.person.email).includes(m) && subject.test(m.subject ?? ''));

describe('offering a freed seat', () => {
  it('holds the seat for the first in line instead of booking it: the session stays full, a sign-up is refused, the offer is mailed', async () => {
    const org = await offeringOrg({ hours: 6 });
    // Ada lives where the six hours end in her day (an offer ending in the night runs to the morning).
    const [ada, ben] = [await employee(org, { timeZone: zoneInDaytime(new Date(Date.now() + 6 * HOUR)) }), await employee(org, { locale: 'de' })];
    const { session, holders } = await fullSessionWithLine(org, { waiting: [ada, ben] });
    const before = Date.now();
    expect((await cancel(holders[0]!)).status).toBe(200);

    // Nobody got a booking; Ada holds the seat, which counts as taken.
    expect(await seats(session.id)).toMatchObject({ seats_taken: 1, holders: [] });
    expect(await statuses(session.id)).toEqual(['offered', 'waiting']);
    const stranger = await employee(org);
    const signUp = await call(t, 'POST', `/api/sessions/${session.id}/bookings`, { cookie: stranger.cookie });
    expect(signUp.status).toBe(409);
    expect(signUp.body.code).toBe('SESSION_FULL');
    // The session is full, so a stranger may queue; one holding an offer may not queue again.
    expect((await call(t, 'POST', `/api/sessions/${session.id}/waitlist`, { cookie: stranger.cookie })).status).toBe(201);
    expect((await call(t, 'POST', `/api/sessions/${session.id}/waitlist`, { cookie: ada.cookie })).body.code).toBe('ALREADY_WAITING');

    const [offer] = await myLines(ada.cookie);
    expect(offer).toMatchObject({ status: 'offered', position: 1, session: { id: session.id, seatsLeft: 0 } });
    const expires = new Date(offer!.offerExpiresAt!).getTime();
    expect(expires).toBeGreaterThanOrEqual(before + 6 * HOUR - 1000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 6 * HOUR + 1000);
    expect((await myLines(ben.cookie))[0]).toMatchObject({ status: 'waiting', position: 1, offerExpiresAt: null });

    const mail = await mailTo(ada, /A seat is free for you/);
    expect(mail.text).toContain(`/my-sessions?offer=${offer!.id}&answer=accept`);
    expect(mail.text).toContain(`/my-sessions?offer=${offer!.id}&answer=decline`);
    expect(mail.text).toContain('held for you until');
    // The mail names the session's coach, never the others in line.
    expect(mail.text).not.toContain(ben.person.name);
    expect(mail.attachments.filter((a) => a.contentType.startsWith('text/calendar'))).toEqual([]);
    expect(await offerMails(offer!.id)).toEqual([expect.objectContaining({ recipient_id: ada.person.id })]);
  });

  it('holds an offer that would end in the person\'s night until 9 the next morning in their zone, and says so in the mail', async () => {
    const org = await offeringOrg({ hours: 2 });
    const zone = zoneAtNight(new Date(Date.now() + 2 * HOUR));
    const ada = await employee(org, { timeZone: zone });
    const { holders } = await fullSessionWithLine(org, { waiting: [ada] });
    await cancel(holders[0]!);
    const [offer] = await myLines(ada.cookie);
    const ends = DateTime.fromISO(offer!.offerExpiresAt!, { zone });
    expect(ends.toFormat('HH:mm:ss')).toBe('09:00:00');
    // The next 9 o'clock after the two hours, not one a day later.
    const twoHours = DateTime.now().setZone(zone).plus({ hours: 2 });
    expect(ends > twoHours).toBe(true);
    expect(ends.diff(twoHours, 'hours').hours).toBeLessThan(12);
    const mail = await mailTo(ada, /A seat is free for you/);
    expect(mail.text).toContain(`It is held for you until ${ends.setLocale('en').toFormat('cccc, d LLLL yyyy')}, 09:00 `);
    expect(mail.text).toContain(`(${zone})`);
  });

  it('lets the person accept: the seat is theirs, confirmed as from the waiting list with the invitation; a second accept is refused', async () => {
    const org = await offeringOrg();
    const ada = await employee(org);
    const { session, holders } = await fullSessionWithLine(org, { waiting: [ada] });
    await cancel(holders[0]!);
    const [offer] = await myLines(ada.cookie);

    const taken = await accept(offer!.id, ada.cookie);
    expect(taken.status).toBe(201);
    expect(taken.body).toMatchObject({ status: 'active', session: { id: session.id } });
    expect(taken.headers.get('location')).toBe(`/api/bookings/${taken.body.id}`);
    expect(await seats(session.id)).toMatchObject({ seats_taken: 1, holders: [ada.person.id] });
    expect(await entries(session.id)).toEqual([expect.objectContaining({ status: 'promoted', promoted_booking_id: taken.body.id })]);
    expect(await myLines(ada.cookie)).toEqual([]);

    // The confirmation says where the seat came from, as for a seat given automatically.
    const confirmation = await mailTo(ada, /^Seat from the waiting list: /);
    expect(confirmation.attachments.some((a) => a.contentType.startsWith('text/calendar') || a.contentType === 'application/ics')).toBe(true);

    const again = await accept(offer!.id, ada.cookie);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('OFFER_CLOSED');
    expect(await seats(session.id)).toMatchObject({ seats_taken: 1, holders: [ada.person.id] });
  });

  it('lets the person decline: the next in line is offered the seat at once and mailed', async () => {
    const org = await offeringOrg();
    const [ada, ben] = [await employee(org), await employee(org)];
    const { session, holders } = await fullSessionWithLine(org, { waiting: [ada, ben] });
    await cancel(holders[0]!);
    const [offer] = await myLines(ada.cookie);

    expect((await decline(offer!.id, ada.cookie)).status).toBe(204);
    expect(await statuses(session.id)).toEqual(['declined', 'offered']);
    expect(await seats(session.id)).toMatchObject({ seats_taken: 1, holders: [] });
    expect(await myLines(ada.cookie)).toEqual([]);
    const [bens] = await myLines(ben.cookie);
    expect(bens!.status).toBe('offered');
    await mailTo(ben, /A seat is free for you/);
    expect(await offerMails(bens!.id)).toHaveLength(1);
    // Declined is final: neither accepting nor declining again changes anything.
    expect((await accept(offer!.id, ada.cookie)).body.code).toBe('OFFER_CLOSED');
    expect((await decline(offer!.id, ada.cookie)).body.code).toBe('OFFER_CLOSED');
    // Leaving the line while holding an offer is declining it.
    expect((await call(t, 'DELETE', `/api/sessions/${session.id}/waitlist`, { cookie: ben.cookie })).status).toBe(204);
    expect(await statuses(session.id)).toEqual(['declined', 'declined']);
    expect(await seats(session.id)).toMatchObject({ seats_taken: 0, holders: [] });
  });

  it('lets an offer lapse in the expiry job: the next in line is offered it; accepting afterwards is refused', async () => {
    const org = await offeringOrg({ hours: 2 });
    // Both live where their two hours end in the day: Ada's from now, Ben's from the job's clock below.
    const benZone = zoneInDaytime(new Date(Date.now() + 5 * HOUR));
    const [ada, ben] = [await employee(org, { timeZone: zoneInDaytime(new Date(Date.now() + 2 * HOUR)) }), await employee(org, { locale: 'de', timeZone: benZone })];
    const { session, holders } = await fullSessionWithLine(org, { waiting: [ada, ben] });
    await cancel(holders[0]!);
    const [offer] = await myLines(ada.cookie);

    // Before the end, the job leaves it alone.
    await sweepOffers(t.ctx.db, seatRules, { now: new Date(Date.now() + HOUR) });
    expect(await statuses(session.id)).toEqual(['offered', 'waiting']);

    const later = new Date(Date.now() + 3 * HOUR);
    const done = await sweepOffers(t.ctx.db, seatRules, { now: later });
    expect(done.expired).toBeGreaterThanOrEqual(1);
    const after = await entries(session.id);
    expect(after.map((e) => e.status)).toEqual(['expired', 'offered']);
    // Ben's offer runs from the job's clock.
    expect(after[1]!.offer_expires_at!.getTime()).toBe(later.getTime() + 2 * HOUR);
    expect(await seats(session.id)).toMatchObject({ seats_taken: 1, holders: [] });
    // In Ben's language, the deadline in his zone.
    const mail = await mailTo(ben, /Ein Platz ist für Sie frei/);
    expect(mail.text).toContain('Er wird bis ');
    expect(mail.text).toContain(`(${benZone}) für Sie freigehalten`);
    expect(mail.text).toContain('Platz annehmen: ');

    const late = await accept(offer!.id, ada.cookie);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('OFFER_EXPIRED');
    expect(await seats(session.id)).toMatchObject({ seats_taken: 1, holders: [] });
  });

  it('refuses an accept once the offer has run out, before the job has seen it, and changes nothing', async () => {
    const org = await offeringOrg();
    const ada = await employee(org);
    const { session, holders } = await fullSessionWithLine(org, { waiting: [ada] });
    await cancel(holders[0]!);
    const [offer] = await myLines(ada.cookie);
    await t.database.db.updateTable('waitlist_entries').set({ offer_expires_at: new Date(Date.now() - 1000) }).where('id', '=', offer!.id).execute();
    const late = await accept(offer!.id, ada.cookie);
    expect(late.body.code).toBe('OFFER_EXPIRED');
    expect(await statuses(session.id)).toEqual(['offered']);
    expect(await seats(session.id)).toMatchObject({ seats_taken: 1, holders: [] });
  });

  it('skips someone whose own rules refuse the seat, who keeps their place; an accept the rules refuse leaves the offer open', async () => {
    const org = await offeringOrg({ maxFutureBookings: 1 });
    const [atLimit, next] = [await employee(org), await employee(org)];
    const { session, holders } = await fullSessionWithLine(org, { capacity: 2, waiting: [atLimit, next] });
    const elsewhere = await buildSession(t.database.db, { org, startsAt: hoursAfterReference(96) });
    const held = await buildBooking(t.database.db, { session: elsewhere, person: atLimit.person });

    await cancel(holders[0]!);
    expect(await statuses(session.id)).toEqual(['waiting', 'offered']);
    expect((await myLines(atLimit.cookie))[0]).toMatchObject({ status: 'waiting', position: 1 });

    // The next seat, once their limit allows it, is theirs: they were first.
    expect((await call(t, 'POST', `/api/bookings/${held.id}/cancel`, { cookie: atLimit.cookie })).status).toBe(200);
    await cancel(holders[1]!);
    expect(await statuses(session.id)).toEqual(['offered', 'offered']);
    const [offer] = await myLines(atLimit.cookie);

    // Meanwhile they book elsewhere again: accepting now is refused by the limit, and the offer stays.
    await buildBooking(t.database.db, { session: elsewhere, person: atLimit.person });
    const refused = await accept(offer!.id, atLimit.cookie);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('LIMIT_REACHED');
    expect((await myLines(atLimit.cookie))[0]).toMatchObject({ id: offer!.id, status: 'offered' });
    expect(await seats(session.id)).toMatchObject({ seats_taken: 2, holders: [] });
  });

  it('closes the line at the cut-off: an offer ends there at the latest and then lapses, and nobody else is offered the seat', async () => {
    const org = await offeringOrg({ hours: 12, cutoff: 60 });
    const [ada, ben] = [await employee(org), await employee(org)];
    const startsAt = new Date(Date.now() + 3 * HOUR);
    const { session, holders } = await fullSessionWithLine(org, { startsAt, waiting: [ada, ben] });
    await cancel(holders[0]!);
    const [offer] = await myLines(ada.cookie);
    expect(new Date(offer!.offerExpiresAt!).getTime()).toBe(startsAt.getTime() - HOUR);

    await sweepOffers(t.ctx.db, seatRules, { now: new Date(startsAt.getTime() - 30 * 60_000) });
    expect(await statuses(session.id)).toEqual(['expired', 'waiting']);
    expect(await seats(session.id)).toMatchObject({ seats_taken: 0, holders: [] });
    expect(await offerMails((await entries(session.id))[1]!.id)).toEqual([]);
  });

  it('lets an offer lapse when its session is cancelled', async () => {
    const org = await offeringOrg();
    const ada = await employee(org);
    const { session, holders } = await fullSessionWithLine(org, { capacity: 2, waiting: [ada] });
    await cancel(holders[0]!);
    const admin = await employee(org, { roles: ['admin'] });
    expect((await call(t, 'POST', `/api/sessions/${session.id}/cancel`, { cookie: admin.cookie, body: { reason: 'Coach ill' } })).status).toBe(200);
    expect(await myLines(ada.cookie)).toEqual([]);
    await sweepOffers(t.ctx.db, seatRules);
    expect(await statuses(session.id)).toEqual(['expired']);
    expect(await seats(session.id)).toMatchObject({ seats_taken: 0 });
  });

  it('answers an offer only to its own person: anyone else, or another organisation, meets 404', async () => {
    const org = await offeringOrg();
    const ada = await employee(org);
    const { session, holders } = await fullSessionWithLine(org, { waiting: [ada] });
    await cancel(holders[0]!);
    const [offer] = await myLines(ada.cookie);
    const colleague = await employee(org, { roles: ['employee', 'admin'] });
    const foreign = await employee(await offeringOrg());
    for (const who of [colleague, foreign]) {
      expect((await accept(offer!.id, who.cookie)).status).toBe(404);
      expect((await decline(offer!.id, who.cookie)).status).toBe(404);
    }
    expect((await accept('00000000-0000-4000-8000-000000000000', ada.cookie)).status).toBe(404);
    expect((await accept('not-an-id', ada.cookie)).status).toBe(400);
    expect(await statuses(session.id)).toEqual(['offered']);
  });
});

describe('the organisation’s choice', () => {
  it('is an admin setting, validated; automatic stays the default and gives the seat at once', async () => {
    const org = await buildOrganisation(t.database.db);
    const admin = await employee(org, { roles: ['admin'] });
    const current = await call(t, 'GET', '/api/settings', { cookie: admin.cookie });
    expect(current.body).toMatchObject({ waitlistMode: 'automatic', waitlistOfferHours: 12 });
    for (const body of [{ waitlistMode: 'lottery' }, { waitlistOfferHours: 0 }, { waitlistOfferHours: 73 }, { waitlistOfferHours: 2.5 }]) {
      const bad = await call(t, 'PATCH', '/api/settings', { cookie: admin.cookie, body });
      expect(bad.status).toBe(400);
      expect(blamedFields(bad)).toEqual([Object.keys(body)[0]]);
    }
    const staff = await employee(org);
    expect((await call(t, 'PATCH', '/api/settings', { cookie: staff.cookie, body: { waitlistMode: 'offer' } })).status).toBe(403);
    const changed = await call(t, 'PATCH', '/api/settings', { cookie: admin.cookie, body: { waitlistMode: 'offer', waitlistOfferHours: 24 } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ waitlistMode: 'offer', waitlistOfferHours: 24 });

    const ada = await employee(org);
    const { session, holders } = await fullSessionWithLine(org, { waiting: [ada] });
    await cancel(holders[0]!);
    const [offer] = await myLines(ada.cookie);
    expect(new Date(offer!.offerExpiresAt!).getTime()).toBeGreaterThan(Date.now() + 23 * HOUR);

    // Back to automatic: the next freed seat is simply given.
    expect((await call(t, 'PATCH', '/api/settings', { cookie: admin.cookie, body: { waitlistMode: 'automatic' } })).status).toBe(200);
    const ben = await employee(org);
    const second = await fullSessionWithLine(org, { waiting: [ben] });
    await cancel(second.holders[0]!);
    expect(await seats(second.session.id)).toMatchObject({ holders: [ben.person.id] });
    expect(await statuses(session.id)).toEqual(['offered']);
  });
});

describe('offers under concurrency', () => {
  it('never overbooks and never gives one entry two seats through ~100 accepts, declines, expiries and cancellations at once', async () => {
    const org = await offeringOrg();
    const module = await buildModule(t.database.db, { org });
    const SESSIONS = 10;
    const sessions: Array<{ session: { id: string; capacity: number }; holders: Array<Caller & { bookingId: string }>; line: Caller[] }> = [];
    for (let i = 0; i < SESSIONS; i++) {
      // Two hours apart: nobody's seats overlap, so everyone in line is eligible.
      const session = await buildSession(t.database.db, { org, module, capacity: 3, startsAt: hoursAfterReference(24 + 2 * i) });
      const holders = [];
      for (let k = 0; k < 3; k++) {
        const h = await employee(org);
        holders.push({ ...h, bookingId: (await buildBooking(t.database.db, { session, person: h.person })).id });
      }
      const line = await Promise.all(Array.from({ length: 6 }, () => employee(org)));
      for (const w of line) expect((await call(t, 'POST', `/api/sessions/${session.id}/waitlist`, { cookie: w.cookie })).status).toBe(201);
      sessions.push({ session, holders, line });
    }
    // One seat per session freed first: an offer is open in each line.
    for (const s of sessions) expect((await cancel(s.holders[0]!)).status).toBe(200);

    const entryIds = new Map<string, string>();
    for (const s of sessions) for (const e of await entries(s.session.id)) entryIds.set(`${s.session.id} ${e.person_id}`, e.id);
    const operations: Array<() => Promise<{ status: number; code?: string }>> = [];
    const asAnswer = async (p: Promise<{ status: number; body: { code?: string } | undefined }>) => {
      const a = await p;
      return { status: a.status, ...(a.body?.code && { code: a.body.code }) };
    };
    for (const s of sessions) {
      // The other holders give up their seats; everyone in line answers, whether or not offered yet
      // (their offer may be made while the others run): odd places accept, even ones decline.
      for (const h of s.holders.slice(1)) operations.push(() => asAnswer(cancel(h)));
      s.line.forEach((w, i) => {
        const id = entryIds.get(`${s.session.id} ${w.person.id}`)!;
        operations.push(() => asAnswer(i % 2 === 0 ? accept(id, w.cookie) : decline(id, w.cookie)));
        if (i < 2) operations.push(() => asAnswer(accept(id, w.cookie)));
      });
    }
    // And the expiry job, several runs, with a clock past every offer made so far: 12 hours, or the
    // next morning where they end at night, is within 25 hours.
    for (let i = 0; i < 6; i++) {
      operations.push(async () => {
        await sweepOffers(t.ctx.db, seatRules, { now: new Date(Date.now() + 25 * HOUR), onError: (error) => { throw error; } });
        return { status: 200 };
      });
    }
    expect(operations.length).toBeGreaterThanOrEqual(100);
    const answers = await Promise.all(operations.map((op) => op()));
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    for (const a of answers) {
      expect(['200', '201', '204', '409 OFFER_CLOSED', '409 OFFER_EXPIRED', '409 ALREADY_BOOKED']).toContain(a.status < 300 ? String(a.status) : `${a.status} ${a.code}`);
    }
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThan(0);

    for (const s of sessions) {
      const stored = await seats(s.session.id);
      const line = await entries(s.session.id);
      const open = line.filter((e) => e.status === 'offered');
      // Zero overbooking; the counter is the seats held by bookings and by open offers.
      expect(stored.seats_taken).toBe(stored.holders.length + open.length);
      expect(stored.seats_taken).toBeLessThanOrEqual(stored.capacity);
      // Every seat held by a booking came from an accepted offer of the holder's own entry, one each.
      const promoted = line.filter((e) => e.status === 'promoted');
      expect(new Set(promoted.map((e) => e.promoted_booking_id)).size).toBe(promoted.length);
      expect(promoted.map((e) => e.person_id).sort()).toEqual(stored.holders);
      // Line order: everyone ever offered stood before everyone still waiting; while someone waits, no seat is free.
      const offeredAt = line.map((e, i) => (e.offer_expires_at ? i : -1)).filter((i) => i >= 0);
      const firstWaiting = line.findIndex((e) => e.status === 'waiting');
      if (firstWaiting >= 0) {
        expect(Math.max(...offeredAt)).toBeLessThan(firstWaiting);
        expect(stored.seats_taken).toBe(stored.capacity);
      }
      // Each offer mailed exactly once.
      for (const e of line.filter((x) => x.offer_expires_at)) expect(await offerMails(e.id)).toHaveLength(1);
    }
  });
});
