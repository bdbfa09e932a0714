-- Waiting lists (issue 16): people in line for a full session. When a seat frees (a cancellation,
-- a move, a capacity raise, a deactivated person), the transaction that freed it holds the
-- session's row lock and gives the seat to the first person in line whose own booking rules allow
-- it (features/waiting-list/service.ts). A join takes the same lock, so an entry is either seen by
-- the promotion or made after it (when the session is no longer full and the join is refused).
-- The seat itself is an ordinary booking: the capacity check and the one-seat-per-person index of
-- 001 hold a promotion as they hold a sign-up.

create table waitlist_entries (
  org_id uuid not null references organisations (id),
  id uuid not null default gen_random_uuid(),
  session_id uuid not null,
  person_id uuid not null,
  -- The line's order: created_at, then id. Written with clock_timestamp() under the session's
  -- lock, so the order is the order in which joins were decided.
  created_at timestamptz not null default clock_timestamp(),
  -- waiting: in line; promoted: given a seat; left: the person left the line. A line whose
  -- session started or was cancelled is closed when read (nothing has to run at the start).
  status text not null default 'waiting' check (status in ('waiting', 'promoted', 'left')),
  promoted_booking_id uuid,
  ended_at timestamptz,
  primary key (org_id, id),
  constraint waitlist_entries_session_fk foreign key (org_id, session_id) references sessions (org_id, id),
  -- Erasing a person deletes their places in lines: nothing of a wait is kept as history.
  constraint waitlist_entries_person_fk foreign key (org_id, person_id) references people (org_id, id) on delete cascade,
  constraint waitlist_entries_booking_fk foreign key (org_id, promoted_booking_id) references bookings (org_id, id),
  -- A promotion names its seat, and only a promotion does: promoting twice would need a second entry.
  constraint waitlist_entries_promotion_recorded check ((status = 'promoted') = (promoted_booking_id is not null)),
  constraint waitlist_entries_end_recorded check ((status = 'waiting') = (ended_at is null))
);
-- A person stands in a session's line at most once at a time.
create unique index waitlist_entries_one_waiting_per_person on waitlist_entries (session_id, person_id) where status = 'waiting';
-- The line in order, as promotion and positions read it.
create index waitlist_entries_line on waitlist_entries (org_id, session_id, created_at, id) where status = 'waiting';
create index waitlist_entries_of_person on waitlist_entries (org_id, person_id, created_at);
-- A seat is given to one entry only.
create unique index waitlist_entries_one_per_booking on waitlist_entries (promoted_booking_id) where promoted_booking_id is not null;
select protect_organisation_table('waitlist_entries');
