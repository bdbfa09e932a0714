// The one rule for figures about people: no figure is shown that is built from fewer than five
// people (issue 15). Every presenter of a figure decides with these functions, so the floor, what
// counts and how a withheld figure looks are the same in the dashboard, the network, the ratings,
// the boards' support counts and their exports.
//
// What counts is the distinct PEOPLE a figure describes, not rows: seven ratings by two people are a
// figure about two. A figure about nobody (0 supports, no one in a band) describes no one and is
// shown. A withheld figure is null in the API (each schema says so and carries `minimumPeople`),
// and the web app says "fewer than 5 people — hidden to protect privacy" in its place.
//
// Withholding one small group is not enough where a total is published beside the groups: a total
// of 12 and groups of 5 and 5 give away the third group, 2, by subtraction (a differencing attack).
// So a list of groups is published under two more rules, applied by withholdSmallGroups:
//   1. the withheld groups of a list, taken together, describe none or at least five people — if
//      not, the smallest shown groups are withheld too until they do (complementary suppression);
//   2. the same holds within every part of a published breakdown the list subdivides (sessions
//      within their module and within their coach), so a part minus its shown groups is no small
//      group either.
// For ordered groups (bands of "sessions taken part in") mergeSmallBands joins neighbours instead,
// so that every band shown holds at least five people and none need be withheld.
// What this does not do: protect against differencing across two unrelated breakdowns of the same
// people (a module's figure against a coach's) where both happen to hold only one small part;
// every such figure still describes at least five people. Nor against differencing over time (a
// figure read before and after one more person): where a figure shows what people said — ratings —
// the feature releases its rows in steps of five people or more (migration 041), and this floor
// applies to what is released.

/** The fewest distinct people any figure about people is built from. */
export const PRIVACY_FLOOR = 5;

/** Distinct people, as a count (groups that do not overlap) or as their ids (groups that may). */
export type People = number | ReadonlySet<string>;

const sizeOf = (people: People) => (typeof people === 'number' ? people : people.size);

/** Whether a figure describing this many distinct people may be shown: nobody, or at least five. */
export function mayShow(people: People): boolean {
  const n = sizeOf(people);
  return n === 0 || n >= PRIVACY_FLOOR;
}

/** The value where the people it describes may be shown, otherwise null (withheld). */
export function unlessWithheld<T>(people: People, value: T): T | null {
  return mayShow(people) ? value : null;
}

/** A count of people (supporters, participants): itself where it may be shown, otherwise null. */
export function peopleCount(count: number): number | null {
  return unlessWithheld(count, count);
}

/** Everyone in any of the groups (ids), or the sum of the counts (the caller's groups do not overlap). */
export function unionOf(groups: readonly People[]): People {
  if (groups.every((g) => typeof g === 'number')) return (groups as number[]).reduce((n, g) => n + g, 0);
  if (groups.some((g) => typeof g === 'number')) throw new Error('unionOf: mix of counts and id sets');
  const all = new Set<string>();
  for (const g of groups as ReadonlySet<string>[]) for (const id of g) all.add(id);
  return all;
}

/**
 * Which groups of a list may be shown (true at the group's index), the total of the list being
 * published or computable. Small groups are withheld; then, within the whole list and within each
 * part named by `partsOf`, the smallest shown groups are withheld as well until the withheld ones
 * of that part describe nobody or at least five people (or the whole part is withheld, empty
 * groups included: the part's total is then all there is). Ties go to the later group, so the result
 * does not depend on the order of equal groups in a surprising way.
 */
export function withholdSmallGroups<G>(
  groups: readonly G[],
  peopleOf: (group: G) => People,
  partsOf: (group: G) => readonly string[] = () => [],
): boolean[] {
  const people = groups.map(peopleOf);
  const shown = people.map((p) => mayShow(p));
  const parts = new Map<string, number[]>();
  groups.forEach((g, i) => {
    for (const part of partsOf(g)) parts.set(`part:${part}`, [...(parts.get(`part:${part}`) ?? []), i]);
  });
  // The parts first: a group withheld to cover a part often covers the whole list as well.
  parts.set('', groups.map((_, i) => i));
  // Withholding a group in one part can open a gap in another: repeat until no part changes.
  for (let changed = true; changed;) {
    changed = false;
    for (const members of parts.values()) {
      for (;;) {
        const hidden = members.filter((i) => !shown[i]);
        if (hidden.length === 0 || mayShow(unionOf(hidden.map((i) => people[i]!)))) break;
        const candidates = members.filter((i) => shown[i] && sizeOf(people[i]!) > 0);
        if (candidates.length === 0) {
          // Only empty groups left shown: "0 of 3" gives the 3 away, so they go too.
          for (const i of members) if (shown[i]) { shown[i] = false; changed = true; }
          break;
        }
        const smallest = candidates.reduce((a, b) => (sizeOf(people[b]!) <= sizeOf(people[a]!) ? b : a));
        shown[smallest] = false;
        changed = true;
      }
    }
  }
  return shown;
}

/**
 * Ordered bands (e.g. "took part in 4–6 sessions") joined with their neighbours until each holds
 * nobody or at least five people: a small band joins the next one, the last small one the one
 * before. Only where all of them together are fewer than five does one small band remain (its
 * figures withheld by the caller). Empty bands are dropped.
 */
export function mergeSmallBands<B>(bands: readonly B[], peopleOf: (band: B) => number, merge: (a: B, b: B) => B): B[] {
  const merged: B[] = [];
  let pending: B | undefined;
  for (const band of bands) {
    // An empty band is dropped, not joined: it would stretch a small neighbour's range for nothing.
    if (peopleOf(band) === 0) continue;
    const current = pending === undefined ? band : merge(pending, band);
    if (mayShow(peopleOf(current))) { merged.push(current); pending = undefined; } else pending = current;
  }
  if (pending !== undefined) {
    const last = merged.pop();
    merged.push(last === undefined ? pending : merge(last, pending));
  }
  return merged;
}

/**
 * The OpenAPI tag of every route answering with a figure about people. test/privacy-floor.db.test.ts
 * checks each such route at the floor, and fails for any route of the app it has not classified.
 */
export const FIGURES_TAG = 'Figures about people';

/** What the OpenAPI document says of the tag: the rule and how a withheld figure looks. */
export const FIGURES_TAG_DESCRIPTION = `No figure about fewer than ${PRIVACY_FLOOR} people: a figure built from 1–${PRIVACY_FLOOR - 1} distinct people is null (withheld), ` +
  'and in a list beside a total further groups are withheld until the withheld ones together are none or at least five people (no group can be worked out by subtraction). ' +
  'Exports write "fewer than 5" in its place.';
