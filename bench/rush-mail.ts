// Did every seat's confirmation reach its holder, and how long after the rush did the last one
// arrive? Counted at the SMTP listener (the relay), not in the database: what matters is mail that
// left. Each person of the rush gets exactly one log-in mail before booking, so a seat holder's
// second mail is the confirmation (reminders fall due a day before the session, not now).
import type pg from 'pg';
import { inOrgTx } from './fixtures.ts';
import type { Listener } from './listener.ts';
import type { RushResult } from './rush-flow.ts';
import { latencies, type Latencies } from './stats.ts';

export interface ConfirmationCheck {
  /** Seats held when the rush was over, by the database's count. */
  expected: number;
  /** Seats the rush was told it took (201); differs from `expected` only if an answer was lost. */
  answered: number;
  onTime: number;
  late: number;
  missing: number;
  /** Seconds from the rush's end to the last confirmation's arrival (negative: before the end). */
  lastAfterRush: number | undefined;
  /** Booking answered → its confirmation at the relay, in ms. */
  delay: Latencies;
  /** People who got more mail than their log-in link and their confirmation. */
  unexpected: number;
  /** The confirmations' rows by status (sent, pending, failed, moot). */
  byStatus: Record<string, number>;
}

export async function checkConfirmations(
  listener: Listener, owner: pg.Pool, orgId: string, rush: RushResult, people: Array<{ email: string }>, goalMs: number, waitMs: number,
): Promise<ConfirmationCheck> {
  const holders = await inOrgTx(owner, orgId, async (c) =>
    (await c.query<{ email: string }>(
      `select lower(p.email) as email from bookings b join people p on p.org_id = b.org_id and p.id = b.person_id
       where b.org_id = $1 and b.status = 'active'`, [orgId],
    )).rows.map((r) => r.email));
  const confirmationAt = (email: string) => listener.arrivals.get(email)?.[1];
  const deadline = rush.endedAt + waitMs;
  while (holders.some((e) => confirmationAt(e) === undefined) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));

  const arrived = holders.map(confirmationAt).filter((at): at is number => at !== undefined);
  const lastAt = arrived.length > 0 ? Math.max(...arrived) : undefined;
  const onTime = arrived.filter((at) => at <= rush.endedAt + goalMs).length;
  const booked = new Set(holders);
  const unexpected = people.filter(({ email }) => (listener.arrivals.get(email)?.length ?? 0) > (booked.has(email) ? 2 : 1)).length;
  const delays = rush.bookings.flatMap(({ person, at }) => {
    const conf = confirmationAt(people[person]!.email);
    return conf === undefined ? [] : [conf - at];
  });
  const byStatus = await inOrgTx(owner, orgId, async (c) =>
    Object.fromEntries((await c.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from outgoing_messages where org_id = $1 and kind = 'booking_confirmed' group by status order by status`, [orgId],
    )).rows.map((r) => [r.status, r.n])));
  return {
    expected: holders.length, answered: rush.bookings.length, onTime, late: arrived.length - onTime, missing: holders.length - arrived.length,
    lastAfterRush: lastAt === undefined ? undefined : (lastAt - rush.endedAt) / 1000, delay: latencies(delays), unexpected, byStatus,
  };
}
