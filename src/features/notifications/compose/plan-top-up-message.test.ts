// The top-up mail counts seats in both languages: a week with one seat says "1 seat", "1 Platz".
import { describe, expect, it } from 'vitest';
import { composePlanTopUp } from './plan-top-up-message.ts';

const facts = {
  kind: 'plan_top_up' as const,
  weeks: [{ startsOn: '2027-01-11', seatsOffered: 1, seatsNeeded: 8 }, { startsOn: '2027-01-18', seatsOffered: 4, seatsNeeded: 12 }],
  url: 'https://quartet.test/admin/planner/p',
};
const weeks = (locale: 'en' | 'de') => composePlanTopUp(facts, { locale }).blocks.flatMap((b) => ('list' in b ? b.list : []));

describe('the top-up mail’s weeks', () => {
  it('count one seat in the singular and more in the plural', () => {
    expect(weeks('en')).toEqual(['Week of Monday, 11 January 2027: 1 seat offered, 8 needed', 'Week of Monday, 18 January 2027: 4 seats offered, 12 needed']);
    expect(weeks('de')).toEqual(['Woche ab Montag, 11. Januar 2027: 1 Platz angeboten, 8 benötigt', 'Woche ab Montag, 18. Januar 2027: 4 Plätze angeboten, 12 benötigt']);
  });
});
