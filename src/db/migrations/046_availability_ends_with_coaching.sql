-- A coach's availability (033) is kept while the person coaches, as the map of personal data says:
-- it goes when they stop, whatever stops them — the coach role taken away or the person
-- deactivated, by the directory, the people import (a row without the role, or a person missing
-- from the file) or raw SQL. Deleted on deactivation too, though the person may come back: it
-- says when and where they can work, which only planning and reassigning read, and neither offers
-- an inactive person; a coach who returns says it anew, as one new to coaching would. Held by the
-- database, like people.deactivated_at (029), so no path that changes people can forget it.
create function people_end_availability() returns trigger
language plpgsql as $$
begin
  -- The windows go with it (their foreign key cascades).
  delete from coach_availability where org_id = new.org_id and person_id = new.id;
  return null;
end $$;
create trigger people_end_availability after update of roles, active on people
  for each row
  when (old.active and 'coach' = any(old.roles) and not (new.active and 'coach' = any(new.roles)))
  execute function people_end_availability();

-- What people who stopped coaching before this migration left behind.
delete from coach_availability a using people p
where p.org_id = a.org_id and p.id = a.person_id and not (p.active and 'coach' = any(p.roles));
