-- Reports at millions of requests: narrow count roll-ups.
--
-- report_daily and report_monthly are keyed by district set as well, so at a million requests report_daily has
-- about one row per two requests and a report over a year reads hundreds of thousands of rows. Most reports
-- do not filter by district: they read these narrow tables instead (the same counts summed over district
-- sets: a few hundred rows a day), kept by the same statement triggers, in the same statements.
create table report_daily_svc (
  day date not null,
  service_id int not null,
  department_id int not null,
  channel text not null,
  opened int not null default 0,
  closed int not null default 0,
  resolved int not null default 0,
  primary key (day, service_id, department_id, channel)
);

create table report_monthly_svc (
  month date not null,
  service_id int not null,
  department_id int not null,
  channel text not null,
  opened int not null default 0,
  closed int not null default 0,
  resolved int not null default 0,
  primary key (month, service_id, department_id, channel)
);

insert into report_daily_svc (day, service_id, department_id, channel, opened, closed, resolved)
select day, service_id, department_id, channel, sum(opened), sum(closed), sum(resolved) from report_daily group by 1, 2, 3, 4;
insert into report_monthly_svc (month, service_id, department_id, channel, opened, closed, resolved)
select month, service_id, department_id, channel, sum(opened), sum(closed), sum(resolved) from report_monthly group by 1, 2, 3, 4;

-- The 0008 trigger functions, each now also adding its delta to the narrow tables.
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
  with x as (
    select (n.created_at at time zone tz)::date as day, n.service_id, n.department_id, n.channel, n.district_ids, 1 as o, 0 as c, 0 as r from new_rows n
    union all
    select (n.closed_at at time zone tz)::date, n.service_id, n.department_id, n.channel, n.district_ids, 0, 1, 0 from new_rows n where n.closed_at is not null
    union all
    select (n.resolved_at at time zone tz)::date, n.service_id, n.department_id, n.channel, n.district_ids, 0, 0, 1 from new_rows n where n.resolved_at is not null
  ), daily as (
    insert into report_daily as d (day, service_id, department_id, channel, district_ids, opened, closed, resolved)
    select x.day, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
    on conflict (day, service_id, department_id, channel, district_ids)
    do update set opened = d.opened + excluded.opened, closed = d.closed + excluded.closed, resolved = d.resolved + excluded.resolved
  ), monthly as (
  insert into report_monthly as m (month, service_id, department_id, channel, district_ids, opened, closed, resolved)
    select date_trunc('month', x.day)::date, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
    on conflict (month, service_id, department_id, channel, district_ids)
    do update set opened = m.opened + excluded.opened, closed = m.closed + excluded.closed, resolved = m.resolved + excluded.resolved
  ), daily_svc as (
    insert into report_daily_svc as d (day, service_id, department_id, channel, opened, closed, resolved)
    select x.day, x.service_id, x.department_id, x.channel, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (day, service_id, department_id, channel)
    do update set opened = d.opened + excluded.opened, closed = d.closed + excluded.closed, resolved = d.resolved + excluded.resolved
  )
  insert into report_monthly_svc as m (month, service_id, department_id, channel, opened, closed, resolved)
  select date_trunc('month', x.day)::date, x.service_id, x.department_id, x.channel, sum(x.o), sum(x.c), sum(x.r) from x
  group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (month, service_id, department_id, channel)
  do update set opened = m.opened + excluded.opened, closed = m.closed + excluded.closed, resolved = m.resolved + excluded.resolved;
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
  with x as (
    with changed as (
      select -1 as sign, o.service_id, o.department_id, o.channel, o.district_ids, o.created_at, o.closed_at, o.resolved_at
      from old_rows o join new_rows n on n.id = o.id
      where (n.service_id, n.department_id, n.channel, n.district_ids, n.created_at, n.closed_at, n.resolved_at)
            is distinct from (o.service_id, o.department_id, o.channel, o.district_ids, o.created_at, o.closed_at, o.resolved_at)
      union all
      select 1, n.service_id, n.department_id, n.channel, n.district_ids, n.created_at, n.closed_at, n.resolved_at
      from old_rows o join new_rows n on n.id = o.id
      where (n.service_id, n.department_id, n.channel, n.district_ids, n.created_at, n.closed_at, n.resolved_at)
            is distinct from (o.service_id, o.department_id, o.channel, o.district_ids, o.created_at, o.closed_at, o.resolved_at)
    )
    select (created_at at time zone tz)::date as day, service_id, department_id, channel, district_ids, sign as o, 0 as c, 0 as r from changed
    union all
    select (closed_at at time zone tz)::date, service_id, department_id, channel, district_ids, 0, sign, 0 from changed where closed_at is not null
    union all
    select (resolved_at at time zone tz)::date, service_id, department_id, channel, district_ids, 0, 0, sign from changed where resolved_at is not null
  ), daily as (
    insert into report_daily as d (day, service_id, department_id, channel, district_ids, opened, closed, resolved)
    select x.day, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4, 5 having sum(x.o) <> 0 or sum(x.c) <> 0 or sum(x.r) <> 0 order by 1, 2, 3, 4, 5
    on conflict (day, service_id, department_id, channel, district_ids)
    do update set opened = d.opened + excluded.opened, closed = d.closed + excluded.closed, resolved = d.resolved + excluded.resolved
  ), monthly as (
  insert into report_monthly as m (month, service_id, department_id, channel, district_ids, opened, closed, resolved)
    select date_trunc('month', x.day)::date, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4, 5 having sum(x.o) <> 0 or sum(x.c) <> 0 or sum(x.r) <> 0 order by 1, 2, 3, 4, 5
    on conflict (month, service_id, department_id, channel, district_ids)
    do update set opened = m.opened + excluded.opened, closed = m.closed + excluded.closed, resolved = m.resolved + excluded.resolved
  ), daily_svc as (
    insert into report_daily_svc as d (day, service_id, department_id, channel, opened, closed, resolved)
    select x.day, x.service_id, x.department_id, x.channel, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4 having sum(x.o) <> 0 or sum(x.c) <> 0 or sum(x.r) <> 0 order by 1, 2, 3, 4
    on conflict (day, service_id, department_id, channel)
    do update set opened = d.opened + excluded.opened, closed = d.closed + excluded.closed, resolved = d.resolved + excluded.resolved
  )
  insert into report_monthly_svc as m (month, service_id, department_id, channel, opened, closed, resolved)
  select date_trunc('month', x.day)::date, x.service_id, x.department_id, x.channel, sum(x.o), sum(x.c), sum(x.r) from x
  group by 1, 2, 3, 4 having sum(x.o) <> 0 or sum(x.c) <> 0 or sum(x.r) <> 0 order by 1, 2, 3, 4
  on conflict (month, service_id, department_id, channel)
  do update set opened = m.opened + excluded.opened, closed = m.closed + excluded.closed, resolved = m.resolved + excluded.resolved;
  return null;
