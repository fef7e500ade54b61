-- Intake at scale: no shared counter row in a submission's transaction, one report trigger per event.
--
-- Before: every insert into requests upserted report_daily, report_monthly, report_daily_svc, report_monthly_svc
-- and report_heat_monthly rows in the request's own transaction (0008, 0013). Concurrent submissions of the same
-- service, day and channel then wait for each other's commit on the same row (report_monthly_svc has one row a
-- month per service and channel): intake is serialised at about one submission per commit time.
--
-- Now: the triggers append one row per changed request (grouped per statement) to report_delta, which has no
-- key and no index, so no writer waits for another. The counts live in the *_rollup tables (the old tables,
-- renamed) and `report_fold()` moves the deltas into them (the server runs it every few seconds; one folder at
-- a time). The old names are views that add the unfolded deltas to the roll-ups, so every report (and every
-- query on report_daily & co.) is exact at every moment, folded or not. report_facts is written as before
-- (one row per request, no shared row), in the request's transaction.

alter table report_daily rename to report_daily_rollup;
alter index report_daily_pkey rename to report_daily_rollup_pkey;
alter table report_monthly rename to report_monthly_rollup;
alter index report_monthly_pkey rename to report_monthly_rollup_pkey;
alter table report_daily_svc rename to report_daily_svc_rollup;
alter index report_daily_svc_pkey rename to report_daily_svc_rollup_pkey;
alter table report_monthly_svc rename to report_monthly_svc_rollup;
alter index report_monthly_svc_pkey rename to report_monthly_svc_rollup_pkey;
alter table report_heat_monthly rename to report_heat_monthly_rollup;
alter index report_heat_monthly_pkey rename to report_heat_monthly_rollup_pkey;

-- n requests as they are (n > 0) or as they were (n < 0): their dimensions, the local days they were opened,
-- closed and resolved on (null: not closed / resolved), and their cell on the heat map's default grid (null:
-- no location). Days are computed in the city's zone at write time, as the roll-ups always were.
create table report_delta (
  n int not null,
  service_id int not null,
  department_id int not null,
  channel text not null,
  district_ids int[] not null,
  opened_day date not null,
  closed_day date,
  resolved_day date,
  cell_y int,
  cell_x int
) with (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);
-- (a queue: rows come and go every few seconds, so its dead rows are vacuumed by count, not by share; the
-- serving processes also vacuum it once a minute, see startReportFold)

