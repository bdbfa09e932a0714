// When a full session's waiting list stops taking people: at the cancellation cut-off, as the API's
// joinWaitingList decides (409 WAITLIST_CLOSED), since a seat given later could not be given up.
// Unknown settings leave it to the API.
export function lineOpen(startsAt: string, cutoffMinutes: number | undefined, now = Date.now()): boolean {
  if (cutoffMinutes === undefined) return true;
  return Date.parse(startsAt) - now >= cutoffMinutes * 60_000;
}
