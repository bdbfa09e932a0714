// Names, titles, places and notes are typed by people: whatever they contain (CR, LF, ";", ",",
// "\", quotes, header look-alikes, calendar look-alikes, any script) must stay text. For thousands
// of generated cases, each message is composed by composeMessage, written as raw MIME by
// nodemailer with the options Quartet's mailer uses, and read back by mailparser, by a MIME walker
// of the test's own and by ical.js: no extra header, the subject as meant, one well-formed VEVENT
// whose SUMMARY, LOCATION and DESCRIPTION are the text that went in.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allParts, parseMime, startCapturingMailbox, type CapturingMailbox } from '../../../test/mail-assertions.ts';
import { createSmtpMailer, plainSubject, type Mailer, type OutgoingMail } from '../../lib/mailer.ts';
import { calendarName } from './compose/calendar.ts';
import { composeMessage, type MessageFacts, type Recipient, type Sender } from './compose/message.ts';
import { wording } from './compose/wording.ts';
import type { SessionFacts } from './queries.ts';

const FROM = 'Quartet <no-reply@quartet.test>';
const TO = 'reader@example.test';
const SENDER_BASE = { baseUrl: 'http://quartet.test', organiser: { name: 'Quartet', email: 'no-reply@quartet.test' } };
const HEADERS = ['auto-submitted', 'content-type', 'date', 'from', 'message-id', 'mime-version', 'subject', 'to'];

// ---- what people type ------------------------------------------------------------------------

const tricky = fc.constantFrom(
  '\r', '\n', '\r\n', '\n\r', '\r\n\r\n', ';', ',', '\\', '\\n', '\\;', '"', "'", ':', '<', '>', '&', '=', '?', '^', '^n', "^'",
  'Bcc: evil@attacker.test', '\r\nBcc: evil@attacker.test', '\nX-Injected: yes', '\r\n\r\n<html>', '=?utf-8?q?=0D=0ABcc:_x?=', '=?', '?=',
  '\r\nContent-Type: text/calendar; method=CANCEL', '\r\n.\r\n', '\t', ' ', '  ', '\u00a0', '\u2028', '\u0085',
  'END:VEVENT', '\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil', '\r\nMETHOD:CANCEL', 'ATTENDEE:mailto:x@y.test', 'mailto:x@y.test',
  '<script>alert(1)</script>', '<a href="http://evil.test">x</a>', 'http://quartet.test/x?a=1&b=2',
  'Zoë', 'Ærøskøbing', 'Łódź', 'Ωμέγα', 'Сергей', '日本語の会議室', '강의실', 'مرحبا', 'שלום', 'नमस्ते', '😀', '👩🏽‍💻', 'x'.repeat(80),
);
const piece = fc.oneof(
  { weight: 4, arbitrary: tricky },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  // Any code point PostgreSQL can store (all but NUL), control characters included.
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }).map((s) => s.replaceAll('\0', '')) },
);
const text = fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(''));
const optionalText = fc.option(text, { nil: null });
const zone = fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC');

// Text that holds an RFC 2047 encoded word (a title, a coach's name) would be decoded by mail
// clients if written as it is, as nodemailer writes an ASCII subject; Quartet's mailer breaks the
// pattern with a zero-width space (plainSubject, subject-encoded-word.test.ts), and the larger run
// here, which writes with nodemailer directly, does the same.
const title = text;