-- The old names: roll-up plus unfolded deltas, summed. A filter on the keys (every report's) reaches both.
create view report_daily as
select day, service_id, department_id, channel, district_ids, sum(opened)::int as opened, sum(closed)::int as closed, sum(resolved)::int as resolved
from (
  select day, service_id, department_id, channel, district_ids, opened, closed, resolved from report_daily_rollup
  union all
  select opened_day, service_id, department_id, channel, district_ids, n, 0, 0 from report_delta
  union all
  select closed_day, service_id, department_id, channel, district_ids, 0, n, 0 from report_delta where closed_day is not null
  union all
  select resolved_day, service_id, department_id, channel, district_ids, 0, 0, n from report_delta where resolved_day is not null
) t group by 1, 2, 3, 4, 5;

create view report_monthly as
select month, service_id, department_id, channel, district_ids, sum(opened)::int as opened, sum(closed)::int as closed, sum(resolved)::int as resolved
from (
  select month, service_id, department_id, channel, district_ids, opened, closed, resolved from report_monthly_rollup
  union all
  select date_trunc('month', opened_day)::date, service_id, department_id, channel, district_ids, n, 0, 0 from report_delta
  union all
  select date_trunc('month', closed_day)::date, service_id, department_id, channel, district_ids, 0, n, 0 from report_delta where closed_day is not null
  union all
  select date_trunc('month', resolved_day)::date, service_id, department_id, channel, district_ids, 0, 0, n from report_delta where resolved_day is not null
) t group by 1, 2, 3, 4, 5;

create view report_daily_svc as
select day, service_id, department_id, channel, sum(opened)::int as opened, sum(closed)::int as closed, sum(resolved)::int as resolved
from (
  select day, service_id, department_id, channel, opened, closed, resolved from report_daily_svc_rollup
  union all
  select opened_day, service_id, department_id, channel, n, 0, 0 from report_delta
  union all
  select closed_day, service_id, department_id, channel, 0, n, 0 from report_delta where closed_day is not null
  union all
  select resolved_day, service_id, department_id, channel, 0, 0, n from report_delta where resolved_day is not null
) t group by 1, 2, 3, 4;

create view report_monthly_svc as
select month, service_id, department_id, channel, sum(opened)::int as opened, sum(closed)::int as closed, sum(resolved)::int as resolved
from (
  select month, service_id, department_id, channel, opened, closed, resolved from report_monthly_svc_rollup
  union all
  select date_trunc('month', opened_day)::date, service_id, department_id, channel, n, 0, 0 from report_delta
  union all
  select date_trunc('month', closed_day)::date, service_id, department_id, channel, 0, n, 0 from report_delta where closed_day is not null
  union all
  select date_trunc('month', resolved_day)::date, service_id, department_id, channel, 0, 0, n from report_delta where resolved_day is not null
) t group by 1, 2, 3, 4;

create view report_heat_monthly as
select month, service_id, department_id, y, x, sum(n)::int as n
from (
  select month, service_id, department_id, y, x, n from report_heat_monthly_rollup
  union all
  select date_trunc('month', opened_day)::date, service_id, department_id, cell_y, cell_x, n from report_delta where cell_y is not null
) t group by 1, 2, 3, 4, 5;

-- Moves the deltas into the roll-ups, in one statement: those it deletes are exactly those it adds (a delta
-- committed meanwhile stays for the next fold). One folder at a time; a second caller returns at once (-1).
-- Returns how many delta rows it folded.
create function report_fold() returns int language plpgsql as $$
declare folded int;
begin
  if not pg_try_advisory_xact_lock(3110318) then return -1; end if;
  with d as (
    delete from report_delta returning *
  ), x as (
    select opened_day as day, service_id, department_id, channel, district_ids, n as o, 0 as c, 0 as r from d
    union all
    select closed_day, service_id, department_id, channel, district_ids, 0, n, 0 from d where closed_day is not null
    union all
    select resolved_day, service_id, department_id, channel, district_ids, 0, 0, n from d where resolved_day is not null
  ), daily as (
    insert into report_daily_rollup as t (day, service_id, department_id, channel, district_ids, opened, closed, resolved)
    select x.day, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4, 5 having sum(x.o) <> 0 or sum(x.c) <> 0 or sum(x.r) <> 0 order by 1, 2, 3, 4, 5
    on conflict (day, service_id, department_id, channel, district_ids)
    do update set opened = t.opened + excluded.opened, closed = t.closed + excluded.closed, resolved = t.resolved + excluded.resolved
  ), monthly as (
    insert into report_monthly_rollup as t (month, service_id, department_id, channel, district_ids, opened, closed, resolved)
    select date_trunc('month', x.day)::date, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4, 5 having sum(x.o) <> 0 or sum(x.c) <> 0 or sum(x.r) <> 0 order by 1, 2, 3, 4, 5
    on conflict (month, service_id, department_id, channel, district_ids)
    do update set opened = t.opened + excluded.opened, closed = t.closed + excluded.closed, resolved = t.resolved + excluded.resolved
  ), daily_svc as (
    insert into report_daily_svc_rollup as t (day, service_id, department_id, channel, opened, closed, resolved)
    select x.day, x.service_id, x.department_id, x.channel, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4 having sum(x.o) <> 0 or sum(x.c) <> 0 or sum(x.r) <> 0 order by 1, 2, 3, 4
    on conflict (day, service_id, department_id, channel)
    do update set opened = t.opened + excluded.opened, closed = t.closed + excluded.closed, resolved = t.resolved + excluded.resolved
  ), monthly_svc as (
    insert into report_monthly_svc_rollup as t (month, service_id, department_id, channel, opened, closed, resolved)
    select date_trunc('month', x.day)::date, x.service_id, x.department_id, x.channel, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4 having sum(x.o) <> 0 or sum(x.c) <> 0 or sum(x.r) <> 0 order by 1, 2, 3, 4
    on conflict (month, service_id, department_id, channel)
    do update set opened = t.opened + excluded.opened, closed = t.closed + excluded.closed, resolved = t.resolved + excluded.resolved
  ), heat as (
    insert into report_heat_monthly_rollup as t (month, service_id, department_id, y, x, n)
    select date_trunc('month', d.opened_day)::date, d.service_id, d.department_id, d.cell_y, d.cell_x, sum(d.n) from d
    where d.cell_y is not null
    group by 1, 2, 3, 4, 5 having sum(d.n) <> 0 order by 1, 2, 3, 4, 5
    on conflict (month, service_id, department_id, y, x) do update set n = t.n + excluded.n
  )
  select count(*)::int into folded from d;
  return folded;
end $$;

-- One trigger per event on requests (0013's heat and survey-move triggers folded in).
drop trigger report_heat_ins on requests;
drop trigger report_heat_upd on requests;
drop trigger report_heat_del on requests;
drop trigger report_requests_move on requests;
drop function report_heat_changed();
drop function report_requests_moved();

create or replace function report_requests_inserted() returns trigger language plpgsql as $$
declare tz text := report_tz();
begin
  insert into report_facts (request_id, service_id, department_id, channel, district_ids, created_at, acknowledged_at,
    closed_at, resolved_at, close_reason, ack_due_at, resolve_due_at, ack_hours, resolve_hours, lat, lng)
  select n.id, n.service_id, n.department_id, n.channel, n.district_ids, n.created_at, n.acknowledged_at, n.closed_at,
    n.resolved_at, n.close_reason, n.ack_due_at, n.resolve_due_at,
    report_business_hours(n.created_at, n.acknowledged_at),
    case when n.close_reason = 'resolved' then report_business_hours(n.created_at, n.resolved_at) end,
    ST_Y(n.location), ST_X(n.location)
  from new_rows n;
  insert into report_delta (n, service_id, department_id, channel, district_ids, opened_day, closed_day, resolved_day, cell_y, cell_x)
  select count(*), x.* from (
    select n.service_id, n.department_id, n.channel, n.district_ids, (n.created_at at time zone tz)::date,
      (n.closed_at at time zone tz)::date, (n.resolved_at at time zone tz)::date,
      floor(ST_Y(n.location) / 0.005::float8)::int, floor(ST_X(n.location) / 0.005::float8)::int
    from new_rows n
  ) x group by 2, 3, 4, 5, 6, 7, 8, 9, 10;
  return null;
end $$;

create or replace function report_requests_updated() returns trigger language plpgsql as $$
declare tz text := report_tz();
begin
  -- Only rows whose measured columns changed (most updates are assignments and comments: nothing to do).
  perform report_refresh_facts(array(
    select n.id from new_rows n join old_rows o on o.id = n.id
    where (n.service_id, n.department_id, n.channel, n.district_ids, n.created_at, n.acknowledged_at, n.closed_at, n.resolved_at,
           n.close_reason, n.ack_due_at, n.resolve_due_at, n.location)
          is distinct from (o.service_id, o.department_id, o.channel, o.district_ids, o.created_at, o.acknowledged_at, o.closed_at,
           o.resolved_at, o.close_reason, o.ack_due_at, o.resolve_due_at, o.location)));
  -- The delta: every changed row counts -1 as it was and +1 as it is.
  insert into report_delta (n, service_id, department_id, channel, district_ids, opened_day, closed_day, resolved_day, cell_y, cell_x)
  select sum(x.sign), x.service_id, x.department_id, x.channel, x.district_ids, x.od, x.cd, x.rd, x.cy, x.cx from (
    select r.sign, r.service_id, r.department_id, r.channel, r.district_ids, (r.created_at at time zone tz)::date as od,
      (r.closed_at at time zone tz)::date as cd, (r.resolved_at at time zone tz)::date as rd,
      floor(ST_Y(r.location) / 0.005::float8)::int as cy, floor(ST_X(r.location) / 0.005::float8)::int as cx
    from old_rows o join new_rows n on n.id = o.id
    cross join lateral (values (-1, o.service_id, o.department_id, o.channel, o.district_ids, o.created_at, o.closed_at, o.resolved_at, o.location),
                               (1, n.service_id, n.department_id, n.channel, n.district_ids, n.created_at, n.closed_at, n.resolved_at, n.location))
      as r (sign, service_id, department_id, channel, district_ids, created_at, closed_at, resolved_at, location)
    where (n.service_id, n.department_id, n.channel, n.district_ids, n.created_at, n.closed_at, n.resolved_at, n.location)
          is distinct from (o.service_id, o.department_id, o.channel, o.district_ids, o.created_at, o.closed_at, o.resolved_at, o.location)
  ) x group by 2, 3, 4, 5, 6, 7, 8, 9, 10 having sum(x.sign) <> 0;
  -- A request that changes service, department or channel takes its survey with it (was 0013's report_requests_moved).
  if exists (select 1 from old_rows o join new_rows n on n.id = o.id
             where (n.service_id, n.department_id, n.channel) is distinct from (o.service_id, o.department_id, o.channel)) then
  insert into report_survey_daily as v (day, service_id, department_id, channel, invited, answered, answered_invited, resolved_answers, resolved_yes, satisfaction_sum, satisfaction_n, courtesy_sum, courtesy_n, s1, s2, s3, s4, s5)
  select x.day, x.service_id, x.department_id, x.channel, sum(x.invited), sum(x.answered), sum(x.answered_invited), sum(x.resolved_answers), sum(x.resolved_yes), sum(x.satisfaction_sum), sum(x.satisfaction_n), sum(x.courtesy_sum), sum(x.courtesy_n), sum(x.s1), sum(x.s2), sum(x.s3), sum(x.s4), sum(x.s5)
  from (select (coalesce(s.invited_at, s.answered_at) at time zone tz)::date as day, o.service_id, o.department_id, o.channel, -1 * (s.invited_at is not null)::int as invited, -1 * (s.answered_at is not null)::int as answered, -1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, -1 * (s.resolved is not null)::int as resolved_answers, -1 * coalesce(s.resolved, false)::int as resolved_yes, -1 * coalesce(s.satisfaction, 0) as satisfaction_sum, -1 * (s.satisfaction is not null)::int as satisfaction_n, -1 * coalesce(s.courtesy, 0) as courtesy_sum, -1 * (s.courtesy is not null)::int as courtesy_n, -1 * coalesce(s.satisfaction = 1, false)::int as s1, -1 * coalesce(s.satisfaction = 2, false)::int as s2, -1 * coalesce(s.satisfaction = 3, false)::int as s3, -1 * coalesce(s.satisfaction = 4, false)::int as s4, -1 * coalesce(s.satisfaction = 5, false)::int as s5 from old_rows o join new_rows n on n.id = o.id join surveys s on s.request_id = o.id where (n.service_id, n.department_id, n.channel) is distinct from (o.service_id, o.department_id, o.channel) union all select (coalesce(s.invited_at, s.answered_at) at time zone tz)::date as day, n.service_id, n.department_id, n.channel, 1 * (s.invited_at is not null)::int as invited, 1 * (s.answered_at is not null)::int as answered, 1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, 1 * (s.resolved is not null)::int as resolved_answers, 1 * coalesce(s.resolved, false)::int as resolved_yes, 1 * coalesce(s.satisfaction, 0) as satisfaction_sum, 1 * (s.satisfaction is not null)::int as satisfaction_n, 1 * coalesce(s.courtesy, 0) as courtesy_sum, 1 * (s.courtesy is not null)::int as courtesy_n, 1 * coalesce(s.satisfaction = 1, false)::int as s1, 1 * coalesce(s.satisfaction = 2, false)::int as s2, 1 * coalesce(s.satisfaction = 3, false)::int as s3, 1 * coalesce(s.satisfaction = 4, false)::int as s4, 1 * coalesce(s.satisfaction = 5, false)::int as s5 from old_rows o join new_rows n on n.id = o.id join surveys s on s.request_id = o.id where (n.service_id, n.department_id, n.channel) is distinct from (o.service_id, o.department_id, o.channel)) x
  where x.day is not null
  group by 1, 2, 3, 4 having sum(x.invited) <> 0 or sum(x.answered) <> 0 or sum(x.answered_invited) <> 0 or sum(x.resolved_answers) <> 0 or sum(x.resolved_yes) <> 0 or sum(x.satisfaction_sum) <> 0 or sum(x.satisfaction_n) <> 0 or sum(x.courtesy_sum) <> 0 or sum(x.courtesy_n) <> 0 or sum(x.s1) <> 0 or sum(x.s2) <> 0 or sum(x.s3) <> 0 or sum(x.s4) <> 0 or sum(x.s5) <> 0 order by 1, 2, 3, 4
  on conflict (day, service_id, department_id, channel) do update set invited = v.invited + excluded.invited, answered = v.answered + excluded.answered, answered_invited = v.answered_invited + excluded.answered_invited, resolved_answers = v.resolved_answers + excluded.resolved_answers, resolved_yes = v.resolved_yes + excluded.resolved_yes, satisfaction_sum = v.satisfaction_sum + excluded.satisfaction_sum, satisfaction_n = v.satisfaction_n + excluded.satisfaction_n, courtesy_sum = v.courtesy_sum + excluded.courtesy_sum, courtesy_n = v.courtesy_n + excluded.courtesy_n, s1 = v.s1 + excluded.s1, s2 = v.s2 + excluded.s2, s3 = v.s3 + excluded.s3, s4 = v.s4 + excluded.s4, s5 = v.s5 + excluded.s5;
  end if;
  return null;
end $$;

create or replace function report_requests_deleted() returns trigger language plpgsql as $$
declare tz text := report_tz();
begin
  delete from report_facts f using old_rows o where f.request_id = o.id;
  insert into report_delta (n, service_id, department_id, channel, district_ids, opened_day, closed_day, resolved_day, cell_y, cell_x)
  select -count(*), x.* from (
    select o.service_id, o.department_id, o.channel, o.district_ids, (o.created_at at time zone tz)::date,
      (o.closed_at at time zone tz)::date, (o.resolved_at at time zone tz)::date,
      floor(ST_Y(o.location) / 0.005::float8)::int, floor(ST_X(o.location) / 0.005::float8)::int
    from old_rows o
  ) x group by 2, 3, 4, 5, 6, 7, 8, 9, 10;
  return null;
end $$;

-- Rebuild: as 0013's, into the roll-up tables, and the deltas emptied (they are in what it counts).
create or replace function report_rebuild() returns void language plpgsql as $$
declare tz text := report_tz();
begin
  truncate report_delta, report_facts, report_daily_rollup, report_monthly_rollup, report_daily_svc_rollup, report_monthly_svc_rollup;
  insert into report_facts (request_id, service_id, department_id, channel, district_ids, created_at, acknowledged_at,
    closed_at, resolved_at, close_reason, ack_due_at, resolve_due_at, ack_hours, resolve_hours, lat, lng)
  select r.id, r.service_id, r.department_id, r.channel, r.district_ids, r.created_at, r.acknowledged_at, r.closed_at,
    r.resolved_at, r.close_reason, r.ack_due_at, r.resolve_due_at,
    report_business_hours(r.created_at, r.acknowledged_at),
    case when r.close_reason = 'resolved' then report_business_hours(r.created_at, r.resolved_at) end,
    ST_Y(r.location), ST_X(r.location)
  from requests r;
  insert into report_daily_rollup (day, service_id, department_id, channel, district_ids, opened, closed, resolved)
  select x.day, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from (
    select (r.created_at at time zone tz)::date as day, r.service_id, r.department_id, r.channel, r.district_ids, 1 as o, 0 as c, 0 as r from requests r
    union all
    select (r.closed_at at time zone tz)::date, r.service_id, r.department_id, r.channel, r.district_ids, 0, 1, 0 from requests r where r.closed_at is not null
    union all
    select (r.resolved_at at time zone tz)::date, r.service_id, r.department_id, r.channel, r.district_ids, 0, 0, 1 from requests r where r.resolved_at is not null
  ) x group by 1, 2, 3, 4, 5;
  insert into report_monthly_rollup (month, service_id, department_id, channel, district_ids, opened, closed, resolved)
  select date_trunc('month', day)::date, service_id, department_id, channel, district_ids, sum(opened), sum(closed), sum(resolved)
  from report_daily_rollup group by 1, 2, 3, 4, 5;
  insert into report_daily_svc_rollup (day, service_id, department_id, channel, opened, closed, resolved)
  select day, service_id, department_id, channel, sum(opened), sum(closed), sum(resolved) from report_daily_rollup group by 1, 2, 3, 4;
  insert into report_monthly_svc_rollup (month, service_id, department_id, channel, opened, closed, resolved)
  select month, service_id, department_id, channel, sum(opened), sum(closed), sum(resolved) from report_monthly_rollup group by 1, 2, 3, 4;
  truncate report_survey_daily;
  insert into report_survey_daily (day, service_id, department_id, channel, invited, answered, answered_invited, resolved_answers, resolved_yes, satisfaction_sum, satisfaction_n, courtesy_sum, courtesy_n, s1, s2, s3, s4, s5)
  select x.day, x.service_id, x.department_id, x.channel, sum(x.invited), sum(x.answered), sum(x.answered_invited), sum(x.resolved_answers), sum(x.resolved_yes), sum(x.satisfaction_sum), sum(x.satisfaction_n), sum(x.courtesy_sum), sum(x.courtesy_n), sum(x.s1), sum(x.s2), sum(x.s3), sum(x.s4), sum(x.s5)
  from (select (coalesce(s.invited_at, s.answered_at) at time zone tz)::date as day, f.service_id, f.department_id, f.channel, 1 * (s.invited_at is not null)::int as invited, 1 * (s.answered_at is not null)::int as answered, 1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, 1 * (s.resolved is not null)::int as resolved_answers, 1 * coalesce(s.resolved, false)::int as resolved_yes, 1 * coalesce(s.satisfaction, 0) as satisfaction_sum, 1 * (s.satisfaction is not null)::int as satisfaction_n, 1 * coalesce(s.courtesy, 0) as courtesy_sum, 1 * (s.courtesy is not null)::int as courtesy_n, 1 * coalesce(s.satisfaction = 1, false)::int as s1, 1 * coalesce(s.satisfaction = 2, false)::int as s2, 1 * coalesce(s.satisfaction = 3, false)::int as s3, 1 * coalesce(s.satisfaction = 4, false)::int as s4, 1 * coalesce(s.satisfaction = 5, false)::int as s5 from surveys s join report_facts f on f.request_id = s.request_id) x
  where x.day is not null group by 1, 2, 3, 4;
  truncate report_heat_monthly_rollup;
  insert into report_heat_monthly_rollup (month, service_id, department_id, y, x, n)
  select x.month, x.service_id, x.department_id, x.y, x.x, sum(x.n) from (select date_trunc('month', r.created_at at time zone tz)::date as month, r.service_id, r.department_id, floor(ST_Y(r.location) / 0.005::float8)::int as y, floor(ST_X(r.location) / 0.005::float8)::int as x, 1 as n from requests r where true and r.location is not null) x
  group by 1, 2, 3, 4, 5;
  update report_state set rebuilt_at = now() where id = 1;
end $$;

