// Which zone names are accepted: places' zones by any of their IANA names, UTC, and nothing else.
import { describe, expect, it } from 'vitest';
import { timeZones } from '../web/app/time.ts';
import { isTimeZone, TimeZone } from './zones.ts';

describe('isTimeZone', () => {
  it('accepts region zones, by their current and their older names, and UTC', () => {
    const accepted = [
      'Europe/Berlin', 'America/New_York', 'Asia/Kathmandu', 'Asia/Katmandu', 'Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv',
      'America/Argentina/Buenos_Aires', 'America/Indiana/Indianapolis', 'Pacific/Chatham', 'America/Port-au-Prince', 'UTC',
    ];
    expect(accepted.filter((zone) => !isTimeZone(zone))).toEqual([]);
  });

  it('refuses fixed offsets, POSIX rules, abbreviations, country links, Etc/*, "system" and made-up names', () => {
    const refused = [
      'Mars/Olympus', '../../etc/passwd', 'system', '+05:00', 'EST5EDT', 'EST', 'CET', 'GMT', 'Zulu', 'Japan', 'US/Eastern',
      'Etc/UTC', 'Etc/GMT+5', 'utc', 'europe/berlin', 'Europe/BERLIN', 'Europe/Berlin ', 'Europe/Atlantis', 'Europe/', '', 'Asia/Riyadh87',
    ];
    expect(refused.filter((zone) => isTimeZone(zone))).toEqual([]);
  });

  it('is the check of the request schema, which names the same sentence for the shape and the rule', () => {
    expect(TimeZone.safeParse('Asia/Kathmandu').success).toBe(true);
    for (const zone of ['EST5EDT', 'Europe/Atlantis', 'x'.repeat(65)]) {
      const issues = TimeZone.safeParse(zone).error?.issues ?? [];
      expect(issues.map((i) => i.message), zone).toContain('is not an IANA time zone');
    }
  });
});

describe("the web app's zone pickers", () => {
  it('offer only zones the API accepts, UTC among them', () => {
    const offered = timeZones();
    expect(offered.length).toBeGreaterThan(300);
    expect(offered).toContain('UTC');
    expect(offered.filter((zone) => !isTimeZone(zone))).toEqual([]);
  });
});