const session = fc.record({
  title, summary: text, note: optionalText, room: text, site: text, url: text, coach: text, reason: optionalText, question: text,
  format: fc.constantFrom('in_person' as const, 'virtual' as const),
  startsAt: fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
}).map((s): SessionFacts => ({
  id: '6f1c0a52-3f7e-4a8e-9a35-2b1f0f9a1c11',
  status: 'scheduled',
  starts_at: s.startsAt,
  ends_at: new Date(s.startsAt.getTime() + 90 * 60_000),
  time_zone: 'Europe/Berlin',
  format: s.format,
  online_url: s.format === 'virtual' ? s.url : null,
  location_note: s.note,
  cancel_reason: s.reason,
  language: 'en',
  capacity: 4,
  seats_taken: 2,
  module_id: '0b0e7d1c-1d9a-4a8e-8f55-6a3a1c2b9d01',
  module_title: s.title,
  module_summary: s.summary,
  question_en: s.question,
  question_de: s.question,
  coach_id: '2a4b6c8d-0e1f-4a3b-8c5d-7e9f1a2b3c4d',
  coach_name: s.coach,
  coach_email: 'coach@example.test',
  room_name: s.format === 'in_person' ? s.room : null,
  room_site: s.format === 'in_person' ? s.site : null,
}));
const booking = fc.record({ uid: fc.uuid().map((u) => `${u}@quartet`), sequence: fc.nat({ max: 50 }) });
const roster = fc.array(fc.record({ id: fc.uuid(), name: text, email: fc.constant('someone@example.test'), department: optionalText }), { maxLength: 4 });
const alternatives = fc.array(fc.record({
  id: fc.uuid(), starts_at: fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
  format: fc.constantFrom('in_person' as const, 'virtual' as const), room_site: optionalText, seats_left: fc.integer({ min: 1, max: 4 }),
}).map((a) => ({ ...a, ends_at: new Date(a.starts_at.getTime() + 5_400_000) })), { maxLength: 4 });
const when = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true });
const overlaps = fc.array(fc.record({ module_title: text, starts_at: when }).map((o) => ({ ...o, ends_at: new Date(o.starts_at.getTime() + 5_400_000) })), { maxLength: 2 });
const absence = fc.record({
  coach_name: text, first_day: fc.constant('2027-01-11'), last_day: fc.constant('2027-01-13'), note: optionalText,
  sessions: fc.array(fc.record({ id: fc.uuid(), module_title: text, starts_at: when, seats_taken: fc.integer({ min: 0, max: 4 }), capacity: fc.constant(4) })
    .map((s) => ({ ...s, ends_at: new Date(s.starts_at.getTime() + 5_400_000) })), { minLength: 1, maxLength: 3 }),
});
const changes = fc.uniqueArray(fc.constantFrom('time', 'place', 'link', 'note', 'format', 'language', 'coach' as const), { minLength: 1 });

