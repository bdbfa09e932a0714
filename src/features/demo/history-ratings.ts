// The ratings the demo's participants gave the day after their sessions: most who were there rate,
// mostly 4 and 5, some coaches a little better than others, a comment now and then in the rater's
// language. So "How the sessions were rated" has averages from the first start (each module and
// coach with five ratings or more; no single session ever has five, as in life).
import type { Locale } from '../../db/schema.ts';
import type { PastBooking, PastSession } from './history.ts';
import { pick, weighted, type Person, type Rand } from './planning.ts';
import type { NewSessionRatingRow } from './queries.ts';

const RATES = 0.7;
const COMMENTS = 0.25;
const HOUR = 3_600_000;

const SAID: Record<Locale, Record<'good' | 'fair' | 'poor', string[]>> = {
  en: {
    good: ['Very practical, I used the checklist the next day.', 'Great mix of people from other departments.', 'The coach kept us on track without rushing.', 'Short and to the point.', 'I learnt more from the others than I expected.'],
    fair: ['Good topic, but 90 minutes felt long.', 'Useful, though the room was too warm.', 'Would have liked more examples from production.'],
    poor: ['Too theoretical for my work.', 'Two of us were late, which cost a lot of time.'],
  },
  de: {
    good: ['Sehr praxisnah, die Checkliste habe ich gleich am nächsten Tag genutzt.', 'Tolle Mischung aus verschiedenen Abteilungen.', 'Der Coach hat gut durch die Runde geführt.', 'Kurz und auf den Punkt.', 'Von den anderen habe ich mehr gelernt als erwartet.'],
    fair: ['Gutes Thema, aber 90 Minuten waren lang.', 'Nützlich, nur der Raum war zu warm.', 'Mehr Beispiele aus der Fertigung wären schön gewesen.'],
    poor: ['Zu theoretisch für meine Arbeit.', 'Zwei kamen zu spät, das hat viel Zeit gekostet.'],
  },
};

export function planRatings(rand: Rand, sessions: PastSession[], bookings: PastBooking[], people: Person[], now: Date): NewSessionRatingRow[] {
  const held = new Map(sessions.filter((s) => !s.cancelled).map((s) => [s.row.id, s]));
  const locale = new Map(people.map((p) => [p.id, p.locale]));
  // Each coach has a small lean of their own, so the figures by coach differ.
  const lean = new Map<string, number>();
  const ratings: NewSessionRatingRow[] = [];
  for (const b of bookings) {
    const session = held.get(b.session_id);
    if (!session || b.status !== 'attended' || rand() > RATES) continue;
    const givenAt = new Date(session.end + (14 + rand() * 30) * HOUR);
    if (givenAt > now) continue;
    const coach = String(session.row.coach_id);
    if (!lean.has(coach)) lean.set(coach, rand() * 0.3 - 0.1);
    const shift = lean.get(coach)!;
    const rating = weighted(rand, [5, 4, 3, 2, 1], [0.34 + shift, 0.4, 0.17 - shift / 2, 0.06 - shift / 4, 0.03 - shift / 4].map((w) => Math.max(w, 0.005)));
    const mood = rating >= 4 ? 'good' : rating === 3 ? 'fair' : 'poor';
    const comment = rand() < COMMENTS ? pick(rand, SAID[locale.get(b.person_id) ?? 'en'][mood]) : '';
    ratings.push({ org_id: b.org_id, session_id: b.session_id, person_id: b.person_id, rating, comment, created_at: givenAt, updated_at: givenAt });
  }
  return ratings;
}
