-- avoid_repeats looks five weeks ahead for another session, not four (issue 14). A session with one
-- other booking no longer counts as one (it would give away who holds that seat, or strand someone),
-- so fewer refusals; bench:mixing's simulated year, four seeds each, then keeps 7–19 repeats instead
-- of 54–68 in an organisation of 3,000 and 312–359 instead of 425–462 in one of 300, seat fill within
-- 0.5 points of the four weeks' and within 1.5 of off (six weeks: up to 2.6 below off in the small one).
-- Only the default changes: an organisation's own choice, whatever it is, stays.
alter table organisations alter column mixing_slack_weeks set default 5;
