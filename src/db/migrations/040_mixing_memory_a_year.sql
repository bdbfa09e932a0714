-- avoid_repeats remembers a year, not six months (issue 14). The programme's promise is a year of
-- different colleagues (about 36 partners in 12 sessions); with six months, bench:mixing's simulated
-- year of 3,000 people kept 141 repeats, 116 of them pairs last met 7–12 months before — outside the
-- rule's memory. With twelve: 26, seat fill 0.2 points lower, and the slack rule still strands nobody.
-- Only the default changes: an organisation's own choice, whatever it is, stays.
alter table organisations alter column mixing_repeat_months set default 12;
