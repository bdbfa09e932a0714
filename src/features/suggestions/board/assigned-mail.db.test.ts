// An owner hears when an admin assigns a suggestion to them: one mail, in their language, with the
// group's words as text and a link to it on the board. Nobody is mailed for assigning to themselves,
// and a mail whose suggestion has gone to someone else before it is sent says nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../../test/api-calls.ts';
import { startTestApp, type TestApp } from '../../../../test/app.ts';
import { buildPerson } from '../../../../test/factories.ts';
import { everythingReadable, expectSays, hrefs, mailboxWithWorker, settled, type CapturingMailbox } from '../../../../test/mail-assertions.ts';
import { placeSuggestions, reflectionGroup, type ReflectionGroup } from '../../../../test/suggestion-fixtures.ts';

let t: TestApp;
let mailbox: CapturingMailbox;
beforeAll(async () => {
  t = await startTestApp({ worker: false });
  mailbox = await mailboxWithWorker(t, 'file');
});

async function assign(g: ReflectionGroup, id: string, ownerId: string | null, cookie = g.cookies.admin) {
  const current = await t.database.db.selectFrom('suggestions').where('id', '=', id).select('version').executeTakeFirstOrThrow();
  const res = await call(t, 'PATCH', `/api/board/suggestions/${id}`, { cookie, body: { version: current.version, ownerId } });
  expect(res.status, res.text).toBe(200);
}

describe('a suggestion assigned to an owner', () => {
  it('is mailed to the owner in their language, the group’s text as text, with a link to it on the board', async () => {
    const g = await reflectionGroup(t);
    const owner = await buildPerson(t.database.db, { org: g.org, locale: 'de', name: 'Olga Owner' });
    const [sg] = await placeSuggestions(t.database.db, g, [{ title: 'Übergabe <b>Checkliste</b>', body: 'Eine Seite <script>x()</script> je Linie.', area: 'Produktion' }]);
    await assign(g, sg!.id, owner.id);
    await settled(t.database.db, g.org.id);
    const mails = mailbox.to(owner.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.parsed.subject).toBe('Ein Vorschlag für Sie: „Übergabe <b>Checkliste</b>“');
    expectSays(mail, 'bittet Sie, sich um diesen Vorschlag', 'Eine Seite <script>x()</script> je Linie.', 'Produktion');
    expect(String(mail.parsed.html)).not.toContain('<script>');
    expect(hrefs(mail)).toContain(`http://quartet.test/board/${sg!.id}`);
    // The group is never named: neither the coach nor a participant.
    const text = everythingReadable(mail);
    for (const person of [g.coach, g.ana, g.bernd]) expect(text).not.toContain(person.name);
  });

  it('is not sent to an admin who takes it on themselves, nor after it went to someone else meanwhile', async () => {
    const g = await reflectionGroup(t);
    const first = await buildPerson(t.database.db, { org: g.org });
    const second = await buildPerson(t.database.db, { org: g.org });
    const [mine, passed] = await placeSuggestions(t.database.db, g, [{ title: 'Mine' }, { title: 'Passed on' }]);
    await assign(g, mine!.id, g.admin.id);
    await assign(g, passed!.id, second.id);
    // A notice to the first owner queued before the suggestion was handed on (as if the worker had
    // been slower than the admin): by the time it is sent, it has nothing to say.
    const stale = await t.database.db.insertInto('outgoing_messages')
      .values({ org_id: g.org.id, kind: 'suggestion_assigned', recipient_id: first.id, detail: { suggestionId: passed!.id } })
      .returning('id').executeTakeFirstOrThrow();
    await settled(t.database.db, g.org.id);
    expect(mailbox.to(g.admin.email)).toHaveLength(0);
    expect(mailbox.to(second.email)).toHaveLength(1);
    expect(mailbox.to(first.email)).toHaveLength(0);
    const notice = await t.database.db.selectFrom('outgoing_messages').where('id', '=', stale.id).select(['status', 'last_error']).executeTakeFirstOrThrow();
    expect(notice.status).toBe('moot');
  });
});
