-- Performance report at scale: turnaround counts and duration histograms by local month of creation,
-- service and department, kept by triggers on report_facts (so whatever writes facts, the request
-- triggers, a rebuild or a bulk load, keeps this table too).
--
-- A report over whole months reads these rows instead of every request of the range: the counts are exact;
-- medians and 90th percentiles over more rows than the exact limit (src/db/repositories/reports.ts) are
-- read from the histograms, whose bins are 2% wide (so the figure is within 2% of the exact one).
--
-- Bins (1-based array positions, the same rule as binBounds in src/domain/reports/histogram.ts):
--   1: under one minute; k >= 2: [ (1/60) * 1.02^(k-2), (1/60) * 1.02^(k-1) ) hours.
-- Arrays grow as longer durations arrive; a missing or null element counts 0.

create function report_bin(h float8) returns int language sql immutable parallel safe as $$
  select case when h is null then null
              when h < 1.0 / 60 then 1
              else least(2 + floor(ln(h * 60) / ln(1.02))::int, 2000) end
$$;

-- a + b element by element (null = 0); b may be longer than a. Both are 1-based.
create function report_bins_merge(a int[], b int[]) returns int[] language plpgsql immutable as $$
declare
  i int;
  la int := coalesce(array_upper(a, 1), 0);
  lb int := coalesce(array_upper(b, 1), 0);
begin
  if lb = 0 then return coalesce(a, '{}'); end if;
  if la = 0 then a := array_fill(0, array[lb]);
  elsif lb > la then a := a || array_fill(0, array[lb - la]);
  end if;
  for i in 1 .. lb loop
    if b[i] is not null and b[i] <> 0 then
      a[i] := coalesce(a[i], 0) + b[i];
    end if;
  end loop;
  return a;
end $$;

-- A sparse (bins, counts) pair as a 1-based array indexed by bin.
create function report_bins_of(bins int[], counts int[]) returns int[] language plpgsql immutable as $$
declare
  a int[];
  i int;
begin
  if coalesce(array_upper(bins, 1), 0) = 0 then return '{}'; end if;
  a := array_fill(0, array[(select max(x) from unnest(bins) x)]);
  for i in 1 .. array_upper(bins, 1) loop
    a[bins[i]] := a[bins[i]] + counts[i];
  end loop;
  return a;
end $$;

create table report_perf_monthly (
  month date not null,
  service_id int not null,
  department_id int not null,
  acknowledged int not null default 0,
  ack_measured int not null default 0,
  ack_within int not null default 0,
  resolved int not null default 0,
  resolve_measured int not null default 0,
  resolve_within int not null default 0,
  ack_bins int[] not null default '{}',
  resolve_bins int[] not null default '{}',
  primary key (month, service_id, department_id)
);

