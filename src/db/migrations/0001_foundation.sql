-- CivicDesk foundation schema. Runs unchanged on PGlite (PostgreSQL 18 + PostGIS) and on a
-- PostgreSQL >= 15 server with PostGIS 3. Write for PostgreSQL 15.

create extension if not exists postgis;
create extension if not exists pg_trgm;

-- Runtime settings edited by the admin (city, business calendar, fiscal year ...).
create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

create table departments (
  id serial primary key,
  code text not null unique,
  name text not null,
  translations jsonb not null default '{}',
  email text,
  phone text,
  active boolean not null default true,
  created_at timestamptz not null default now()
);

create table users (
  id serial primary key,
  email text not null,
  name text not null,
  role text not null check (role in ('admin', 'supervisor', 'call_taker', 'department_staff', 'field', 'read_only')),
  password_hash text,
  phone text,
  locale text not null default 'en',
  away boolean not null default false,
  active boolean not null default true,
  created_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

-- Which departments a staff user works for (scopes department_staff and field users).
create table user_departments (
  user_id int not null references users (id) on delete cascade,
  department_id int not null references departments (id) on delete cascade,
  primary key (user_id, department_id)
);

-- A department's liaisons: rank 0 is the lead, 1.. the backups in order.
create table department_liaisons (
  department_id int not null references departments (id) on delete cascade,
  user_id int not null references users (id) on delete cascade,
  rank int not null check (rank >= 0),
  primary key (department_id, user_id)
);

create table services (
  id serial primary key,
  code text not null unique,
  name text not null,
  group_name text not null,
  keywords text[] not null default '{}',
  description text not null default '',
  department_id int not null references departments (id),
  visibility text not null default 'public' check (visibility in ('public', 'internal')),
  information_only boolean not null default false,
  default_priority text not null default 'normal' check (default_priority in ('low', 'normal', 'high', 'urgent')),
  ack_within_hours numeric,
  resolve_within_hours numeric,
  targets_in_business_hours boolean not null default true,
  notice text,
  duplicate_radius_m int not null default 50 check (duplicate_radius_m between 0 and 5000),
  kb_answer text,
  translations jsonb not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- A service's questions: the Open311 attribute model.
create table service_attributes (
  id serial primary key,
  service_id int not null references services (id) on delete cascade,
  code text not null,
  datatype text not null check (datatype in ('string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist')),
  variable boolean not null default true,
  required boolean not null default false,
  position int not null,
  description text not null,
  datatype_description text,
  values jsonb not null default '[]',
  translations jsonb not null default '{}',
  unique (service_id, code)
);

create table district_layers (
  id serial primary key,
  code text not null unique,
  name text not null,
  is_city_limits boolean not null default false,
  created_at timestamptz not null default now()
);

create table districts (
  id serial primary key,
  layer_id int not null references district_layers (id) on delete cascade,
  code text not null,
  name text not null,
  properties jsonb not null default '{}',
  geom geometry(MultiPolygon, 4326) not null,
  unique (layer_id, code)
);
create index districts_geom_idx on districts using gist (geom);

-- The master address list.
create table addresses (
  id text primary key,
  full_address text not null,
  zipcode text,
  location geometry(Point, 4326) not null
);
create index addresses_location_idx on addresses using gist (location);
create index addresses_trgm_idx on addresses using gin (full_address gin_trgm_ops);

-- Residents who report or follow: an account, or just contact details given with a report.
create table residents (
  id serial primary key,
  email text,
  name text,
  phone text,
  locale text not null default 'en',
  has_account boolean not null default false,
  anonymised_at timestamptz,
  created_at timestamptz not null default now()
);
create index residents_email_idx on residents (lower(email));
create index residents_phone_idx on residents (phone);

-- Human-friendly ids: one counter per year ("26-000123").
create table request_counters (
  year int primary key,
  last_value int not null
);

create table requests (
  id bigserial primary key,
  public_id text not null unique,
  token text not null unique,
  service_id int not null references services (id),
  department_id int not null references departments (id),
  assignee_id int references users (id),
  status text not null default 'new' check (status in ('new', 'acknowledged', 'in_progress', 'on_hold', 'closed')),
  close_reason text check (close_reason in ('resolved', 'duplicate', 'referred', 'not_city_responsibility', 'unable_to_locate', 'no_action_needed', 'withdrawn')),
  priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
  channel text not null check (channel in ('web', 'mobile', 'open311', 'phone', 'walk_in', 'email', 'mail', 'fax', 'voicemail', 'meeting', 'social', 'field')),
  description text not null default '',
  location geometry(Point, 4326),
  address text,
  address_id text,
  zipcode text,
  district_ids int[] not null default '{}',
  reporter_id int references residents (id),
  locale text not null default 'en',
  answers jsonb not null default '{}',
  external_system text,
  external_id text,
  work_order_id text,
  duplicate_of_id bigint references requests (id),
  me_too_count int not null default 0,
  ack_due_at timestamptz,
  resolve_due_at timestamptz,
  acknowledged_at timestamptz,
  closed_at timestamptz,
  resolved_at timestamptz,
  ack_overdue boolean not null default false,
  resolve_overdue boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1,
  check ((status = 'closed') = (close_reason is not null)),
  check ((status = 'closed') = (closed_at is not null))
);
create unique index requests_external_key on requests (external_system, external_id) where external_id is not null;
create index requests_location_idx on requests using gist (location);
create index requests_location_geog_idx on requests using gist ((location::geography));
create index requests_open_dept_idx on requests (department_id, resolve_due_at) where status <> 'closed';
create index requests_service_created_idx on requests (service_id, created_at);
create index requests_created_idx on requests (created_at);
create index requests_updated_idx on requests (updated_at);
create index requests_reporter_idx on requests (reporter_id);
create index requests_districts_idx on requests using gin (district_ids);
create index requests_duplicate_of_idx on requests (duplicate_of_id) where duplicate_of_id is not null;

-- Every change to a request is an event, written in the change's transaction.
create table request_events (
  id bigserial primary key,
  request_id bigint not null references requests (id) on delete cascade,
  type text not null,
  actor_type text not null check (actor_type in ('staff', 'resident', 'system', 'integration', 'open311', 'import')),
  actor_id int,
  actor_name text,
  public boolean not null default false,
  data jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create index request_events_request_idx on request_events (request_id, id);
create index request_events_created_idx on request_events (created_at);

create table comments (
  id bigserial primary key,
  request_id bigint not null references requests (id) on delete cascade,
  author_user_id int references users (id),
  author_name text,
  visibility text not null check (visibility in ('public', 'internal')),
  body text not null,
  created_at timestamptz not null default now()
);
create index comments_request_idx on comments (request_id, id);

create table media (
  id bigserial primary key,
  request_id bigint not null references requests (id) on delete cascade,
  comment_id bigint references comments (id) on delete set null,
  kind text not null default 'photo',
  visibility text not null default 'public' check (visibility in ('public', 'internal')),
  content_type text not null,
  byte_size int not null,
  width int,
  height int,
  filename text,
  external_url text,
  uploaded_by_user_id int references users (id),
  created_at timestamptz not null default now()
);
create index media_request_idx on media (request_id);

-- Photo bytes live in the database so every API process sees them and a backup has them.
create table media_blobs (
  media_id bigint not null references media (id) on delete cascade,
  variant text not null check (variant in ('original', 'thumbnail')),
  data bytea not null,
  primary key (media_id, variant)
);

create table followers (
  id bigserial primary key,
  request_id bigint not null references requests (id) on delete cascade,
  resident_id int references residents (id) on delete cascade,
  email text,
  locale text not null default 'en',
  unsubscribe_token text not null unique,
  via text not null default 'follow' check (via in ('reporter', 'follow', 'me_too', 'duplicate')),
  created_at timestamptz not null default now()
);
create unique index followers_request_email_key on followers (request_id, lower(email)) where email is not null;
create index followers_request_idx on followers (request_id);

create table api_keys (
  id serial primary key,
  name text not null,
  kind text not null default 'open311' check (kind in ('open311', 'integration')),
  prefix text not null,
  key_hash text not null unique,
  scopes text[] not null default '{}',
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Work to do after a change commits: written in the change's transaction, claimed by the
-- dispatcher with FOR UPDATE SKIP LOCKED.
create table outbox (
  id bigserial primary key,
  topic text not null,
  payload jsonb not null default '{}',
  status text not null default 'pending' check (status in ('pending', 'done', 'dead')),
  attempts int not null default 0,
  available_at timestamptz not null default now(),
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  done_at timestamptz
);
create index outbox_pending_idx on outbox (available_at, id) where status = 'pending';

create table audit_log (
  id bigserial primary key,
  actor_user_id int references users (id),
  actor_name text,
  action text not null,
  entity text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_created_idx on audit_log (created_at);
