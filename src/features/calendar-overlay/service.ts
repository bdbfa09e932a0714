// An employee connects a calendar they already publish (its ICS address), removes it, and has it
// fetched again when the cache of busy intervals is stale. The fetch runs between two short
// transactions, never inside one: a slow calendar server must not hold a database connection.
import type { Db } from '../../db/pool.ts';
import { inOrg, type Tx } from '../../db/transaction.ts';
import { requirePerson, type Actor } from '../../lib/actor.ts';
import { InputError, NotFoundError } from '../../lib/errors.ts';
import { openText, sealText } from '../../lib/sealed-text.ts';
import { checkedAddress, parseWebhookUrl, UnsafeAddressError } from '../webhooks/address.ts';
import { NotACalendarError } from './busy-times.ts';
import { CalendarReaderBusyError, CalendarTooComplexError, readBusyInThread } from './busy-times-runner.ts';
import { fetchIcs, type FetchLimits } from './fetch-ics.ts';
import { connection, deleteConnection, recordFetch, saveConnection } from './queries.ts';

export interface CalendarDeps {
  /** The AES-256 key the address is sealed with (config CALENDAR_ADDRESS_KEY or DATA_DIR). */
  key: Buffer;
  limits: FetchLimits;
  now?: () => Date;
}

/** The sealed address is bound to this purpose (and so to no other sealed secret). */
const PURPOSE = 'calendar-overlay address';
/** How long the busy intervals of a fetch that worked are used. */
export const CACHE_MS = 60 * 60 * 1000;
/** After a failed fetch, reads wait this long before trying again (no hammering a broken server). */
export const RETRY_AFTER_MS = 5 * 60 * 1000;
/** How far ahead busy times are read: the open sessions people book are within these weeks. */
export const HORIZON_MS = 8 * 7 * 24 * 60 * 60 * 1000;

/** Saves the address (sealed) in place of any before it, then fetches it once. */
export async function connectCalendar(db: Db, actor: Actor, deps: CalendarDeps, rawUrl: string): Promise<void> {
  requirePerson(actor);
  // webcal:// is how calendar apps hand out the same https address.
  const url = parseWebhookUrl(rawUrl.trim().replace(/^webcals?:\/\//i, 'https://'), deps.limits.policy);
  await refuseUnsafeHost(url.hostname, deps.limits);
  const sealed = sealText(deps.key, PURPOSE, url.toString());
  await inOrg(db, actor.orgId, (tx) => saveConnection(tx, actor.orgId, actor.personId, sealed, url.hostname));
  await refreshCalendar(db, actor, deps);
}

export async function disconnectCalendar(tx: Tx, actor: Actor): Promise<void> {
  requirePerson(actor);
  if (!(await deleteConnection(tx, actor.orgId, actor.personId))) throw new NotFoundError('Calendar');
}

/** Fetches when the cache is stale and the last failure is not too recent; otherwise does nothing. */
export async function refreshIfStale(db: Db, actor: Actor, deps: CalendarDeps): Promise<void> {
  requirePerson(actor);
  const now = deps.now?.() ?? new Date();
  const saved = await inOrg(db, actor.orgId, (tx) => connection(tx, actor.orgId, actor.personId));
  if (!saved) return;
  if (saved.busy_expires_at && saved.busy_expires_at > now) return;
  if (saved.fetch_error && saved.fetched_at && now.getTime() - saved.fetched_at.getTime() < RETRY_AFTER_MS) return;
  await refreshCalendar(db, actor, deps);
}

/** Fetches the saved address now and records what came of it. */
export async function refreshCalendar(db: Db, actor: Actor, deps: CalendarDeps): Promise<void> {
  const saved = await inOrg(db, actor.orgId, (tx) => connection(tx, actor.orgId, actor.personId));
  if (!saved) return;
  const address = openText(deps.key, PURPOSE, saved.address_sealed);
  const now = deps.now?.() ?? new Date();
  let outcome: Parameters<typeof recordFetch>[4];
  if (address === undefined) {
    outcome = { fetchedAt: now, error: 'key_changed', busy: [] };
  } else {
    const fetched = await fetchIcs(address, deps.limits);
    const fetchedAt = deps.now?.() ?? new Date();
    if (!fetched.ok) {
      // What was learnt before stays until it expires; after that nothing of the calendar is kept.
      const expired = !saved.busy_expires_at || saved.busy_expires_at <= fetchedAt;
      outcome = { fetchedAt, error: fetched.failure, ...(expired ? { busy: [] } : {}) };
    } else {
      try {
        const busy = await readBusyInThread(fetched.text, { from: fetchedAt, to: new Date(fetchedAt.getTime() + HORIZON_MS), zone: actor.timeZone });
        outcome = { fetchedAt, error: null, busy, expiresAt: new Date(fetchedAt.getTime() + CACHE_MS) };
      } catch (error) {
        // Nothing was read, so nothing is recorded: the next read tries again.
        if (error instanceof CalendarReaderBusyError) return;
        if (error instanceof CalendarTooComplexError) outcome = { fetchedAt, error: 'too_complex', busy: [] };
        else if (error instanceof NotACalendarError) outcome = { fetchedAt, error: 'not_calendar', busy: [] };
        else throw error;
      }
    }
  }
  await inOrg(db, actor.orgId, (tx) => recordFetch(tx, actor.orgId, actor.personId, saved.address_sealed, outcome));
}

// At saving, a name that resolves to a private address is refused outright (400, nothing saved),
// as a webhook's is; one that does not resolve now is saved, and the failed fetch says so — a
// calendar server may be away for a moment. Each fetch checks again (fetch-ics.ts).
async function refuseUnsafeHost(hostname: string, limits: FetchLimits): Promise<void> {
  const resolving = checkedAddress(hostname, limits.policy, limits.resolve).then(() => undefined, (error: unknown) => error);
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, limits.timeoutMs, undefined);
  });
  const error = await Promise.race([resolving, gaveUp]).finally(() => clearTimeout(timer));
  if (error instanceof UnsafeAddressError && !/cannot be resolved/.test(error.message)) {
    throw new InputError([{ field: 'url', message: 'must not point to a private, loopback or link-local address' }]);
  }
  if (error !== undefined && !(error instanceof UnsafeAddressError)) throw error;
}
