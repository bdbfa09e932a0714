// The order in which the expiry job is given the sessions due (migration 042): lapsed offers first,
// then free seats whose line waits, in an order that changes every minute, so that with more sessions
// due than one run takes, none is left out for ever (in 038 the same first ones came every minute).
import { beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { hoursAfterReference, REFERENCE_MONDAY } from '../../../test/dates.ts';
import { buildOrganisation, buildPerson, buildSession } from '../../../test/factories.ts';
import { sessionsWithOffersDue } from './queries.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
});

const MINUTE = 60_000;

describe('the sessions due for the expiry job', () => {
  it('come lapsed offers first, then every free seat with a line within the minutes, however small each run', async () => {
    const db = t.database.db;
    const org = await buildOrganisation(db);
    await db.updateTable('organisations').set({ waitlist_mode: 'offer' }).where('id', '=', org.id).execute();
    const person = () => buildPerson(db, { org });
    // Four sessions with a free seat and someone waiting (whom the rules keep refusing, say).
    const waiting: string[] = [];
    for (let i = 0; i < 4; i++) {
      const session = await buildSession(db, { org, capacity: 4, startsAt: hoursAfterReference(48 + 3 * i) });
      await db.insertInto('waitlist_entries').values({ org_id: org.id, session_id: session.id, person_id: (await person()).id }).execute();
      waiting.push(session.id);
    }
    // And one whose offer ran out.
    const lapsed = await buildSession(db, { org, capacity: 4, startsAt: hoursAfterReference(200) });
    const now = new Date(REFERENCE_MONDAY.getTime() - 24 * 3_600_000);
    await db.insertInto('waitlist_entries').values({
      org_id: org.id, session_id: lapsed.id, person_id: (await person()).id, status: 'offered', offer_expires_at: new Date(now.getTime() - MINUTE),
    }).execute();

    const all = await sessionsWithOffersDue(db, now, 500);
    expect(all.map((r) => r.session_id).sort()).toEqual([...waiting, lapsed.id].sort());
    // Two a run: the lapsed offer every time, and over an hour of runs each of the four others.
    const reached = new Set<string>();
    for (let minute = 0; minute < 60; minute++) {
      const run = (await sessionsWithOffersDue(db, new Date(now.getTime() + minute * MINUTE), 2)).map((r) => r.session_id);
      expect(run[0]).toBe(lapsed.id);
      reached.add(run[1]!);
    }
    expect([...reached].sort()).toEqual([...waiting].sort());
  });
});
