-- The roll-up rebuild (0018's) with the facts' business hours found by lateral joins on report_clock
-- instead of report_business_hours() calls: the rebuild after a bulk load or `seed scale` spent most of its
-- time in those calls (about 22 µs each, four a request). Everything else is 0018's rebuild unchanged.
--
-- And 0018's update trigger with its survey test as a count (below).

create or replace function report_rebuild() returns void language plpgsql as $$
declare tz text := report_tz();
begin
  truncate report_delta, report_facts, report_daily_rollup, report_monthly_rollup, report_daily_svc_rollup, report_monthly_svc_rollup;
  -- Business hours by three index lookups per request in the statement itself (a lateral join on
  -- report_clock), not report_business_hours(): its SQL-function calls cost twice as much at a million rows.
  -- The same definition: null without both instants or outside the clock, 0 when done at once or before.
  insert into report_facts (request_id, service_id, department_id, channel, district_ids, created_at, acknowledged_at,
    closed_at, resolved_at, close_reason, ack_due_at, resolve_due_at, ack_hours, resolve_hours, lat, lng)
  select r.id, r.service_id, r.department_id, r.channel, r.district_ids, r.created_at, r.acknowledged_at, r.closed_at,
    r.resolved_at, r.close_reason, r.ack_due_at, r.resolve_due_at,
    case when r.acknowledged_at is null then null when r.acknowledged_at <= r.created_at then 0::float8
         else (ba.ms - bc.ms)::float8 / 3600000 end,
    case when r.close_reason is distinct from 'resolved' or r.resolved_at is null then null when r.resolved_at <= r.created_at then 0::float8
         else (br.ms - bc.ms)::float8 / 3600000 end,
    ST_Y(r.location), ST_X(r.location)
  from requests r
  left join report_state st on st.id = 1
  left join lateral (
    select c.cum_ms + round(least(extract(epoch from (r.created_at - c.open_at)), extract(epoch from (c.close_at - c.open_at))) * 1000)::bigint as ms
    from report_clock c where c.open_at <= r.created_at and r.created_at <= st.clock_to order by c.open_at desc limit 1
  ) bc on true
  left join lateral (
    select c.cum_ms + round(least(extract(epoch from (r.acknowledged_at - c.open_at)), extract(epoch from (c.close_at - c.open_at))) * 1000)::bigint as ms
    from report_clock c where r.acknowledged_at > r.created_at and c.open_at <= r.acknowledged_at and r.acknowledged_at <= st.clock_to
    order by c.open_at desc limit 1
  ) ba on true
  left join lateral (
    select c.cum_ms + round(least(extract(epoch from (r.resolved_at - c.open_at)), extract(epoch from (c.close_at - c.open_at))) * 1000)::bigint as ms
    from report_clock c where r.close_reason = 'resolved' and r.resolved_at > r.created_at and c.open_at <= r.resolved_at and r.resolved_at <= st.clock_to
    order by c.open_at desc limit 1
  ) br on true;
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
  -- A count, not exists(): under exists() PostgreSQL plans for the first row and joins the two transition
  -- tables by nested loop, n x n comparisons (two minutes for the demo seed's 24,000-row district update).
  if (select count(*) from old_rows o join new_rows n on n.id = o.id
      where (n.service_id, n.department_id, n.channel) is distinct from (o.service_id, o.department_id, o.channel)) > 0 then
  insert into report_survey_daily as v (day, service_id, department_id, channel, invited, answered, answered_invited, resolved_answers, resolved_yes, satisfaction_sum, satisfaction_n, courtesy_sum, courtesy_n, s1, s2, s3, s4, s5)
  select x.day, x.service_id, x.department_id, x.channel, sum(x.invited), sum(x.answered), sum(x.answered_invited), sum(x.resolved_answers), sum(x.resolved_yes), sum(x.satisfaction_sum), sum(x.satisfaction_n), sum(x.courtesy_sum), sum(x.courtesy_n), sum(x.s1), sum(x.s2), sum(x.s3), sum(x.s4), sum(x.s5)
  from (select (coalesce(s.invited_at, s.answered_at) at time zone tz)::date as day, o.service_id, o.department_id, o.channel, -1 * (s.invited_at is not null)::int as invited, -1 * (s.answered_at is not null)::int as answered, -1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, -1 * (s.resolved is not null)::int as resolved_answers, -1 * coalesce(s.resolved, false)::int as resolved_yes, -1 * coalesce(s.satisfaction, 0) as satisfaction_sum, -1 * (s.satisfaction is not null)::int as satisfaction_n, -1 * coalesce(s.courtesy, 0) as courtesy_sum, -1 * (s.courtesy is not null)::int as courtesy_n, -1 * coalesce(s.satisfaction = 1, false)::int as s1, -1 * coalesce(s.satisfaction = 2, false)::int as s2, -1 * coalesce(s.satisfaction = 3, false)::int as s3, -1 * coalesce(s.satisfaction = 4, false)::int as s4, -1 * coalesce(s.satisfaction = 5, false)::int as s5 from old_rows o join new_rows n on n.id = o.id join surveys s on s.request_id = o.id where (n.service_id, n.department_id, n.channel) is distinct from (o.service_id, o.department_id, o.channel) union all select (coalesce(s.invited_at, s.answered_at) at time zone tz)::date as day, n.service_id, n.department_id, n.channel, 1 * (s.invited_at is not null)::int as invited, 1 * (s.answered_at is not null)::int as answered, 1 * (s.invited_at is not null and s.answered_at is not null)::int as answered_invited, 1 * (s.resolved is not null)::int as resolved_answers, 1 * coalesce(s.resolved, false)::int as resolved_yes, 1 * coalesce(s.satisfaction, 0) as satisfaction_sum, 1 * (s.satisfaction is not null)::int as satisfaction_n, 1 * coalesce(s.courtesy, 0) as courtesy_sum, 1 * (s.courtesy is not null)::int as courtesy_n, 1 * coalesce(s.satisfaction = 1, false)::int as s1, 1 * coalesce(s.satisfaction = 2, false)::int as s2, 1 * coalesce(s.satisfaction = 3, false)::int as s3, 1 * coalesce(s.satisfaction = 4, false)::int as s4, 1 * coalesce(s.satisfaction = 5, false)::int as s5 from old_rows o join new_rows n on n.id = o.id join surveys s on s.request_id = o.id where (n.service_id, n.department_id, n.channel) is distinct from (o.service_id, o.department_id, o.channel)) x
  where x.day is not null
  group by 1, 2, 3, 4 having sum(x.invited) <> 0 or sum(x.answered) <> 0 or sum(x.answered_invited) <> 0 or sum(x.resolved_answers) <> 0 or sum(x.resolved_yes) <> 0 or sum(x.satisfaction_sum) <> 0 or sum(x.satisfaction_n) <> 0 or sum(x.courtesy_sum) <> 0 or sum(x.courtesy_n) <> 0 or sum(x.s1) <> 0 or sum(x.s2) <> 0 or sum(x.s3) <> 0 or sum(x.s4) <> 0 or sum(x.s5) <> 0 order by 1, 2, 3, 4
  on conflict (day, service_id, department_id, channel) do update set invited = v.invited + excluded.invited, answered = v.answered + excluded.answered, answered_invited = v.answered_invited + excluded.answered_invited, resolved_answers = v.resolved_answers + excluded.resolved_answers, resolved_yes = v.resolved_yes + excluded.resolved_yes, satisfaction_sum = v.satisfaction_sum + excluded.satisfaction_sum, satisfaction_n = v.satisfaction_n + excluded.satisfaction_n, courtesy_sum = v.courtesy_sum + excluded.courtesy_sum, courtesy_n = v.courtesy_n + excluded.courtesy_n, s1 = v.s1 + excluded.s1, s2 = v.s2 + excluded.s2, s3 = v.s3 + excluded.s3, s4 = v.s4 + excluded.s4, s5 = v.s5 + excluded.s5;
  end if;
  return null;
end $$;