end $$;

create or replace function report_requests_deleted() returns trigger language plpgsql as $$
declare tz text := report_tz();
begin
  delete from report_facts f using old_rows o where f.request_id = o.id;
  with x as (
    select (o.created_at at time zone tz)::date as day, o.service_id, o.department_id, o.channel, o.district_ids, -1 as o, 0 as c, 0 as r from old_rows o
    union all
    select (o.closed_at at time zone tz)::date, o.service_id, o.department_id, o.channel, o.district_ids, 0, -1, 0 from old_rows o where o.closed_at is not null
    union all
    select (o.resolved_at at time zone tz)::date, o.service_id, o.department_id, o.channel, o.district_ids, 0, 0, -1 from old_rows o where o.resolved_at is not null
  ), daily as (
    insert into report_daily as d (day, service_id, department_id, channel, district_ids, opened, closed, resolved)
    select x.day, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
    on conflict (day, service_id, department_id, channel, district_ids)
    do update set opened = d.opened + excluded.opened, closed = d.closed + excluded.closed, resolved = d.resolved + excluded.resolved
  ), monthly as (
  insert into report_monthly as m (month, service_id, department_id, channel, district_ids, opened, closed, resolved)
    select date_trunc('month', x.day)::date, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
    on conflict (month, service_id, department_id, channel, district_ids)
    do update set opened = m.opened + excluded.opened, closed = m.closed + excluded.closed, resolved = m.resolved + excluded.resolved
  ), daily_svc as (
    insert into report_daily_svc as d (day, service_id, department_id, channel, opened, closed, resolved)
    select x.day, x.service_id, x.department_id, x.channel, sum(x.o), sum(x.c), sum(x.r) from x
    group by 1, 2, 3, 4 order by 1, 2, 3, 4
    on conflict (day, service_id, department_id, channel)
    do update set opened = d.opened + excluded.opened, closed = d.closed + excluded.closed, resolved = d.resolved + excluded.resolved
  )
  insert into report_monthly_svc as m (month, service_id, department_id, channel, opened, closed, resolved)
  select date_trunc('month', x.day)::date, x.service_id, x.department_id, x.channel, sum(x.o), sum(x.c), sum(x.r) from x
  group by 1, 2, 3, 4 order by 1, 2, 3, 4
  on conflict (month, service_id, department_id, channel)
  do update set opened = m.opened + excluded.opened, closed = m.closed + excluded.closed, resolved = m.resolved + excluded.resolved;
  return null;
