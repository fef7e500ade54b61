-- Reports: roll-ups kept exact by triggers on requests, the business clock in SQL, satisfaction surveys.
--
-- Why triggers on `requests` (and not EventsRepo.append): every change to a request writes its event in the
-- same transaction as the row change, so a trigger on the row fires in that transaction too; and it also sees
-- the writes that carry no per-row event call (the bulk historic insert, placeRequestsInDistricts, sweeps).
-- Statement-level triggers with transition tables keep the bulk path a few set-based statements.

-- The city's business clock as opening intervals (UTC), each with the business milliseconds before it.
-- Generated in TypeScript from the same calendar code (src/domain/business-hours.ts businessIntervals), so
-- business hours between two instants in SQL equal businessHoursBetween exactly.
create table report_clock (
  open_at timestamptz primary key,
  close_at timestamptz not null,
  cum_ms bigint not null
);

-- What the roll-ups were built with; a different calendar setting means they must be rebuilt.
create table report_state (
  id int primary key default 1 check (id = 1),
  calendar jsonb,
  clock_from timestamptz,
  clock_to timestamptz,
  rebuilt_at timestamptz
);

-- One row per request: what reports measure (dimensions, instants, business-hour durations, location).
create table report_facts (
  request_id bigint primary key,
  service_id int not null,
  department_id int not null,
  channel text not null,
  district_ids int[] not null,
  created_at timestamptz not null,
  acknowledged_at timestamptz,
  closed_at timestamptz,
  resolved_at timestamptz,
  close_reason text,
  ack_due_at timestamptz,
  resolve_due_at timestamptz,
  ack_hours float8,
  resolve_hours float8,
  lat float8,
  lng float8
);
create index report_facts_created_idx on report_facts (created_at) include (service_id, department_id, channel);
create index report_facts_open_idx on report_facts (created_at) where closed_at is null;

-- Counts by local day (city time zone) and dimension: opened on its created day, closed and resolved on theirs.
create table report_daily (
  day date not null,
  service_id int not null,
  department_id int not null,
  channel text not null,
  district_ids int[] not null,
  opened int not null default 0,
  closed int not null default 0,
  resolved int not null default 0,
  primary key (day, service_id, department_id, channel, district_ids)
);

-- The same counts by local month: a report over months reads these and only the partial months' days.
create table report_monthly (
  month date not null,
  service_id int not null,
  department_id int not null,
  channel text not null,
  district_ids int[] not null,
  opened int not null default 0,
  closed int not null default 0,
  resolved int not null default 0,
  primary key (month, service_id, department_id, channel, district_ids)
);

create function report_tz() returns text language sql stable as $$
  select coalesce((select value->>'timeZone' from settings where key = 'calendar'), 'America/Los_Angeles')
$$;

-- Business milliseconds from the clock's start to t; null outside the clock.
create function report_business_ms(t timestamptz) returns bigint language sql stable as $$
  select c.cum_ms + round(least(extract(epoch from (t - c.open_at)), extract(epoch from (c.close_at - c.open_at))) * 1000)::bigint
  from report_clock c
  where c.open_at <= t and t <= (select s.clock_to from report_state s where s.id = 1)
  order by c.open_at desc limit 1
$$;

create function report_business_hours(a timestamptz, b timestamptz) returns float8 language sql stable as $$
  select case when a is null or b is null then null
              when b <= a then 0::float8
              else (report_business_ms(b) - report_business_ms(a))::float8 / 3600000 end
$$;

