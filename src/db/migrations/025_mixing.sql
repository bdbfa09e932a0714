-- Self-service that mixes (issue 14): how the open-sessions list and sign-ups use who met whom
-- (encounters, migration 024).
--   off            nothing is computed from other people's bookings;
--   recommend      the list can be ordered for meeting new colleagues, with a quiet hint;
--   avoid_repeats  also refuses a sign-up that would repeat an encounter of the last
--                  mixing_repeat_months — unless no other session of the module in the next
--                  mixing_slack_weeks would do (docs/PRIVACY.md says what each reveals).
alter table organisations
  add column mixing text not null default 'recommend' check (mixing in ('off', 'recommend', 'avoid_repeats')),
  add column mixing_repeat_months integer not null default 6 check (mixing_repeat_months between 1 and 36),
  add column mixing_slack_weeks integer not null default 4 check (mixing_slack_weeks between 1 and 26);