end $$;

-- Survey results by local day (of the invitation, or of the answer when there was none) and the request's
-- service, department and channel: the sums the survey report needs (counts, sums for the averages, the
-- 1-5 distribution), so it reads a few thousand rows instead of joining every survey to its request.
-- Kept by statement triggers on surveys, and moved by the requests trigger when a request changes service,
-- department or channel. A report filtered by district joins surveys to report_facts as before.
create table report_survey_daily (
  day date not null,
  service_id int not null,
  department_id int not null,
  channel text not null,
  invited int not null default 0,
  answered int not null default 0,
  answered_invited int not null default 0,
  resolved_answers int not null default 0,
  resolved_yes int not null default 0,
  satisfaction_sum int not null default 0,
  satisfaction_n int not null default 0,
  courtesy_sum int not null default 0,
  courtesy_n int not null default 0,
  s1 int not null default 0,
  s2 int not null default 0,
  s3 int not null default 0,
  s4 int not null default 0,
  s5 int not null default 0,
  primary key (day, service_id, department_id, channel)
);

create function report_surveys_changed() returns trigger language plpgsql as $$
declare tz text := report_tz();
begin
  if tg_op = 'INSERT' then
  insert into report_survey_daily as v (day, service_id, department_id, channel, invited, answered, answered_invited, resolved_answers, resolved_yes, satisfaction_sum, satisfaction_n, courtesy_sum, courtesy_n, s1, s2, s3, s4, s5)
  select x.day, x.service_id, x.department_id, x.channel, sum(x.invited), sum(x.answered), sum(x.answered_invited), sum(x.resolved_answers), sum(x.resolved_yes), sum(x.satisfaction_sum), sum(x.satisfaction_n), sum(x.courtesy_sum), sum(x.courtesy_n), sum(x.s1), sum(x.s2), sum(x.s3), sum(x.s4), sum(x.s5)
  from (select (coalesce(s.invited_at, s.answered_at) at time zone tz)::date as day, f.service_id, f.department_id, f.channel, 1 * (s.invited_at is not null)::int as invited, 1 * (s.answered_at is not null)::int as answered, 1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, 1 * (s.resolved is not null)::int as resolved_answers, 1 * coalesce(s.resolved, false)::int as resolved_yes, 1 * coalesce(s.satisfaction, 0) as satisfaction_sum, 1 * (s.satisfaction is not null)::int as satisfaction_n, 1 * coalesce(s.courtesy, 0) as courtesy_sum, 1 * (s.courtesy is not null)::int as courtesy_n, 1 * coalesce(s.satisfaction = 1, false)::int as s1, 1 * coalesce(s.satisfaction = 2, false)::int as s2, 1 * coalesce(s.satisfaction = 3, false)::int as s3, 1 * coalesce(s.satisfaction = 4, false)::int as s4, 1 * coalesce(s.satisfaction = 5, false)::int as s5 from new_rows s join report_facts f on f.request_id = s.request_id) x
  where x.day is not null
  group by 1, 2, 3, 4 having sum(x.invited) <> 0 or sum(x.answered) <> 0 or sum(x.answered_invited) <> 0 or sum(x.resolved_answers) <> 0 or sum(x.resolved_yes) <> 0 or sum(x.satisfaction_sum) <> 0 or sum(x.satisfaction_n) <> 0 or sum(x.courtesy_sum) <> 0 or sum(x.courtesy_n) <> 0 or sum(x.s1) <> 0 or sum(x.s2) <> 0 or sum(x.s3) <> 0 or sum(x.s4) <> 0 or sum(x.s5) <> 0 order by 1, 2, 3, 4
  on conflict (day, service_id, department_id, channel) do update set invited = v.invited + excluded.invited, answered = v.answered + excluded.answered, answered_invited = v.answered_invited + excluded.answered_invited, resolved_answers = v.resolved_answers + excluded.resolved_answers, resolved_yes = v.resolved_yes + excluded.resolved_yes, satisfaction_sum = v.satisfaction_sum + excluded.satisfaction_sum, satisfaction_n = v.satisfaction_n + excluded.satisfaction_n, courtesy_sum = v.courtesy_sum + excluded.courtesy_sum, courtesy_n = v.courtesy_n + excluded.courtesy_n, s1 = v.s1 + excluded.s1, s2 = v.s2 + excluded.s2, s3 = v.s3 + excluded.s3, s4 = v.s4 + excluded.s4, s5 = v.s5 + excluded.s5;
  elsif tg_op = 'UPDATE' then
  insert into report_survey_daily as v (day, service_id, department_id, channel, invited, answered, answered_invited, resolved_answers, resolved_yes, satisfaction_sum, satisfaction_n, courtesy_sum, courtesy_n, s1, s2, s3, s4, s5)
  select x.day, x.service_id, x.department_id, x.channel, sum(x.invited), sum(x.answered), sum(x.answered_invited), sum(x.resolved_answers), sum(x.resolved_yes), sum(x.satisfaction_sum), sum(x.satisfaction_n), sum(x.courtesy_sum), sum(x.courtesy_n), sum(x.s1), sum(x.s2), sum(x.s3), sum(x.s4), sum(x.s5)
  from (select (coalesce(s.invited_at, s.answered_at) at time zone tz)::date as day, f.service_id, f.department_id, f.channel, -1 * (s.invited_at is not null)::int as invited, -1 * (s.answered_at is not null)::int as answered, -1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, -1 * (s.resolved is not null)::int as resolved_answers, -1 * coalesce(s.resolved, false)::int as resolved_yes, -1 * coalesce(s.satisfaction, 0) as satisfaction_sum, -1 * (s.satisfaction is not null)::int as satisfaction_n, -1 * coalesce(s.courtesy, 0) as courtesy_sum, -1 * (s.courtesy is not null)::int as courtesy_n, -1 * coalesce(s.satisfaction = 1, false)::int as s1, -1 * coalesce(s.satisfaction = 2, false)::int as s2, -1 * coalesce(s.satisfaction = 3, false)::int as s3, -1 * coalesce(s.satisfaction = 4, false)::int as s4, -1 * coalesce(s.satisfaction = 5, false)::int as s5 from old_rows s join report_facts f on f.request_id = s.request_id union all select (coalesce(s.invited_at, s.answered_at) at time zone tz)::date as day, f.service_id, f.department_id, f.channel, 1 * (s.invited_at is not null)::int as invited, 1 * (s.answered_at is not null)::int as answered, 1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, 1 * (s.resolved is not null)::int as resolved_answers, 1 * coalesce(s.resolved, false)::int as resolved_yes, 1 * coalesce(s.satisfaction, 0) as satisfaction_sum, 1 * (s.satisfaction is not null)::int as satisfaction_n, 1 * coalesce(s.courtesy, 0) as courtesy_sum, 1 * (s.courtesy is not null)::int as courtesy_n, 1 * coalesce(s.satisfaction = 1, false)::int as s1, 1 * coalesce(s.satisfaction = 2, false)::int as s2, 1 * coalesce(s.satisfaction = 3, false)::int as s3, 1 * coalesce(s.satisfaction = 4, false)::int as s4, 1 * coalesce(s.satisfaction = 5, false)::int as s5 from new_rows s join report_facts f on f.request_id = s.request_id) x
  where x.day is not null
  group by 1, 2, 3, 4 having sum(x.invited) <> 0 or sum(x.answered) <> 0 or sum(x.answered_invited) <> 0 or sum(x.resolved_answers) <> 0 or sum(x.resolved_yes) <> 0 or sum(x.satisfaction_sum) <> 0 or sum(x.satisfaction_n) <> 0 or sum(x.courtesy_sum) <> 0 or sum(x.courtesy_n) <> 0 or sum(x.s1) <> 0 or sum(x.s2) <> 0 or sum(x.s3) <> 0 or sum(x.s4) <> 0 or sum(x.s5) <> 0 order by 1, 2, 3, 4
  on conflict (day, service_id, department_id, channel) do update set invited = v.invited + excluded.invited, answered = v.answered + excluded.answered, answered_invited = v.answered_invited + excluded.answered_invited, resolved_answers = v.resolved_answers + excluded.resolved_answers, resolved_yes = v.resolved_yes + excluded.resolved_yes, satisfaction_sum = v.satisfaction_sum + excluded.satisfaction_sum, satisfaction_n = v.satisfaction_n + excluded.satisfaction_n, courtesy_sum = v.courtesy_sum + excluded.courtesy_sum, courtesy_n = v.courtesy_n + excluded.courtesy_n, s1 = v.s1 + excluded.s1, s2 = v.s2 + excluded.s2, s3 = v.s3 + excluded.s3, s4 = v.s4 + excluded.s4, s5 = v.s5 + excluded.s5;
  else
  insert into report_survey_daily as v (day, service_id, department_id, channel, invited, answered, answered_invited, resolved_answers, resolved_yes, satisfaction_sum, satisfaction_n, courtesy_sum, courtesy_n, s1, s2, s3, s4, s5)
  select x.day, x.service_id, x.department_id, x.channel, sum(x.invited), sum(x.answered), sum(x.answered_invited), sum(x.resolved_answers), sum(x.resolved_yes), sum(x.satisfaction_sum), sum(x.satisfaction_n), sum(x.courtesy_sum), sum(x.courtesy_n), sum(x.s1), sum(x.s2), sum(x.s3), sum(x.s4), sum(x.s5)
  from (select (coalesce(s.invited_at, s.answered_at) at time zone tz)::date as day, f.service_id, f.department_id, f.channel, -1 * (s.invited_at is not null)::int as invited, -1 * (s.answered_at is not null)::int as answered, -1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, -1 * (s.resolved is not null)::int as resolved_answers, -1 * coalesce(s.resolved, false)::int as resolved_yes, -1 * coalesce(s.satisfaction, 0) as satisfaction_sum, -1 * (s.satisfaction is not null)::int as satisfaction_n, -1 * coalesce(s.courtesy, 0) as courtesy_sum, -1 * (s.courtesy is not null)::int as courtesy_n, -1 * coalesce(s.satisfaction = 1, false)::int as s1, -1 * coalesce(s.satisfaction = 2, false)::int as s2, -1 * coalesce(s.satisfaction = 3, false)::int as s3, -1 * coalesce(s.satisfaction = 4, false)::int as s4, -1 * coalesce(s.satisfaction = 5, false)::int as s5 from old_rows s join report_facts f on f.request_id = s.request_id) x
  where x.day is not null
  group by 1, 2, 3, 4 having sum(x.invited) <> 0 or sum(x.answered) <> 0 or sum(x.answered_invited) <> 0 or sum(x.resolved_answers) <> 0 or sum(x.resolved_yes) <> 0 or sum(x.satisfaction_sum) <> 0 or sum(x.satisfaction_n) <> 0 or sum(x.courtesy_sum) <> 0 or sum(x.courtesy_n) <> 0 or sum(x.s1) <> 0 or sum(x.s2) <> 0 or sum(x.s3) <> 0 or sum(x.s4) <> 0 or sum(x.s5) <> 0 order by 1, 2, 3, 4
  on conflict (day, service_id, department_id, channel) do update set invited = v.invited + excluded.invited, answered = v.answered + excluded.answered, answered_invited = v.answered_invited + excluded.answered_invited, resolved_answers = v.resolved_answers + excluded.resolved_answers, resolved_yes = v.resolved_yes + excluded.resolved_yes, satisfaction_sum = v.satisfaction_sum + excluded.satisfaction_sum, satisfaction_n = v.satisfaction_n + excluded.satisfaction_n, courtesy_sum = v.courtesy_sum + excluded.courtesy_sum, courtesy_n = v.courtesy_n + excluded.courtesy_n, s1 = v.s1 + excluded.s1, s2 = v.s2 + excluded.s2, s3 = v.s3 + excluded.s3, s4 = v.s4 + excluded.s4, s5 = v.s5 + excluded.s5;
  end if;
  return null;
