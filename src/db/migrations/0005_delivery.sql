-- Delivery: the outbox's events fanned out into one delivery per (event, recipient), each
-- attempt kept; webhook subscriptions; scheduled jobs; integration idempotency keys.

create table webhook_subscriptions (
  id serial primary key,
  url text not null,
  events text[] not null,
  secret text not null,
  description text,
  active boolean not null default true,
  created_at timestamptz not null default now()
);

create table deliveries (
  id bigserial primary key,
  -- One row per (event, recipient): a second fan-out of the same event inserts nothing.
  dedupe_key text not null unique,
  channel text not null check (channel in ('email', 'webhook')),
  kind text not null,
  event_id bigint references request_events (id) on delete set null,
  request_id bigint references requests (id) on delete set null,
  subscription_id int references webhook_subscriptions (id) on delete set null,
  recipient text not null,
  -- Stable across retries (the e-mail's Message-ID, the webhook's webhook-id).
  message_id text not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
  attempts int not null default 0,
  available_at timestamptz not null default now(),
  locked_until timestamptz,
  locked_by text,
  last_error text,
  created_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index deliveries_due_idx on deliveries (available_at, id) where status = 'pending';
create index deliveries_status_idx on deliveries (status, id);
create index deliveries_request_idx on deliveries (request_id);
create index deliveries_conversation_idx on deliveries (request_id, recipient, id) where status = 'pending';

create table delivery_attempts (
  id bigserial primary key,
  delivery_id bigint not null references deliveries (id) on delete cascade,
  attempted_at timestamptz not null default now(),
  worker text,
  outcome text not null check (outcome in ('delivered', 'failed', 'dead')),
  response text,
  duration_ms int
);
create index delivery_attempts_delivery_idx on delivery_attempts (delivery_id, id);

-- Jobs that run on a schedule (the daily digest): whoever moves next_run_at first runs it.
create table scheduled_jobs (
  name text primary key,
  next_run_at timestamptz not null,
  last_run_at timestamptz
);

-- An integration's retried call answers with the first call's response and changes nothing.
create table idempotency_keys (
  api_key_id int not null references api_keys (id) on delete cascade,
  key text not null,
  fingerprint text not null,
  status_code int,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (api_key_id, key)
);
