// The test mailbox's waits: waitForTo must skip the mails to an address it was told are already
// seen, and find the next one that matches, whatever else arrives in between.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMailbox, type Mailbox } from './smtp.ts';

let mailbox: Mailbox;
let send: (to: string, subject: string) => Promise<unknown>;

beforeAll(async () => {
  mailbox = await startMailbox();
  const transport = nodemailer.createTransport(mailbox.url);
  send = (to, subject) => transport.sendMail({ from: 'quartet@example.test', to, subject, text: subject });
});
afterAll(() => mailbox.close());

it('waits for the mail to an address after the first `since` of theirs, skipping others and non-matching ones', async () => {
  await send('ada@example.test', 'link 1');
  await send('bob@example.test', 'link for bob');
  await send('ADA@example.test', 'link 2');
  const seen = mailbox.to('ada@example.test').length;
  expect(seen).toBe(2);
  // Already there: the first matching one after the ones seen is none yet.
  const waiting = mailbox.waitForTo('Ada@Example.test', seen, (m) => /^link/.test(m.subject ?? ''), 5_000);
  await send('bob@example.test', 'link 3 for bob');
  await send('ada@example.test', 'digest');
  await send('ada@example.test', 'link 4');
  expect((await waiting).subject).toBe('link 4');
  // Since 1: the second of hers matches at once.
  expect((await mailbox.waitForTo('ada@example.test', 1, (m) => /^link/.test(m.subject ?? ''), 5_000)).subject).toBe('link 2');
  await expect(mailbox.waitForTo('ada@example.test', 4, () => true, 300)).rejects.toThrow(/no matching mail within 300 ms/);
});
