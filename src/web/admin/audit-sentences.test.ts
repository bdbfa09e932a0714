// The audit log's sentences: every action code the services record has its own, in both languages,
// and the sentence names what the API named (or "a former member").
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../app/types.ts';
import { auditSentence, SENTENCE_ACTIONS } from './audit-sentences.ts';

const NOW = new Date('2027-02-01T12:00:00Z');

function entry(o: Partial<AuditEntry>): AuditEntry {
  return {
    id: crypto.randomUUID(), at: NOW.toISOString(), action: 'session.cancelled', ip: null, detail: {}, subject: null,
    actor: { kind: 'person', id: crypto.randomUUID(), name: 'Anna Admin' }, ...o,
  };
}

const session = { kind: 'session', id: crypto.randomUUID(), name: 'Feedback culture', person: null, startsAt: '2027-01-12T09:00:00Z' };

describe('the audit log in words', () => {
  it('says a cancelled session with its title and day, in English and German', () => {
    const e = entry({ action: 'session.cancelled', subject: session });
    expect(auditSentence(e, 'en', NOW)).toBe('Anna Admin cancelled the session ‘Feedback culture’ on 12 Jan.');
    expect(auditSentence(e, 'de', NOW)).toBe('Anna Admin hat den Termin „Feedback culture“ am 12. Jan. abgesagt.');
  });

  it("names a booking's holder, an erased one as a former member, and an erased actor too", () => {
    const booking = { ...session, kind: 'booking', person: 'Ben Booker' };
    expect(auditSentence(entry({ action: 'booking.cancelled_for', subject: booking }), 'en', NOW))
      .toBe('Anna Admin cancelled the seat of Ben Booker in the session ‘Feedback culture’ on 12 Jan.');
    expect(auditSentence(entry({ action: 'booking.attendance_recorded', subject: { ...booking, person: null }, detail: { mark: 'no_show' } }), 'de', NOW))
      .toBe('Anna Admin hat ein ehemaliges Mitglied im Termin „Feedback culture“ am 12. Jan. als abwesend erfasst.');
    expect(auditSentence(entry({ action: 'people.profile_changed', actor: { kind: 'person', id: null, name: null }, detail: { fields: ['name', 'timeZone'] } }), 'en', NOW))
      .toBe('A former member changed their own name and time zone.');
  });

  it('says the fields of a change in the reader’s language', () => {
    expect(auditSentence(entry({ action: 'session.changed', subject: session, detail: { fields: ['time', 'place', 'capacity'] } }), 'de', NOW))
      .toBe('Anna Admin hat im Termin „Feedback culture“ am 12. Jan. Folgendes geändert: Zeit, Raum und Kapazität.');
  });

  it('falls back to a generic sentence for a code it does not know', () => {
    expect(auditSentence(entry({ action: 'thing.happened', actor: { kind: 'operator', id: null, name: null } }), 'en', NOW)).toBe('The operator did “thing.happened”.');
  });

  it('has a sentence, in both languages, for every action code the services record', () => {
    // The services' source, as text (Vite's glob import): their audit calls name the codes.
    const files = import.meta.glob<string>(['../../features/**/*.ts', '!../../features/**/*.test.ts'], { query: '?raw', import: 'default', eager: true });
    const source = Object.values(files).flatMap((text) => [...text.matchAll(/(?:audit\(tx, actor, |action: |record\(tx, [a-zA-Z.]+, by, )'[a-z_]+\.[a-z_]+'/g)].map((m) => m[0])).join('\n');
    const codes = new Set([...source.matchAll(/'([a-z_]+\.[a-z_]+)'/g)].map((m) => m[1]!));
    expect(codes.size).toBeGreaterThan(30);
    for (const code of codes) expect(SENTENCE_ACTIONS, code).toContain(code);
    for (const code of SENTENCE_ACTIONS) {
      for (const language of ['en', 'de'] as const) expect(auditSentence(entry({ action: code }), language, NOW), `${code} ${language}`).not.toMatch(/\{|did “|: „/);
    }
  });
});