-- Insert or refresh facts for the given request ids from the requests table.
create function report_refresh_facts(ids bigint[]) returns void language sql as $$
  insert into report_facts as f (request_id, service_id, department_id, channel, district_ids, created_at, acknowledged_at,
    closed_at, resolved_at, close_reason, ack_due_at, resolve_due_at, ack_hours, resolve_hours, lat, lng)
  select r.id, r.service_id, r.department_id, r.channel, r.district_ids, r.created_at, r.acknowledged_at, r.closed_at,
    r.resolved_at, r.close_reason, r.ack_due_at, r.resolve_due_at,
    report_business_hours(r.created_at, r.acknowledged_at),
    case when r.close_reason = 'resolved' then report_business_hours(r.created_at, r.resolved_at) end,
    ST_Y(r.location), ST_X(r.location)
  from requests r where r.id = any(ids)
  on conflict (request_id) do update set service_id = excluded.service_id, department_id = excluded.department_id,
    channel = excluded.channel, district_ids = excluded.district_ids, created_at = excluded.created_at,
    acknowledged_at = excluded.acknowledged_at, closed_at = excluded.closed_at, resolved_at = excluded.resolved_at,
    close_reason = excluded.close_reason, ack_due_at = excluded.ack_due_at, resolve_due_at = excluded.resolve_due_at,
    ack_hours = excluded.ack_hours, resolve_hours = excluded.resolve_hours, lat = excluded.lat, lng = excluded.lng
$$;

create function report_requests_inserted() returns trigger language plpgsql as $$
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
  )
  insert into report_monthly as m (month, service_id, department_id, channel, district_ids, opened, closed, resolved)
  select date_trunc('month', x.day)::date, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from x
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (month, service_id, department_id, channel, district_ids)
  do update set opened = m.opened + excluded.opened, closed = m.closed + excluded.closed, resolved = m.resolved + excluded.resolved;
  return null;
end $$;

create function report_requests_updated() returns trigger language plpgsql as $$
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
  )
  insert into report_monthly as m (month, service_id, department_id, channel, district_ids, opened, closed, resolved)
  select date_trunc('month', x.day)::date, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from x
  group by 1, 2, 3, 4, 5 having sum(x.o) <> 0 or sum(x.c) <> 0 or sum(x.r) <> 0 order by 1, 2, 3, 4, 5
  on conflict (month, service_id, department_id, channel, district_ids)
  do update set opened = m.opened + excluded.opened, closed = m.closed + excluded.closed, resolved = m.resolved + excluded.resolved;
  return null;
end $$;

create function report_requests_deleted() returns trigger language plpgsql as $$
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
  )
  insert into report_monthly as m (month, service_id, department_id, channel, district_ids, opened, closed, resolved)
  select date_trunc('month', x.day)::date, x.service_id, x.department_id, x.channel, x.district_ids, sum(x.o), sum(x.c), sum(x.r) from x
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
  on conflict (month, service_id, department_id, channel, district_ids)
  do update set opened = m.opened + excluded.opened, closed = m.closed + excluded.closed, resolved = m.resolved + excluded.resolved;
  return null;
end $$;

create trigger report_requests_ins after insert on requests referencing new table as new_rows
  for each statement execute function report_requests_inserted();
create trigger report_requests_upd after update on requests referencing old table as old_rows new table as new_rows
  for each statement execute function report_requests_updated();
create trigger report_requests_del after delete on requests referencing old table as old_rows
  for each statement execute function report_requests_deleted();

-- Rebuilds every roll-up from the requests table (after the calendar changes, or `civicdesk reports rebuild`).
create function report_rebuild() returns void language plpgsql as $$
declare tz text := report_tz();
begin
  truncate report_facts, report_daily, report_monthly;
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
  update report_state set rebuilt_at = now() where id = 1;
end $$;

-- Satisfaction surveys: one per request, invited when it closes, answered once (by link or by a follow-up call).
-- Answers carry no resident: the link's token ties them to the request, not to a person.
create table surveys (
  request_id bigint primary key references requests (id) on delete cascade,
  invited_at timestamptz,
  answered_at timestamptz,
  source text check (source in ('link', 'call')),
  resolved boolean,
  satisfaction int check (satisfaction between 1 and 5),
  courtesy int check (courtesy between 1 and 5),
  comment text,
  logged_by_user_id int references users (id),
  check ((answered_at is null) = (source is null))
);
create index surveys_answered_idx on surveys (answered_at) where answered_at is not null;
create index surveys_invited_idx on surveys (invited_at) where invited_at is not null;
