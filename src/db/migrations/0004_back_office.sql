-- The back office: routing rules, auto-assignment, overdue sweeps, duplicates and addresses.

-- Which department gets a request, by service, by district, or by both. Precedence (src/domain/routing.ts):
-- service+district > service > district > the service's own department.
create table routing_rules (
  id serial primary key,
  service_id int references services (id) on delete cascade,
  district_id int references districts (id) on delete cascade,
  department_id int not null references departments (id) on delete cascade,
  -- null: follow the department's auto_assign setting.
  auto_assign boolean,
  note text,
  created_at timestamptz not null default now(),
  check (service_id is not null or district_id is not null)
);
create unique index routing_rules_key on routing_rules (coalesce(service_id, 0), coalesce(district_id, 0));

-- Give every new request of the department to its lead liaison (or the first backup who is not away).
alter table departments add column auto_assign boolean not null default false;

-- A follower who came to a request because another request was marked its duplicate remembers which one,
-- so reopening that duplicate takes exactly them away again.
alter table followers add column via_request_id bigint references requests (id) on delete cascade;

-- The overdue sweep reads only the requests that can still become overdue.
create index requests_ack_sweep_idx on requests (ack_due_at)
  where status <> 'closed' and acknowledged_at is null and not ack_overdue and ack_due_at is not null;
create index requests_resolve_sweep_idx on requests (resolve_due_at)
  where status <> 'closed' and not resolve_overdue and resolve_due_at is not null;

-- Address search reads the house number first: an exact match on it narrows 100,000 addresses to a few
-- dozen before the trigram comparison of the street. When the number doesn't match (mistyped, or none given)
-- it finds the street among the few thousand distinct streets, then the addresses on it. Searching every
-- address by trigrams instead takes seconds at 100,000 when the street words are common ("street", "oak").
-- See src/db/repositories/addresses.ts and bench/addresses.ts.
create index addresses_number_idx on addresses (lower(split_part(full_address, ' ', 1)));
create index addresses_street_idx on addresses (lower(substr(full_address, strpos(full_address, ' ') + 1)));
create table address_streets (street text primary key);
create index address_streets_trgm_idx on address_streets using gin (street gin_trgm_ops);
-- Kept by triggers, so every writer of addresses (the import, the demo seed, a hand-written INSERT) feeds
-- it. A street no address uses any more stays listed: it only costs a lookup that finds no address.
create function address_streets_add() returns trigger language plpgsql as $$
begin
  insert into address_streets (street)
  select distinct lower(substr(n.full_address, strpos(n.full_address, ' ') + 1)) from new_rows n
  on conflict do nothing;
  return null;
end
$$;
create trigger addresses_streets_insert after insert on addresses referencing new table as new_rows
  for each statement execute function address_streets_add();
create trigger addresses_streets_update after update on addresses referencing new table as new_rows
  for each statement execute function address_streets_add();
insert into address_streets select distinct lower(substr(full_address, strpos(full_address, ' ') + 1)) from addresses on conflict do nothing;