end $$;

create trigger report_surveys_ins after insert on surveys referencing new table as new_rows
  for each statement execute function report_surveys_changed();
create trigger report_surveys_upd after update on surveys referencing old table as old_rows new table as new_rows
  for each statement execute function report_surveys_changed();
create trigger report_surveys_del after delete on surveys referencing old table as old_rows
  for each statement execute function report_surveys_changed();

-- A request that changes service, department or channel takes its survey with it.
create function report_requests_moved() returns trigger language plpgsql as $$
declare tz text := report_tz();
begin
  insert into report_survey_daily as v (day, service_id, department_id, channel, invited, answered, answered_invited, resolved_answers, resolved_yes, satisfaction_sum, satisfaction_n, courtesy_sum, courtesy_n, s1, s2, s3, s4, s5)
  select x.day, x.service_id, x.department_id, x.channel, sum(x.invited), sum(x.answered), sum(x.answered_invited), sum(x.resolved_answers), sum(x.resolved_yes), sum(x.satisfaction_sum), sum(x.satisfaction_n), sum(x.courtesy_sum), sum(x.courtesy_n), sum(x.s1), sum(x.s2), sum(x.s3), sum(x.s4), sum(x.s5)
  from (select (coalesce(s.invited_at, s.answered_at) at time zone tz)::date as day, o.service_id, o.department_id, o.channel, -1 * (s.invited_at is not null)::int as invited, -1 * (s.answered_at is not null)::int as answered, -1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, -1 * (s.resolved is not null)::int as resolved_answers, -1 * coalesce(s.resolved, false)::int as resolved_yes, -1 * coalesce(s.satisfaction, 0) as satisfaction_sum, -1 * (s.satisfaction is not null)::int as satisfaction_n, -1 * coalesce(s.courtesy, 0) as courtesy_sum, -1 * (s.courtesy is not null)::int as courtesy_n, -1 * coalesce(s.satisfaction = 1, false)::int as s1, -1 * coalesce(s.satisfaction = 2, false)::int as s2, -1 * coalesce(s.satisfaction = 3, false)::int as s3, -1 * coalesce(s.satisfaction = 4, false)::int as s4, -1 * coalesce(s.satisfaction = 5, false)::int as s5 from old_rows o join new_rows n on n.id = o.id join surveys s on s.request_id = o.id where (n.service_id, n.department_id, n.channel) is distinct from (o.service_id, o.department_id, o.channel) union all select (coalesce(s.invited_at, s.answered_at) at time zone tz)::date as day, n.service_id, n.department_id, n.channel, 1 * (s.invited_at is not null)::int as invited, 1 * (s.answered_at is not null)::int as answered, 1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, 1 * (s.resolved is not null)::int as resolved_answers, 1 * coalesce(s.resolved, false)::int as resolved_yes, 1 * coalesce(s.satisfaction, 0) as satisfaction_sum, 1 * (s.satisfaction is not null)::int as satisfaction_n, 1 * coalesce(s.courtesy, 0) as courtesy_sum, 1 * (s.courtesy is not null)::int as courtesy_n, 1 * coalesce(s.satisfaction = 1, false)::int as s1, 1 * coalesce(s.satisfaction = 2, false)::int as s2, 1 * coalesce(s.satisfaction = 3, false)::int as s3, 1 * coalesce(s.satisfaction = 4, false)::int as s4, 1 * coalesce(s.satisfaction = 5, false)::int as s5 from old_rows o join new_rows n on n.id = o.id join surveys s on s.request_id = o.id where (n.service_id, n.department_id, n.channel) is distinct from (o.service_id, o.department_id, o.channel)) x
  where x.day is not null
  group by 1, 2, 3, 4 having sum(x.invited) <> 0 or sum(x.answered) <> 0 or sum(x.answered_invited) <> 0 or sum(x.resolved_answers) <> 0 or sum(x.resolved_yes) <> 0 or sum(x.satisfaction_sum) <> 0 or sum(x.satisfaction_n) <> 0 or sum(x.courtesy_sum) <> 0 or sum(x.courtesy_n) <> 0 or sum(x.s1) <> 0 or sum(x.s2) <> 0 or sum(x.s3) <> 0 or sum(x.s4) <> 0 or sum(x.s5) <> 0 order by 1, 2, 3, 4
  on conflict (day, service_id, department_id, channel) do update set invited = v.invited + excluded.invited, answered = v.answered + excluded.answered, answered_invited = v.answered_invited + excluded.answered_invited, resolved_answers = v.resolved_answers + excluded.resolved_answers, resolved_yes = v.resolved_yes + excluded.resolved_yes, satisfaction_sum = v.satisfaction_sum + excluded.satisfaction_sum, satisfaction_n = v.satisfaction_n + excluded.satisfaction_n, courtesy_sum = v.courtesy_sum + excluded.courtesy_sum, courtesy_n = v.courtesy_n + excluded.courtesy_n, s1 = v.s1 + excluded.s1, s2 = v.s2 + excluded.s2, s3 = v.s3 + excluded.s3, s4 = v.s4 + excluded.s4, s5 = v.s5 + excluded.s5;
  return null;
