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
