// The module's reflection question travels with the session's mail (issue 13): the participants'
// reminder tells them what their group will be asked; the coach's reminder, roster notices and
// hand-over tell the coach what to ask. Each reader gets it in their own language, or in the other
// where the module has only that; a module without a question adds no sentence at all.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/api-calls.ts';
import type { TestApp } from '../../../test/app.ts';
import { buildPerson, type PersonRow } from '../../../test/factories.ts';
import { everythingReadable, expectSays, settled, type CapturedMail, type CapturingMailbox } from '../../../test/mail-assertions.ts';
import { JAN_12, messageTestbed } from '../../../test/message-testbed.ts';

const { bed, program, book, expectMailCounts, lastTo } = messageTestbed();
let t: TestApp;
let mailbox: CapturingMailbox;
beforeAll(() => {
  ({ t, mailbox } = bed);
});
type Program = Awaited<ReturnType<typeof program>>;

const EN = 'What could our company change so that feedback reaches the right people?';
const DE = 'Was könnte unser Unternehmen ändern, damit Feedback die Richtigen erreicht?';
// The sentences around the question, as a reader of each language reads them.
const forGroup = { en: (q: string) => `At the end, your group answers one question together: “${q}”`, de: (q: string) => `Zum Schluss beantwortet Ihre Gruppe gemeinsam eine Frage: „${q}“` };
const forCoach = { en: (q: string) => `At the end, ask the group: “${q}”`, de: (q: string) => `Fragen Sie die Gruppe zum Schluss: „${q}“` };

async function askQuestion(p: Program, en: string, de: string) {
  await t.database.db.updateTable('modules').set({ reflection_question_en: en, reflection_question_de: de }).where('id', '=', p.module.id).execute();
}

/** The coach publishes the session, so the coach's own reminder is queued as in Quartet. */
async function publish(p: Program): Promise<string> {
  const res = await call(t, 'POST', '/api/sessions', {
    cookie: await t.cookieFor(p.coach),
    body: { moduleId: p.module.id, startsAt: JAN_12.toISOString(), timeZone: 'Europe/Berlin', format: 'in_person', roomId: p.room.id },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

/**
 * Sends the session's reminders now rather than a day before its start, months ahead: moving a
 * pending message's send_after queues its job again (migration 009), as the lead time would.
 */
async function remindNow(p: Program, sessionId: string) {
  const moved = await t.database.db.updateTable('outgoing_messages').set({ send_after: new Date() })
    .where('session_id', '=', sessionId).where('kind', '=', 'reminder').where('status', '=', 'pending').executeTakeFirst();
  expect(Number(moved.numUpdatedRows)).toBeGreaterThan(0);
  await settled(t.database.db, p.org.id);
}

const reminderTo = (person: PersonRow): CapturedMail => {
  const found = mailbox.to(person.email).filter((m) => /^(Reminder|Erinnerung):/.test(m.parsed.subject ?? ''));
  expect(found, person.email).toHaveLength(1);
  return found[0]!;
};

async function handOver(p: Program, sessionId: string, to: PersonRow) {
  const res = await call(t, 'POST', `/api/sessions/${sessionId}/reassign`, { cookie: await t.cookieFor(p.admin), body: { coachId: to.id } });
  expect(res.status, res.text).toBe(200);
  await settled(t.database.db, p.org.id);
}

describe('the reflection question in mail', () => {
  it('is in the participants’ reminder and the coach’s reminder and roster notice, in each reader’s language', async () => {
    const p = await program();
    await askQuestion(p, EN, DE);
    const sessionId = await publish(p);
    await book(p, p.ann, sessionId);
    await book(p, p.bernd, sessionId);
    // The German coach's notice of the second seat taken.
    const roster = lastTo(p.coach);
    expect(roster.parsed.subject).toMatch(/^Ihre Gruppe für .*: 2 von 4 Plätzen belegt$/);
    expectSays(roster, forCoach.de(DE), 'Erfassen Sie ihre Vorschläge danach auf der Seite des Termins');

    await remindNow(p, sessionId);
    await expectMailCounts(p.org.id, { [p.ann.email]: 2, [p.bernd.email]: 2, [p.coach.email]: 3 });
    const ann = reminderTo(p.ann);
    expectSays(ann, forGroup.en(EN), 'Your ideas go to the people who can act on them.');
    expect(everythingReadable(ann)).not.toContain(DE);
    const bernd = reminderTo(p.bernd);
    expectSays(bernd, forGroup.de(DE));
    expect(everythingReadable(bernd)).not.toContain(EN);
    const coach = reminderTo(p.coach);
    expectSays(coach, 'eine Erinnerung: Der Termin, den Sie begleiten, steht bevor.', forCoach.de(DE));
    // The participants are not told what the coach is asked to do.
    expect(ann.parsed.text).not.toContain('ask the group');
  });

  it('falls back to the language the module has, is shown as text, and goes to a coach taking the session over', async () => {
    const p = await program();
    const markup = 'What should change in our tools & <meeting rooms>?';
    await askQuestion(p, markup, '');
    const sessionId = await publish(p);
    await book(p, p.bernd, sessionId);
    expectSays(lastTo(p.coach), forCoach.de(markup));
    expect(String(lastTo(p.coach).parsed.html)).not.toContain('<meeting rooms>');

    await remindNow(p, sessionId);
    expectSays(reminderTo(p.bernd), forGroup.de(markup));

    const standIn = await buildPerson(t.database.db, { org: p.org, roles: ['coach', 'employee'], locale: 'en', name: `Sam Stand-in ${p.tag}` });
    await handOver(p, sessionId, standIn);
    const assigned = lastTo(standIn);
    expect(assigned.parsed.subject).toMatch(/^You now coach:/);
    expectSays(assigned, forCoach.en(markup));
  });

  it('adds no sentence at all where the module asks nothing', async () => {
    const p = await program();
    await askQuestion(p, '  ', '');
    const sessionId = await publish(p);
    await book(p, p.ann, sessionId);
    await book(p, p.bernd, sessionId);
    await remindNow(p, sessionId);
    const standIn = await buildPerson(t.database.db, { org: p.org, roles: ['coach', 'employee'], locale: 'en' });
    await handOver(p, sessionId, standIn);
    // Each participant: confirmation, reminder, the change of coach; the coach: two roster notices,
    // the reminder, the hand-over.
    await expectMailCounts(p.org.id, { [p.ann.email]: 3, [p.bernd.email]: 3, [p.coach.email]: 4, [standIn.email]: 1 });
    const kinds = await t.database.db.selectFrom('outgoing_messages').where('org_id', '=', p.org.id).where('status', '=', 'sent').select('kind').execute();
    expect(new Set(kinds.map((k) => k.kind))).toEqual(new Set(['booking_confirmed', 'roster_changed', 'reminder', 'session_changed', 'coach_removed', 'coach_assigned']));
    for (const person of [p.ann, p.bernd, p.coach, standIn]) {
      for (const mail of mailbox.to(person.email)) {
        const text = everythingReadable(mail);
        for (const phrase of ['At the end', 'Zum Schluss', 'ask the group', 'Fragen Sie die Gruppe', '“”', '„“']) {
          expect(text, `${mail.parsed.subject}`).not.toContain(phrase);
        }
      }
    }
  });
});
