// The weekly digests. Everyone who took part in a session hears once a week, in their language,
// what became of their group's suggestions whose status or response changed (never who typed one,
// never who else was there); a person can turn it off. A suggestion owner hears weekly what waits.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { buildBooking, buildPerson } from '../../../test/factories.ts';
import { everythingReadable, expectSays, hrefs, mailboxWithWorker, settled, type CapturingMailbox } from '../../../test/mail-assertions.ts';
import { appointOwner, categoriesOf, placeSuggestions, reflectionGroup, type ReflectionGroup } from '../../../test/suggestion-fixtures.ts';
import { queueWeeklyDigests } from './loop/queries.ts';
import { digestWeek } from './loop/schedule.ts';

let t: TestApp;
let mailbox: CapturingMailbox;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
  mailbox = await mailboxWithWorker(t, 'file');
});

async function answer(g: ReflectionGroup, id: string, body: Record<string, unknown>) {
  const current = await t.database.db.selectFrom('suggestions').where('id', '=', id).select('version').executeTakeFirstOrThrow();
  const res = await call(t, 'PATCH', `/api/board/suggestions/${id}`, { cookie: g.cookies.admin, body: { version: current.version, ...body } });
  expect(res.status, res.text).toBe(200);
}

async function digestsOf(orgId: string) {
  return t.database.db.selectFrom('outgoing_messages').where('org_id', '=', orgId).where('kind', 'in', ['suggestion_digest', 'owner_digest'])
    .select(['recipient_id', 'kind', 'status', 'last_error']).execute();
}

describe('the weekly digest of outcomes', () => {
  it('tells each person who was there what became of their group’s suggestions, in their language, once a week', async () => {
    const g = await reflectionGroup(t);
    const absent = await buildPerson(t.database.db, { org: g.org, name: `Nina Noshow ${g.org.slug}` });
    const booking = await buildBooking(t.database.db, { session: g.session, person: absent });
    await t.database.db.updateTable('bookings').set({ status: 'no_show', attendance_marked_at: new Date(), attendance_marked_by: g.coach.id })
      .where('id', '=', booking.id).execute();
    const [planned, untouched, declined] = await placeSuggestions(t.database.db, g, [
      { title: 'Shared <b>glossary</b>' }, { title: 'Nobody answered this yet' }, { title: 'A fourth shift' },
    ]);
    await answer(g, planned!.id, { status: 'planned', response: 'From March <script>alert(1)</script> in every team.' });
    await answer(g, declined!.id, { status: 'declined', response: 'The works council decided against it.' });

    const week = digestWeek(new Date());
    expect(await queueWeeklyDigests(t.database.db, week)).toEqual({ participants: 3, owners: 0 });
    await settled(t.database.db, g.org.id);

    const [ana] = mailbox.to(g.ana.email);
    expect(ana!.parsed.subject).toBe('What became of 2 suggestions of your groups');
    expectSays(ana!, '“Shared <b>glossary</b>”', ': planned', 'The answer: From March <script>alert(1)</script> in every team.', ': declined',
      'The works council decided against it.', 'turn off the weekly digest on your profile');
    expect(String(ana!.parsed.html)).not.toContain('<script>');
    expect(everythingReadable(ana!)).not.toContain(untouched!.title);
    expect(hrefs(ana!)).toContain('http://quartet.test/my-sessions?view=past');
    const [bernd] = mailbox.to(g.bernd.email);
    expect(bernd!.parsed.subject).toBe('Was aus 2 Vorschlägen Ihrer Gruppen wurde');
    expectSays(bernd!, ': geplant', ': abgelehnt', 'Die Antwort: The works council decided against it.');
    expect(mailbox.to(g.coach.email)).toHaveLength(1);
    // Not the person marked absent, nor a colleague who was not in the session.
    expect(mailbox.to(absent.email)).toHaveLength(0);
    expect(mailbox.to(g.olga.email)).toHaveLength(0);
    // Nobody is named: not the coach, not the other participants.
    for (const [mail, others] of [[ana!, [g.coach, g.bernd, absent]], [bernd!, [g.coach, g.ana, absent]]] as const) {
      for (const person of others) expect(everythingReadable(mail)).not.toContain(person.name);
    }

    // The same week again, after another change: nothing more until next week.
    await answer(g, untouched!.id, { status: 'in_review' });
    expect(await queueWeeklyDigests(t.database.db, week)).toEqual({ participants: 0, owners: 0 });
    // Next week's digest says only what changed since this one.
    expect((await queueWeeklyDigests(t.database.db, `${week}-next`)).participants).toBe(3);
    await settled(t.database.db, g.org.id);
    const next = mailbox.to(g.ana.email)[1]!;
    expect(next.parsed.subject).toBe('What became of a suggestion of your group');
    expectSays(next, '“Nobody answered this yet”', ': in review');
    expect(everythingReadable(next)).not.toContain('Shared <b>glossary</b>');
  });

  it('is not sent to a person who turned it off, nor when nothing changed', async () => {
    const g = await reflectionGroup(t);
    const [sg] = await placeSuggestions(t.database.db, g, [{ title: 'Quiet room' }]);
    const off = await call(t, 'PATCH', '/api/me', { cookie: g.cookies.ana, body: { suggestionDigest: false } });
    expect(off.status, off.text).toBe(200);
    expect(off.body.suggestionDigest).toBe(false);
    expect(await queueWeeklyDigests(t.database.db, digestWeek(new Date()) + '-quiet')).toEqual({ participants: 0, owners: 0 });

    await answer(g, sg!.id, { status: 'done', response: 'Room 4.12 is quiet now.' });
    await queueWeeklyDigests(t.database.db, digestWeek(new Date()) + '-quiet');
    await settled(t.database.db, g.org.id);
    expect(mailbox.to(g.ana.email)).toHaveLength(0);
    expect(mailbox.to(g.bernd.email)).toHaveLength(1);
    const queued = await digestsOf(g.org.id);
    expect(queued.map((m) => m.recipient_id).sort()).toEqual([g.bernd.id, g.coach.id].sort());
  });

  it('is not sent to a person who turned it off after it was queued', async () => {
    const g = await reflectionGroup(t);
    const [sg] = await placeSuggestions(t.database.db, g, [{ title: 'Standing desks' }]);
    await answer(g, sg!.id, { status: 'planned', response: 'In the new building.' });
    const off = await call(t, 'PATCH', '/api/me', { cookie: g.cookies.ana, body: { suggestionDigest: false } });
    expect(off.status, off.text).toBe(200);
    // Queued before she turned it off, as when the mail server was away on Monday morning and the
    // worker is still trying: by the time it is sent, she has said she does not want it.
    const now = Date.now();
    const queued = await t.database.db.insertInto('outgoing_messages').values({
      org_id: g.org.id, kind: 'suggestion_digest', recipient_id: g.ana.id,
      detail: { week: `${digestWeek(new Date())}-late`, since: new Date(now - 3_600_000).toISOString(), until: new Date(now + 1000).toISOString() },
    }).returning('id').executeTakeFirstOrThrow();
    await settled(t.database.db, g.org.id);
    expect(mailbox.to(g.ana.email)).toHaveLength(0);
    const digest = await t.database.db.selectFrom('outgoing_messages').where('id', '=', queued.id).select('status').executeTakeFirstOrThrow();
    expect(digest.status).toBe('moot');
  });
});

