// Factories that build what a test needs, parents included, each with unique values.
import { randomUUID } from 'node:crypto';
import type { Db } from '../src/db/pool.ts';
import type { Locale, Role, SessionFormat } from '../src/db/schema.ts';
import { SESSION_COOKIE } from '../src/http/auth.ts';
import { hashSecret, newSecret } from '../src/lib/secrets.ts';
import { hoursAfterReference } from './dates.ts';

const unique = () => randomUUID().slice(0, 8);
const HOUR = 3_600_000;

export type OrgRow = Awaited<ReturnType<typeof buildOrganisation>>;
export type PersonRow = Awaited<ReturnType<typeof buildPerson>>;
export type SessionRowT = Awaited<ReturnType<typeof buildSession>>;

export async function buildOrganisation(db: Db, overrides: Partial<{ name: string; participants_visible: boolean; max_future_bookings: number; cancellation_cutoff_minutes: number; default_capacity: number }> = {}) {
  const tag = unique();
  return db
    .insertInto('organisations')
    .values({ name: `Org ${tag}`, slug: `org-${tag}`, ...overrides })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildPerson(
  db: Db,
  o: Partial<{ org: { id: string }; roles: Role[]; timeZone: string; locale: Locale; email: string; name: string; department: string; site: string; active: boolean }> = {},
) {
  const org = o.org ?? (await buildOrganisation(db));
  const tag = unique();
  return db
    .insertInto('people')
    .values({
      org_id: org.id,
      email: o.email ?? `person-${tag}@example.test`,
      name: o.name ?? `Person ${tag}`,
      department: o.department ?? 'Engineering',
      site: o.site ?? 'Hamburg',
      time_zone: o.timeZone ?? 'Europe/Berlin',
      locale: o.locale ?? 'en',
      roles: o.roles ?? ['employee'],
      active: o.active ?? true,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildModule(db: Db, o: Partial<{ org: { id: string }; title: string; durationMinutes: number; language: Locale }> = {}) {
  const org = o.org ?? (await buildOrganisation(db));
  const tag = unique().toUpperCase();
  return db
    .insertInto('modules')
    .values({ org_id: org.id, code: `M-${tag}`, title: o.title ?? `Module ${tag}`, summary: 'Practise it together.', language: o.language ?? 'en', duration_minutes: o.durationMinutes ?? 90 })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildRoom(db: Db, o: Partial<{ org: { id: string }; capacity: number; site: string; timeZone: string }> = {}) {
  const org = o.org ?? (await buildOrganisation(db));
  return db
    .insertInto('rooms')
    .values({ org_id: org.id, name: `Room ${unique()}`, site: o.site ?? 'Hamburg', capacity: o.capacity ?? 8, time_zone: o.timeZone ?? 'Europe/Berlin' })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A scheduled session, by default virtual, a day ahead, with a coach and module of its own. */
export async function buildSession(
  db: Db,
  o: Partial<{
    org: { id: string }; coach: { id: string }; module: { id: string }; room: { id: string }; startsAt: Date;
    durationMinutes: number; capacity: number; format: SessionFormat; timeZone: string; language: Locale;
  }> = {},
) {
  const org = o.org ?? (await buildOrganisation(db));
  const coach = o.coach ?? (await buildPerson(db, { org, roles: ['coach', 'employee'] }));
  const module = o.module ?? (await buildModule(db, { org }));
  // A fixed instant, a month and more ahead: a test that needs its session close to the clock says so.
  const startsAt = o.startsAt ?? hoursAfterReference(24);
  const format = o.format ?? (o.room ? 'in_person' : 'virtual');
  return db
    .insertInto('sessions')
    .values({
      org_id: org.id,
      module_id: module.id,
      coach_id: coach.id,
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + (o.durationMinutes ?? 90) * 60_000),
      time_zone: o.timeZone ?? 'Europe/Berlin',
      format,
      room_id: format === 'in_person' ? (o.room?.id ?? null) : null,
      online_url: format === 'virtual' ? `https://meet.example.test/${unique()}` : null,
      location_note: null,
      language: o.language ?? 'en',
      capacity: o.capacity ?? 4,
      series_id: null,
      created_by: coach.id,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildBooking(db: Db, o: { session: { id: string; org_id: string }; person?: { id: string } }) {
  const person = o.person ?? (await buildPerson(db, { org: { id: o.session.org_id } }));
  return db
    .insertInto('bookings')
    .values({ org_id: o.session.org_id, session_id: o.session.id, person_id: person.id })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A live session cookie for the person, as a Cookie header value. */
export async function authenticateAs(db: Db, person: { org_id: string; id: string }): Promise<string> {
  const token = newSecret();
  const now = Date.now();
  await db
    .insertInto('auth_sessions')
    .values({
      org_id: person.org_id, person_id: person.id, token_hash: hashSecret(token),
      idle_expires_at: new Date(now + 24 * HOUR), absolute_expires_at: new Date(now + 48 * HOUR),
    })
    .execute();
  return `${SESSION_COOKIE}=${token}`;
}

/** A single sign-on domain claim (pending unless told), made as the owner, as the operator's approval would leave it. */
export async function buildDomainClaim(
  db: Db, o: Partial<{ org: { id: string }; domain: string; status: 'pending' | 'approved' | 'rejected' }> = {},
) {
  const org = o.org ?? (await buildOrganisation(db));
  const status = o.status ?? 'pending';
  return db
    .insertInto('sso_domain_claims')
    .values({ org_id: org.id, domain: o.domain ?? `claimed-${unique()}.test`, status, decided_at: status === 'pending' ? null : new Date() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** An operator token, and the header that carries it. */
export async function buildOperatorToken(db: Db, name = `ops-${unique()}`) {
  const token = `qop_${newSecret()}`;
  await db.insertInto('operator_tokens').values({ name, token_hash: hashSecret(token) }).execute();
  return { token, headers: { authorization: `Bearer ${token}` } };
}

/** Two people met at `when` (the encounters ledger stores a pair once, the smaller id first). */
export async function buildEncounter(db: Db, a: { id: string; org_id: string }, b: { id: string }, when: Date) {
  const [first, second] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
  await db.insertInto('encounters').values({ org_id: a.org_id, person_a: first, person_b: second, first_met: when, last_met: when, times: 1 }).execute();
}
