// A session's entry reads the same wherever it comes from: the invitation mailed with a seat, the
// personal calendar feed and the booking's "add to calendar" file share a UID, so a calendar that
// gets two of them shows one entry, and a place's note must not be missing from any of them.
import ICAL from 'ical.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/app.ts';
import { buildSession, type PersonRow } from '../../../test/factories.ts';
import { expectInvitation } from '../../../test/mail-assertions.ts';
import { JAN_12, TITLE, messageTestbed } from '../../../test/message-testbed.ts';

const { bed, program, book, lastTo } = messageTestbed();
let t: TestApp;
beforeAll(() => {
  ({ t } = bed);
});

const NOTE = 'Second floor, ask at the desk';
const TEXTS = ['summary', 'description', 'location', 'url'] as const;
const texts = (event: ICAL.Component) => Object.fromEntries(TEXTS.map((name) => [name, event.getFirstPropertyValue(name)]));

/** The texts of the person's invitation, of their feed's entry and of the booking's file, for one booking. */
async function threeEntries(person: PersonRow, booking: { id: string; calendar_uid: string; calendar_sequence: number }) {
  const invitation = expectInvitation(lastTo(person), { method: 'REQUEST', uid: booking.calendar_uid, sequence: booking.calendar_sequence });
  const cookie = await t.cookieFor(person);
  const { url } = await (await t.request('POST', '/api/me/calendar-feed', { cookie })).json() as { url: string };
  const feed = new ICAL.Component(ICAL.parse(await (await t.request('GET', new URL(url).pathname)).text()));
  const inFeed = feed.getAllSubcomponents('vevent').find((e) => e.getFirstPropertyValue('uid') === booking.calendar_uid)!;
  const file = new ICAL.Component(ICAL.parse(await (await t.request('GET', `/api/bookings/${booking.id}/calendar.ics`, { cookie })).text()));
  return { invitation: texts(invitation), feed: texts(inFeed), file: texts(file.getFirstSubcomponent('vevent')!) };
}

describe('a session in a room with a note on the place', () => {
  it('has the note in the LOCATION of the invitation, the feed and the booking’s file alike', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, room: p.room, startsAt: JAN_12 });
    await t.database.db.updateTable('sessions').set({ location_note: NOTE }).where('id', '=', session.id).execute();
    const entries = await threeEntries(p.ann, await book(p, p.ann, session.id));
    expect(entries.invitation.location).toBe(`${p.room.name}, Hamburg (${NOTE})`);
    expect(entries.invitation.summary).toBe(`Quartet: ${TITLE}`);
    expect(entries.feed).toEqual(entries.invitation);
    expect(entries.file).toEqual(entries.invitation);
  });
});

describe('a reader of German', () => {
  it('reads the entry in German in the feed and the booking’s file, as in the invitation', async () => {
    const p = await program();
    const session = await buildSession(t.database.db, { org: p.org, coach: p.coach, module: p.module, startsAt: JAN_12 });
    const entries = await threeEntries(p.bernd, await book(p, p.bernd, session.id));
    expect(entries.feed.summary).toBe(`Quartet-Termin: ${TITLE}`);
    expect(String(entries.feed.description)).toContain(`Begleitet von ${p.coach.name}`);
    expect(String(entries.feed.description)).not.toMatch(/Coach: /);
    expect(entries.feed.location).toBe(session.online_url);
    expect(entries.feed).toEqual(entries.invitation);
    expect(entries.file).toEqual(entries.invitation);
  });
});