end $$;

create trigger report_requests_move after update on requests referencing old table as old_rows new table as new_rows
  for each statement execute function report_requests_moved();

insert into report_survey_daily (day, service_id, department_id, channel, invited, answered, answered_invited, resolved_answers, resolved_yes, satisfaction_sum, satisfaction_n, courtesy_sum, courtesy_n, s1, s2, s3, s4, s5)
select x.day, x.service_id, x.department_id, x.channel, sum(x.invited), sum(x.answered), sum(x.answered_invited), sum(x.resolved_answers), sum(x.resolved_yes), sum(x.satisfaction_sum), sum(x.satisfaction_n), sum(x.courtesy_sum), sum(x.courtesy_n), sum(x.s1), sum(x.s2), sum(x.s3), sum(x.s4), sum(x.s5)
from (select (coalesce(s.invited_at, s.answered_at) at time zone report_tz())::date as day, f.service_id, f.department_id, f.channel, 1 * (s.invited_at is not null)::int as invited, 1 * (s.answered_at is not null)::int as answered, 1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, 1 * (s.resolved is not null)::int as resolved_answers, 1 * coalesce(s.resolved, false)::int as resolved_yes, 1 * coalesce(s.satisfaction, 0) as satisfaction_sum, 1 * (s.satisfaction is not null)::int as satisfaction_n, 1 * coalesce(s.courtesy, 0) as courtesy_sum, 1 * (s.courtesy is not null)::int as courtesy_n, 1 * coalesce(s.satisfaction = 1, false)::int as s1, 1 * coalesce(s.satisfaction = 2, false)::int as s2, 1 * coalesce(s.satisfaction = 3, false)::int as s3, 1 * coalesce(s.satisfaction = 4, false)::int as s4, 1 * coalesce(s.satisfaction = 5, false)::int as s5 from surveys s join report_facts f on f.request_id = s.request_id) x
where x.day is not null group by 1, 2, 3, 4;