const facts: fc.Arbitrary<MessageFacts> = fc.oneof(
  fc.record({ kind: fc.constant('booking_confirmed' as const), session, booking, cutoffMinutes: fc.integer({ min: 0, max: 20160 }) }),
  fc.record({ kind: fc.constant('booking_moved' as const), session, booking, from: fc.record({ session, booking }) }),
  fc.record({ kind: fc.constant('session_changed' as const), session, booking, changes, overlaps }),
  fc.record({ kind: fc.constant('coach_absent' as const), absence, url: fc.constant('http://quartet.test/admin/reassign') }),
  fc.record({ kind: fc.constant('booking_cancelled' as const), session, booking, byAdmin: fc.boolean() }),
  fc.record({ kind: fc.constant('session_cancelled' as const), session, booking: fc.option(booking, { nil: null }), alternatives }),
  fc.record({ kind: fc.constant('reminder' as const), session, roster: fc.option(roster, { nil: null }) }),
  fc.record({
    kind: fc.constant('roster_changed' as const), session, roster,
    changes: fc.array(fc.record({ change: fc.constantFrom('joined' as const, 'left' as const), personId: fc.uuid(), name: text }), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('coach_assigned' as const), session, roster }),
  fc.record({ kind: fc.constant('coach_removed' as const), session }),
  fc.record({
    kind: fc.constant('suggestion_assigned' as const),
    suggestion: fc.record({
      id: fc.uuid(), title: text, body: text, area: optionalText, owner_id: fc.constant(null), module_title: text, category_en: optionalText, category_de: optionalText,
    }),
    url: fc.constant('http://quartet.test/board/6f1c0a52-3f7e-4a8e-9a35-2b1f0f9a1c11'),
  }),
  fc.record({ kind: fc.constant('login_link' as const), url: fc.constant('http://quartet.test/sign-in#token=abc_DEF-123'), validMinutes: fc.constant(15) }),
);

const recipient: fc.Arbitrary<Recipient> = fc.record({ name: text, email: fc.constant(TO), locale: fc.constantFrom('en' as const, 'de' as const), timeZone: zone });
const sender: fc.Arbitrary<Sender> = text.map((orgName) => ({ ...SENDER_BASE, orgName }));

// ---- what must come out ----------------------------------------------------------------------

/** What a calendar TEXT value can carry: line breaks, whatever they were, become LF. */
const asCalendarText = (s: string) => s.replace(/\r\n|\r|\n/g, '\n');
/**
 * A parameter value (an attendee's CN) as ical.js reads it. ical-generator writes it as RFC 5545
 * and RFC 6868 say: quoted, literal, with ^' ^n ^^ for quote, line break and caret; ical.js then
 * also reads TEXT escapes (\\, \;, \, and \n) inside it, which the RFC does not. That reading
 * is ical.js's; the check allows for it, and still requires the whole name in the one parameter.
 */
const asIcalJsParam = (s: string) =>
  asCalendarText(s).replace(/\\\\|\\;|\\,|\\[Nn]/g, (m) => (m === '\\\\' ? '\\' : m === '\\;' ? ';' : m === '\\,' ? ',' : '\n'));
/** What a header can carry: line breaks become spaces (nodemailer's rule, observed). */
const asHeaderText = (s: string) => s.replace(/\r\n|\r|\n/g, ' ');

interface Expected {
  uid: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  session: SessionFacts;
  filename?: string;
}

function expectedCalendars(f: MessageFacts): Expected[] {
  switch (f.kind) {
    case 'booking_confirmed':
    case 'session_changed':
      return [{ ...f.booking, method: 'REQUEST', session: f.session }];
    case 'booking_cancelled':
      return [{ ...f.booking, method: 'CANCEL', session: f.session }];
    case 'session_cancelled':
      return f.booking ? [{ ...f.booking, method: 'CANCEL', session: f.session }] : [];
    case 'booking_moved':
      return [{ ...f.booking, method: 'REQUEST', session: f.session }, { ...f.from.booking, method: 'CANCEL', session: f.from.session, filename: 'cancelled.ics' }];
    default:
      return [];
  }
}

function place(s: SessionFacts): string {
  const where = s.format === 'virtual' ? (s.online_url ?? '') : `${s.room_name ?? ''}, ${s.room_site ?? ''}`;
  return s.location_note && s.format === 'in_person' ? `${where} (${s.location_note})` : where;
}

const TAGS = new Set(['!doctype', 'html', 'body', 'p', 'table', 'tr', 'th', 'td', 'ul', 'li', 'a']);
const ATTRIBUTES = new Set(['style', 'role', 'align', 'valign', 'href', 'id']);

/**
 * Checks one message as it came out; throws on the first thing wrong. (node:assert rather than
 * expect: thousands of cases, dozens of checks each.)
 */
async function check(raw: string, mail: OutgoingMail, f: MessageFacts, to: Recipient, envelopeTo: string[]) {
  assert.deepEqual(envelopeTo, [TO]);
  const mime = parseMime(raw);
  // No header appears that Quartet did not write, at the top or in any part.
  for (const part of allParts(mime)) assert.deepEqual(part.malformed, [], 'a header line that is not "Name: value"');
  assert.deepEqual(mime.headers.map((h) => h.name).sort(), HEADERS, 'the top-level headers as written');
  const parsed = await simpleParser(raw);
  assert.deepEqual([...parsed.headers.keys()].sort(), HEADERS, 'the top-level headers as mailparser reads them');
  assert.deepEqual(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((v) => v.address) : null, [TO]);
  assert.deepEqual(parsed.from?.value.map((v) => v.address), ['no-reply@quartet.test']);
  assert.equal(parsed.cc, undefined);
  assert.equal(parsed.bcc, undefined);
  // The subject reads back as composed, on one line: line breaks became spaces. (mailparser
  // unfolds a folded line into one space however many blanks were at the fold, so runs of
  // blanks are compared as one.)
  const blanks = (s: string) => s.replace(/[ \t]+/g, ' ');
  assert.doesNotMatch(parsed.subject ?? '', /[\r\n]/);
  // Quartet's mailer puts a zero-width space after each "=" that precedes "?" (plainSubject),
  // invisible to readers; any zero-width space typed into a name stays as typed.
  assert.equal(blanks(parsed.subject ?? ''), blanks(asHeaderText(plainSubject(mail.subject))), 'the subject');
  // The plain text is the composed one, up to how line breaks are written (a bare CR becomes one).
  const lines = (s: string) => s.replace(/[\r\n]+/g, '\n');
  assert.equal(lines(parsed.text ?? ''), lines(mail.text), 'the plain text');
  // The HTML holds only the layout's own elements and attributes: typed text stays text.
  for (const tag of String(parsed.html).matchAll(/<\/?([!a-z][a-z0-9]*)([^>]*)>/gi)) {
    assert.ok(TAGS.has(tag[1]!.toLowerCase()), `an element <${tag[1]}> in the HTML`);
    for (const attribute of tag[2]!.matchAll(/\s([a-z-]+)=/gi)) assert.ok(ATTRIBUTES.has(attribute[1]!.toLowerCase()), `an attribute ${attribute[1]} in the HTML`);
  }

  // The calendar files, as written (the test's MIME walker) and as mailparser sees them.
  const found = allParts(mime).filter((p) => p.contentType === 'text/calendar' || p.contentType === 'application/ics');
  assert.equal(parsed.attachments.filter((a) => a.contentType === 'text/calendar' || a.contentType === 'application/ics').length, found.length);
  const expected = expectedCalendars(f);
  const invitations = found.filter((p) => p.contentType === 'text/calendar');
  assert.deepEqual(invitations.map((p) => p.params.name ?? null), expected.map((e) => e.filename ?? null));
  assert.deepEqual(found.filter((p) => p.contentType === 'application/ics').map((p) => p.body), invitations.slice(0, 1).map((p) => p.body));
  for (const [i, e] of expected.entries()) {
    const part = invitations[i]!;
    assert.equal(part.params.method, e.method, 'method= of the text/calendar part');
    const calendar = new ICAL.Component(ICAL.parse(part.body));
    assert.equal(calendar.getFirstPropertyValue('method'), e.method);
    assert.deepEqual(calendar.getAllSubcomponents().map((c) => c.name), ['vevent'], 'exactly one VEVENT and nothing else');
    const event = calendar.getFirstSubcomponent('vevent')!;
    assert.deepEqual(event.getAllSubcomponents(), []);
    assert.equal(event.getFirstPropertyValue('uid'), e.uid);
    assert.equal(event.getFirstPropertyValue('sequence'), e.sequence);
    // The entry's own words are the reader's (compose/wording.ts); what matters here is the typed text around them.
    const w = wording(to.locale);
    assert.equal(event.getFirstPropertyValue('summary'), asCalendarText(w.calendarSummary(e.session.module_title)), 'SUMMARY');
    // An empty place is left out of the file.
    assert.equal(event.getFirstPropertyValue('location'), asCalendarText(place(e.session)) || null, 'LOCATION');
    const url = `${SENDER_BASE.baseUrl}/sessions/${e.session.id}`;
    assert.equal(event.getFirstPropertyValue('description'),
      asCalendarText([e.session.module_summary, w.calendarCoach(e.session.coach_name), e.session.location_note, url].filter(Boolean).join('\n\n')), 'DESCRIPTION');
    assert.equal(event.getFirstPropertyValue('url'), url);
    const attendees = event.getAllProperties('attendee');
    assert.deepEqual(attendees.map((a) => String(a.getFirstValue()).toLowerCase()), [`mailto:${TO}`, 'mailto:coach@example.test']);
    // A name, if there is one, is the attendee's common name (an empty one is left out).
    // Backslashes are written as a look-alike (calendarName), which readers take literally.
    const cn = (name: string) => (name === '' ? undefined : asIcalJsParam(calendarName(name)));
    assert.deepEqual(attendees.map((a) => a.getParameter('cn')), [cn(to.name), cn(e.session.coach_name)], 'the attendees\' names');
    assert.equal(String(event.getFirstPropertyValue('organizer')).toLowerCase(), 'mailto:no-reply@quartet.test');
    // Nothing else crept in as a property of its own.
    assert.deepEqual(event.getAllProperties().map((p) => p.name).sort(), [
      'attendee', 'attendee', 'description', 'dtend', 'dtstamp', 'dtstart', ...(place(e.session) ? ['location'] : []),
      'organizer', 'sequence', 'status', 'summary', 'uid', 'url',
    ]);
    assert.equal(event.getFirstPropertyValue('status'), e.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED');
  }
}

const cases = fc.tuple(recipient, facts, sender);

describe('typed text in messages', () => {
  it('adds no header and keeps every calendar file one well-formed VEVENT carrying the text (2,000 cases, written as nodemailer writes for the mailer)', async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    await fc.assert(
      fc.asyncProperty(cases, async ([to, f, from]) => {
        const mail = composeMessage(to, f, from);
        // The options Quartet's mailer passes (src/lib/mailer.ts), over a transport that writes the message out.
        const info = await transport.sendMail({
          from: FROM, to: mail.to, subject: plainSubject(mail.subject), text: mail.text, html: mail.html,
          headers: { 'Auto-Submitted': 'auto-generated' },
          ...(mail.calendar && { icalEvent: { method: mail.calendar.method, content: mail.calendar.content, filename: 'invitation.ics' } }),
          ...(mail.attachments && { attachments: mail.attachments }),
        });
        await check((info.message as Buffer).toString('utf8'), mail, f, to, info.envelope.to);
      }),
      { numRuns: 2000 },
    );
  }, 120_000);

  describe('through Quartet’s own mailer and a real SMTP listener', () => {
    let mailbox: CapturingMailbox;
    let mailer: Mailer;
    beforeAll(async () => {
      mailbox = await startCapturingMailbox();
      mailer = createSmtpMailer(mailbox.url, FROM);
    });
    afterAll(async () => {
      mailer.close();
      await mailbox.close();
    });

    it('holds for 400 cases as well', async () => {
      await fc.assert(
        fc.asyncProperty(cases, async ([to, f, from]) => {
          const mail = composeMessage(to, f, from);
          const before = mailbox.messages.length;
          await mailer.send(mail);
          expect(mailbox.messages).toHaveLength(before + 1);
          const got = mailbox.messages[before]!;
          await check(got.raw, mail, f, to, got.envelope.to);
        }),
        { numRuns: 400 },
      );
    }, 120_000);
  });
});
