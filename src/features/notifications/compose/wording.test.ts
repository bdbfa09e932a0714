// The cut-off in a confirmation mail: whole days or hours where the minutes divide evenly, each
// number with its singular or plural, in English and German.
import { describe, expect, it } from 'vitest';
import { wording } from './wording.ts';

describe('the cut-off in a mail', () => {
  it('says one minute, hour or day in the singular', () => {
    expect(wording('en').cancelUntil(1)).toContain('until 1 minute before the start');
    expect(wording('en').cancelUntil(60)).toContain('until 1 hour before the start');
    expect(wording('en').cancelUntil(1440)).toContain('until 1 day before the start');
    expect(wording('de').cancelUntil(1)).toContain('bis 1 Minute vor Beginn');
    expect(wording('de').cancelUntil(60)).toContain('bis 1 Stunde vor Beginn');
    expect(wording('de').cancelUntil(1440)).toContain('bis 1 Tag vor Beginn');
  });

  it('says other numbers in the plural, in the largest whole unit', () => {
    expect(wording('en').cancelUntil(90)).toContain('until 90 minutes before');
    expect(wording('en').cancelUntil(120)).toContain('until 2 hours before');
    expect(wording('en').cancelUntil(2880)).toContain('until 2 days before');
    expect(wording('de').cancelUntil(90)).toContain('bis 90 Minuten vor');
    expect(wording('de').cancelUntil(1500)).toContain('bis 25 Stunden vor');
    expect(wording('de').cancelUntil(2880)).toContain('bis 2 Tage vor');
  });
});

describe('the German mails', () => {
  // The pages call a session "Termin" (der Termin); the mails once said "Runde" for the same thing.
  it('call a session a Termin, never a Runde', () => {
    const said = Object.entries(wording('de')).flatMap(([name, entry]: [string, unknown]) => {
      if (typeof entry === 'function') return [String((entry as (...a: unknown[]) => unknown)(name === 'changedBody' ? ['time'] : 'X', 'Y', 1, 4))];
      return typeof entry === 'object' && entry ? Object.values(entry).map(String) : [String(entry)];
    });
    expect(said.filter((s) => /Runde/.test(s))).toEqual([]);
    expect(wording('de').confirmedBody).toBe('Ihr Platz in diesem Peer-to-Peer-Learning-Termin ist bestätigt. Die Kalendereinladung ist beigefügt.');
    expect(wording('de').changedSubject('Feedback geben', 'Di 12. Jan')).toBe('Termin geändert: Feedback geben, Di 12. Jan');
  });
});
