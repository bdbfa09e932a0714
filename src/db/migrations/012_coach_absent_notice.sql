-- The admins hear when a coach reports being away and sessions are left without a coach.
alter table outgoing_messages drop constraint outgoing_messages_kind_check;
alter table outgoing_messages add constraint outgoing_messages_kind_check check (kind in (
  'login_link', 'booking_confirmed', 'roster_changed', 'reminder', 'booking_cancelled',
  'booking_moved', 'session_changed', 'session_cancelled', 'coach_assigned', 'coach_removed', 'coach_absent'));
