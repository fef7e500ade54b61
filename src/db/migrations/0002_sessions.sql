-- Staff sign-in: server-side sessions (the cookie carries a random token; we keep its hash).
create table sessions (
  id text primary key,
  user_id int not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

alter table users add column failed_logins int not null default 0;
alter table users add column locked_until timestamptz;