describe('the owners’ weekly digest', () => {
  it('lists what is assigned to the owner and the new suggestions of their categories nobody has taken', async () => {
    const g = await reflectionGroup(t);
    const categories = await categoriesOf(t.database.db, g.org.id);
    const owner = await buildPerson(t.database.db, { org: g.org, locale: 'de', name: 'Olaf Owner' });
    const idle = await buildPerson(t.database.db, { org: g.org, name: 'Ida Idle' });
    await appointOwner(t, g.cookies.admin, owner.id, { categoryIds: [categories['Office efficiency']!] });
    await appointOwner(t, g.cookies.admin, idle.id, { categoryIds: [categories['Project management']!] });
    await placeSuggestions(t.database.db, g, [
      { title: 'Assigned and planned', status: 'planned', response: 'Soon', ownerId: owner.id },
      { title: 'New in my category', categoryId: categories['Office efficiency']! },
      { title: 'Done already', status: 'done', response: 'Done', ownerId: owner.id },
      { title: 'Someone else took it', categoryId: categories['Office efficiency']!, ownerId: g.admin.id },
    ]);
    // Olaf, and the admin who took one on: it waits for him too.
    expect((await queueWeeklyDigests(t.database.db, digestWeek(new Date()))).owners).toBe(2);
    await settled(t.database.db, g.org.id);
    expectSays(mailbox.to(g.admin.email)[0]!, '“Someone else took it”');
    const [mail] = mailbox.to(owner.email);
    expect(mail!.parsed.subject).toBe('2 Vorschläge warten auf Sie');
    expectSays(mail!, '1 Ihnen zugewiesen', '„Assigned and planned“', 'Neu, noch nicht übernommen:', '„New in my category“');
    const text = everythingReadable(mail!);
    // The day named is the day the group recorded it, and said so: not the day it became planned.
    expect(text).toMatch(/„Assigned and planned“ \([^)]*, erfasst am [^)]+\): geplant/);
    expect(text).not.toContain('geplant seit');
    expect(text).not.toContain('Done already');
    expect(text).not.toContain('Someone else took it');
    expect(mailbox.to(idle.email)).toHaveLength(0);
  });

  it('goes to whoever open suggestions are assigned to, appointed owner or not', async () => {
    const g = await reflectionGroup(t);
    const assignee = await buildPerson(t.database.db, { org: g.org, name: 'Arne Assigned' });
    const settled_ = await buildPerson(t.database.db, { org: g.org, name: 'Sina Settled' });
    await placeSuggestions(t.database.db, g, [
      { title: 'Assigned, not appointed', status: 'in_review', ownerId: assignee.id },
      { title: 'All done', status: 'done', response: 'Done', ownerId: settled_.id },
    ]);
    await queueWeeklyDigests(t.database.db, `${digestWeek(new Date())}-assigned`);
    await settled(t.database.db, g.org.id);
    expect((await digestsOf(g.org.id)).filter((m) => m.kind === 'owner_digest').map((m) => m.recipient_id)).toEqual([assignee.id]);
    const [mail] = mailbox.to(assignee.email);
    expect(mail!.parsed.subject).toBe('1 suggestion waits for you');
    expectSays(mail!, 'Assigned to you:', '“Assigned, not appointed”');
    expect(mailbox.to(settled_.email)).toHaveLength(0);
  });
});
