// A module title that holds an RFC 2047 encoded word reaches the reader as typed, not decoded
// into other text (or other headers).
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCapturingMailbox, type CapturingMailbox } from '../../../test/mail-assertions.ts';
import { createSmtpMailer, type Mailer } from '../../lib/mailer.ts';
import { composeMessage } from './compose/message.ts';
import type { SessionFacts } from './queries.ts';

let mailbox: CapturingMailbox;
let mailer: Mailer;
beforeAll(async () => {
  mailbox = await startCapturingMailbox();
  mailer = createSmtpMailer(mailbox.url, 'Quartet <no-reply@quartet.test>');
});
afterAll(async () => {
  mailer.close();
  await mailbox.close();
});

it('keeps a module title that looks like an encoded word as typed in the subject', async () => {
  const title = 'Negotiation =?utf-8?q?=0D=0ABcc:_all@example.test?= basics';
  const session = {
    id: '6f1c0a52-3f7e-4a8e-9a35-2b1f0f9a1c11', status: 'scheduled', starts_at: new Date('2027-01-12T14:00:00Z'), ends_at: new Date('2027-01-12T15:30:00Z'),
    time_zone: 'Europe/Berlin', format: 'virtual', online_url: 'https://meet.example.test/x', location_note: null, cancel_reason: null, language: 'en',
    capacity: 4, seats_taken: 1, module_id: '0b0e7d1c-1d9a-4a8e-8f55-6a3a1c2b9d01', module_title: title, module_summary: 'S', question_en: '', question_de: '',
    coach_id: '2a4b6c8d-0e1f-4a3b-8c5d-7e9f1a2b3c4d', coach_name: 'Coach', coach_email: 'coach@example.test', room_name: null, room_site: null,
  } satisfies SessionFacts;
  const mail = composeMessage({ name: 'Ann', email: 'reader@example.test', locale: 'en', timeZone: 'Europe/Berlin' },
    { kind: 'booking_confirmed', session, booking: { uid: 'u@quartet', sequence: 0 }, cutoffMinutes: 120 },
    { baseUrl: 'http://quartet.test', organiser: { name: 'Quartet', email: 'no-reply@quartet.test' }, orgName: 'Org' });
  expect(mail.subject).toBe(`Seat confirmed: ${title}, Tue 12 Jan 2027, 15:00 CET`);
  await mailer.send(mail);
  const parsed = await simpleParser(mailbox.messages[0]!.raw);
  // Shown as typed; the zero-width space the mailer puts after "=" is invisible to the reader.
  expect(parsed.subject?.replaceAll('\u200b', '')).toBe(mail.subject);
  expect(parsed.headers.has('bcc')).toBe(false);
});