-- The heat map's default grid (0.005 degrees, cells named by floor(lat / 0.005), floor(lng / 0.005) as the
-- report computes them) by local month of receipt, service and department: a year of requests is a few
-- thousand cells a month instead of every request. Other cell sizes, a channel or a district, and the days
-- of months a range covers in part are read from report_facts.
create table report_heat_monthly (
  month date not null,
  service_id int not null,
  department_id int not null,
  y int not null,
  x int not null,
  n int not null,
  primary key (month, service_id, department_id, y, x)
);

create function report_heat_changed() returns trigger language plpgsql as $$
declare tz text := report_tz();
begin
  if tg_op = 'INSERT' then
    insert into report_heat_monthly as h (month, service_id, department_id, y, x, n)
    select x.month, x.service_id, x.department_id, x.y, x.x, sum(x.n) from (select date_trunc('month', n.created_at at time zone tz)::date as month, n.service_id, n.department_id, floor(ST_Y(n.location) / 0.005::float8)::int as y, floor(ST_X(n.location) / 0.005::float8)::int as x, 1 as n from new_rows n where true and n.location is not null) x
    group by 1, 2, 3, 4, 5 having sum(x.n) <> 0 order by 1, 2, 3, 4, 5
    on conflict (month, service_id, department_id, y, x) do update set n = h.n + excluded.n;
  elsif tg_op = 'UPDATE' then
    insert into report_heat_monthly as h (month, service_id, department_id, y, x, n)
    select x.month, x.service_id, x.department_id, x.y, x.x, sum(x.n) from (select date_trunc('month', o.created_at at time zone tz)::date as month, o.service_id, o.department_id, floor(ST_Y(o.location) / 0.005::float8)::int as y, floor(ST_X(o.location) / 0.005::float8)::int as x, -1 as n from old_rows o join new_rows n on n.id = o.id where (n.service_id, n.department_id, n.created_at, n.location) is distinct from (o.service_id, o.department_id, o.created_at, o.location) and o.location is not null union all select date_trunc('month', n.created_at at time zone tz)::date as month, n.service_id, n.department_id, floor(ST_Y(n.location) / 0.005::float8)::int as y, floor(ST_X(n.location) / 0.005::float8)::int as x, 1 as n from old_rows o join new_rows n on n.id = o.id where (n.service_id, n.department_id, n.created_at, n.location) is distinct from (o.service_id, o.department_id, o.created_at, o.location) and n.location is not null) x
    group by 1, 2, 3, 4, 5 having sum(x.n) <> 0 order by 1, 2, 3, 4, 5
    on conflict (month, service_id, department_id, y, x) do update set n = h.n + excluded.n;
  else
    insert into report_heat_monthly as h (month, service_id, department_id, y, x, n)
    select x.month, x.service_id, x.department_id, x.y, x.x, sum(x.n) from (select date_trunc('month', o.created_at at time zone tz)::date as month, o.service_id, o.department_id, floor(ST_Y(o.location) / 0.005::float8)::int as y, floor(ST_X(o.location) / 0.005::float8)::int as x, -1 as n from old_rows o where true and o.location is not null) x
    group by 1, 2, 3, 4, 5 having sum(x.n) <> 0 order by 1, 2, 3, 4, 5
    on conflict (month, service_id, department_id, y, x) do update set n = h.n + excluded.n;
  end if;
  return null;
