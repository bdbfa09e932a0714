// The one rule for time zone names taken from outside (API, CSV import, command line): an IANA
// region zone (Area/Location, e.g. Europe/Berlin, America/Argentina/Buenos_Aires) or UTC. A zone
// must follow the clocks of a real place, and Luxon, the browser and PostgreSQL must read it alike.
import { z } from 'zod';

// UTC, or a name in one of the tz database's region areas. Outside them are links (US/Eastern,
// Japan), POSIX rules (EST5EDT), fixed offsets (Etc/GMT+5) and names no zone has (+05:00, system).
const SHAPE = /^(?:UTC|(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)(?:\/[A-Z][A-Za-z_-]*){1,2})$/;
const ZONE_MESSAGE = 'is not an IANA time zone';

// The runtime's own list: ICU's canonical names, e.g. Asia/Calcutta, Asia/Katmandu, Europe/Kiev.
const CANONICAL = new Set(Intl.supportedValuesOf('timeZone'));
const CANONICAL_BY_LOWER_CASE = new Map([...CANONICAL].map((zone) => [zone.toLowerCase(), zone]));
const checked = new Map<string, boolean>();

/**
 * Whether Quartet accepts the name. Names the list gives are accepted as spelled there; the other
 * names of the same places (Asia/Kolkata, Asia/Kathmandu, Europe/Kyiv, which newer browsers list)
 * when ICU resolves them to a zone of the list. ICU finds names whatever their case, so a name
 * the list spells otherwise (Europe/BERLIN) is refused rather than stored as written.
 */
export function isTimeZone(zone: string): boolean {
  if (zone.length > 64 || !SHAPE.test(zone)) return false;
  if (zone === 'UTC') return true;
  const known = checked.get(zone);
  if (known !== undefined) return known;
  const spelled = CANONICAL_BY_LOWER_CASE.get(zone.toLowerCase());
  const ok = spelled !== undefined ? spelled === zone : CANONICAL.has(canonicalOf(zone) ?? '');
  if (checked.size < 10_000) checked.set(zone, ok);
  return ok;
}

function canonicalOf(zone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined; // RangeError: ICU does not know the name
  }
}

/** A time zone in a request: the shape first (also in the OpenAPI document), then the rule above. */
export const TimeZone = z
  .string()
  .max(64)
  .regex(SHAPE, { message: ZONE_MESSAGE, abort: true })
  .refine(isTimeZone, ZONE_MESSAGE)
  .describe('IANA time zone of a place (Area/Location, e.g. Europe/Berlin), or UTC; no fixed offsets or abbreviations')
  .meta({ example: 'Europe/Berlin' });
