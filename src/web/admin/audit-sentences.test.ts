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

  it('says a count of one in the singular and others in the plural, in English and German', () => {
    const say = (action: string, detail: Record<string, unknown>, language: 'en' | 'de') => auditSentence(entry({ action, detail }), language, NOW);
    const one = { members: 1, groups: 1, rounds: 1 };
    expect(say('cohort.published', one, 'en')).toBe('Anna Admin published a cohort: 1 person in 1 group over 1 round.');
    expect(say('cohort.published', one, 'de')).toBe('Anna Admin hat eine Kohorte veröffentlicht: 1 Person in 1 Gruppe über 1 Runde.');
    expect(say('cohort.published', { members: 12, groups: 3, rounds: 4 }, 'en')).toBe('Anna Admin published a cohort: 12 people in 3 groups over 4 rounds.');
    expect(say('cohort.published', { members: 12, groups: 3, rounds: 4 }, 'de')).toBe('Anna Admin hat eine Kohorte veröffentlicht: 12 Personen in 3 Gruppen über 4 Runden.');
    expect(say('people.details_read', { people: ['p'] }, 'en')).toBe('Anna Admin read the contact details of 1 person.');
    expect(say('people.details_read', { people: ['p'] }, 'de')).toBe('Anna Admin hat die Kontaktdaten von 1 Person gelesen.');
    expect(say('people.details_read', { people: ['p', 'q'] }, 'de')).toBe('Anna Admin hat die Kontaktdaten von 2 Personen gelesen.');
    expect(say('suggestion.exported', { rows: 1 }, 'en')).toBe('Anna Admin exported the suggestion board (1 row).');
    expect(say('plan.proposed', { weeks: 1, sessionsPlanned: 1, sessionsNeeded: 1 }, 'en')).toBe('Anna Admin drew up a session plan for 1 week: 1 of 1 session placed.');
    expect(say('plan.proposed', { weeks: 1, sessionsPlanned: 1, sessionsNeeded: 1 }, 'de')).toBe('Anna Admin hat einen Terminplan für 1 Woche entworfen: 1 von 1 Termin eingeplant.');
    expect(say('plan.proposed', { weeks: 4, sessionsPlanned: 5, sessionsNeeded: 6 }, 'de')).toBe('Anna Admin hat einen Terminplan für 4 Wochen entworfen: 5 von 6 Terminen eingeplant.');
    expect(say('plan.published', { sessions: 1, coaches: 1 }, 'en')).toBe('Anna Admin published a session plan: 1 session for 1 coach.');
    expect(say('plan.published', { sessions: 1, coaches: 1 }, 'de')).toBe('Anna Admin hat einen Terminplan veröffentlicht: 1 Termin für 1 Lernbegleitung.');
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