end $$;

create trigger report_heat_ins after insert on requests referencing new table as new_rows
  for each statement execute function report_heat_changed();
create trigger report_heat_upd after update on requests referencing old table as old_rows new table as new_rows
  for each statement execute function report_heat_changed();
create trigger report_heat_del after delete on requests referencing old table as old_rows
  for each statement execute function report_heat_changed();

insert into report_heat_monthly (month, service_id, department_id, y, x, n)
select x.month, x.service_id, x.department_id, x.y, x.x, sum(x.n) from (select date_trunc('month', r.created_at at time zone report_tz())::date as month, r.service_id, r.department_id, floor(ST_Y(r.location) / 0.005::float8)::int as y, floor(ST_X(r.location) / 0.005::float8)::int as x, 1 as n from requests r where true and r.location is not null) x
group by 1, 2, 3, 4, 5;

-- Rebuild fills the 0013 tables too.
create or replace function report_rebuild() returns void language plpgsql as $$
declare tz text := report_tz();
begin
  truncate report_facts, report_daily, report_monthly, report_daily_svc, report_monthly_svc;
  insert into report_facts (request_id, service_id, department_id, channel, district_ids, created_at, acknowledged_at,
    closed_at, resolved_at, close_reason, ack_due_at, resolve_due_at, ack_hours, resolve_hours, lat, lng)
  select r.id, r.service_id, r.department_id, r.channel, r.district_ids, r.created_at, r.acknowledged_at, r.closed_at,
    r.resolved_at, r.close_reason, r.ack_due_at, r.resolve_due_at,
    report_business_hours(r.created_at, r.acknowledged_at),
    case when r.close_reason = 'resolved' then report_business_hours(r.created_at, r.resolved_at) end,
    ST_Y(r.location), ST_X(r.location)
  from requests r;
  insert into report_daily (day, service_id, department_id, channel, district_ids, opened, closed, resolved)
  select x.day, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from (
    select (r.created_at at time zone tz)::date as day, r.service_id, r.department_id, r.channel, r.district_ids, 1 as o, 0 as c, 0 as r from requests r
    union all
    select (r.closed_at at time zone tz)::date, r.service_id, r.department_id, r.channel, r.district_ids, 0, 1, 0 from requests r where r.closed_at is not null
    union all
    select (r.resolved_at at time zone tz)::date, r.service_id, r.department_id, r.channel, r.district_ids, 0, 0, 1 from requests r where r.resolved_at is not null
  ) x group by 1, 2, 3, 4, 5;
  insert into report_monthly (month, service_id, department_id, channel, district_ids, opened, closed, resolved)
  select date_trunc('month', day)::date, service_id, department_id, channel, district_ids, sum(opened), sum(closed), sum(resolved)
  from report_daily group by 1, 2, 3, 4, 5;
  insert into report_daily_svc (day, service_id, department_id, channel, opened, closed, resolved)
  select day, service_id, department_id, channel, sum(opened), sum(closed), sum(resolved) from report_daily group by 1, 2, 3, 4;
  insert into report_monthly_svc (month, service_id, department_id, channel, opened, closed, resolved)
  select month, service_id, department_id, channel, sum(opened), sum(closed), sum(resolved) from report_monthly group by 1, 2, 3, 4;
  truncate report_survey_daily;
  insert into report_survey_daily (day, service_id, department_id, channel, invited, answered, answered_invited, resolved_answers, resolved_yes, satisfaction_sum, satisfaction_n, courtesy_sum, courtesy_n, s1, s2, s3, s4, s5)
  select x.day, x.service_id, x.department_id, x.channel, sum(x.invited), sum(x.answered), sum(x.answered_invited), sum(x.resolved_answers), sum(x.resolved_yes), sum(x.satisfaction_sum), sum(x.satisfaction_n), sum(x.courtesy_sum), sum(x.courtesy_n), sum(x.s1), sum(x.s2), sum(x.s3), sum(x.s4), sum(x.s5)
  from (select (coalesce(s.invited_at, s.answered_at) at time zone tz)::date as day, f.service_id, f.department_id, f.channel, 1 * (s.invited_at is not null)::int as invited, 1 * (s.answered_at is not null)::int as answered, 1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, 1 * (s.resolved is not null)::int as resolved_answers, 1 * coalesce(s.resolved, false)::int as resolved_yes, 1 * coalesce(s.satisfaction, 0) as satisfaction_sum, 1 * (s.satisfaction is not null)::int as satisfaction_n, 1 * coalesce(s.courtesy, 0) as courtesy_sum, 1 * (s.courtesy is not null)::int as courtesy_n, 1 * coalesce(s.satisfaction = 1, false)::int as s1, 1 * coalesce(s.satisfaction = 2, false)::int as s2, 1 * coalesce(s.satisfaction = 3, false)::int as s3, 1 * coalesce(s.satisfaction = 4, false)::int as s4, 1 * coalesce(s.satisfaction = 5, false)::int as s5 from surveys s join report_facts f on f.request_id = s.request_id) x
  where x.day is not null group by 1, 2, 3, 4;
  truncate report_heat_monthly;
  insert into report_heat_monthly (month, service_id, department_id, y, x, n)
  select x.month, x.service_id, x.department_id, x.y, x.x, sum(x.n) from (select date_trunc('month', r.created_at at time zone tz)::date as month, r.service_id, r.department_id, floor(ST_Y(r.location) / 0.005::float8)::int as y, floor(ST_X(r.location) / 0.005::float8)::int as x, 1 as n from requests r where true and r.location is not null) x
  group by 1, 2, 3, 4, 5;
  update report_state set rebuilt_at = now() where id = 1;
end $$;