-- The statement that adds the rows of src (a query over a transition table, or report_facts itself, each
-- row with a sign s of +1 or -1) to report_perf_monthly. The trigger functions EXECUTE it themselves:
-- transition tables are visible only inside the trigger's own function.
create function report_perf_sql(src text) returns text language sql immutable as $$
  select format($q$
    with x as (
      select x.s, date_trunc('month', x.created_at at time zone report_tz())::date as month, x.service_id, x.department_id,
        report_bin(x.ack_hours) as ab, report_bin(x.resolve_hours) as rb,
        (x.ack_hours is not null)::int as a,
        (x.acknowledged_at is not null and x.ack_due_at is not null)::int as am,
        coalesce(x.acknowledged_at is not null and x.ack_due_at is not null and x.acknowledged_at <= x.ack_due_at, false)::int as aw,
        (x.resolve_hours is not null)::int as r,
        coalesce(x.close_reason = 'resolved' and x.resolve_due_at is not null, false)::int as rm,
        coalesce(x.close_reason = 'resolved' and x.resolve_due_at is not null and x.resolved_at <= x.resolve_due_at, false)::int as rw
      from (%s) x
    ),
    g as (
      select month, service_id, department_id, sum(s * a)::int as a, sum(s * am)::int as am, sum(s * aw)::int as aw,
        sum(s * r)::int as r, sum(s * rm)::int as rm, sum(s * rw)::int as rw
      from x group by 1, 2, 3
    ),
    ab as (
      select month, service_id, department_id, report_bins_of(array_agg(ab), array_agg(n)) as bins
      from (select month, service_id, department_id, ab, sum(s)::int as n from x where ab is not null group by 1, 2, 3, 4 having sum(s) <> 0) y
      group by 1, 2, 3
    ),
    rb as (
      select month, service_id, department_id, report_bins_of(array_agg(rb), array_agg(n)) as bins
      from (select month, service_id, department_id, rb, sum(s)::int as n from x where rb is not null group by 1, 2, 3, 4 having sum(s) <> 0) y
      group by 1, 2, 3
    )
    insert into report_perf_monthly as p (month, service_id, department_id, acknowledged, ack_measured, ack_within,
      resolved, resolve_measured, resolve_within, ack_bins, resolve_bins)
    select g.month, g.service_id, g.department_id, g.a, g.am, g.aw, g.r, g.rm, g.rw, coalesce(ab.bins, '{}'), coalesce(rb.bins, '{}')
    from g
    left join ab on ab.month = g.month and ab.service_id = g.service_id and ab.department_id = g.department_id
    left join rb on rb.month = g.month and rb.service_id = g.service_id and rb.department_id = g.department_id
    where g.a <> 0 or g.am <> 0 or g.aw <> 0 or g.r <> 0 or g.rm <> 0 or g.rw <> 0 or ab.bins is not null or rb.bins is not null
    order by 1, 2, 3
    on conflict (month, service_id, department_id) do update set
      acknowledged = p.acknowledged + excluded.acknowledged,
      ack_measured = p.ack_measured + excluded.ack_measured,
      ack_within = p.ack_within + excluded.ack_within,
      resolved = p.resolved + excluded.resolved,
      resolve_measured = p.resolve_measured + excluded.resolve_measured,
      resolve_within = p.resolve_within + excluded.resolve_within,
      ack_bins = report_bins_merge(p.ack_bins, excluded.ack_bins),
      resolve_bins = report_bins_merge(p.resolve_bins, excluded.resolve_bins)
  $q$, src)
$$;

create function report_perf_inserted() returns trigger language plpgsql as $$
begin
  execute report_perf_sql('select 1 as s, n.* from new_rows n where n.ack_hours is not null or n.resolve_hours is not null or n.acknowledged_at is not null or n.close_reason is not null');
  return null;
end $$;

create function report_perf_updated() returns trigger language plpgsql as $$
begin
  -- Only the rows whose measured fields changed (a submission's own refreshes change none of them).
  execute report_perf_sql($s$
    select v.* from old_rows o join new_rows n on n.request_id = o.request_id
    cross join lateral (select -1 as s, o.* union all select 1, n.*) v
    where (o.created_at, o.service_id, o.department_id, o.ack_hours, o.resolve_hours, o.acknowledged_at, o.ack_due_at,
           o.close_reason, o.resolved_at, o.resolve_due_at)
          is distinct from
          (n.created_at, n.service_id, n.department_id, n.ack_hours, n.resolve_hours, n.acknowledged_at, n.ack_due_at,
           n.close_reason, n.resolved_at, n.resolve_due_at)
  $s$);
  return null;
end $$;

create function report_perf_deleted() returns trigger language plpgsql as $$
begin
  execute report_perf_sql('select -1 as s, o.* from old_rows o');
  return null;
end $$;

create function report_perf_truncated() returns trigger language plpgsql as $$
begin
  -- delete, not truncate: a truncate of several tables at once may name this one too.
  delete from report_perf_monthly;
  return null;
end $$;

create trigger report_perf_ins after insert on report_facts referencing new table as new_rows
  for each statement execute function report_perf_inserted();
create trigger report_perf_upd after update on report_facts referencing old table as old_rows new table as new_rows
  for each statement execute function report_perf_updated();
create trigger report_perf_del after delete on report_facts referencing old table as old_rows
  for each statement execute function report_perf_deleted();
create trigger report_perf_trunc after truncate on report_facts
  for each statement execute function report_perf_truncated();

-- What is there already.
do $$ begin execute report_perf_sql('select 1 as s, f.* from report_facts f'); end $$;
