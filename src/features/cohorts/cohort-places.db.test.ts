// Each group of a round meets at the same time in a place of its own: a room, or a meeting link.
// A link given to two groups put both into one call, where each saw the other group's people
// (participants stay hidden from each other); the rooms were already held apart.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { cohortBody, cohortProgram } from '../../../test/cohort-fixtures.ts';
import { buildRoom } from '../../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});

describe("a cohort's places", () => {
  it('refuses one meeting link for two groups, naming the field, and makes nothing', async () => {
    const p = await cohortProgram(t, 8, { coaches: 2 });
    const link = 'https://meet.example.test/leadership';
    const refused = await call(t, 'POST', '/api/cohorts', { cookie: p.cookie, body: cohortBody(p, 2, { onlineUrls: [link, link] }) });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.fields).toEqual([{ field: 'onlineUrls', message: 'names a link twice' }]);
    expect(await t.database.db.selectFrom('cohorts').where('org_id', '=', p.org.id).select('id').execute()).toEqual([]);
    // Two links that differ only in how they are written are still one meeting.
    const again = await call(t, 'POST', '/api/cohorts', { cookie: p.cookie, body: cohortBody(p, 2, { onlineUrls: [link, 'HTTPS://MEET.EXAMPLE.TEST/leadership'] }) });
    expect(again.status, again.text).toBe(400);
    expect(await t.database.db.selectFrom('cohorts').where('org_id', '=', p.org.id).select('id').execute()).toEqual([]);
  });

  it('says a room named twice is a room, not someone', async () => {
    const p = await cohortProgram(t, 8, { coaches: 2 });
    const room = await buildRoom(t.database.db, { org: p.org });
    const refused = await call(t, 'POST', '/api/cohorts', { cookie: p.cookie, body: cohortBody(p, 2, { format: 'in_person', onlineUrls: undefined, roomIds: [room.id, room.id] }) });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.body.fields).toEqual([{ field: 'roomIds', message: 'names a room twice' }]);
  });
});
