-- Optional resident accounts: the privacy one-time link (0010) also signs a resident in, and a
-- sign-in opens a resident session (cookie), separate from staff sessions. Only hashes are kept.
alter table privacy_links add column purpose text not null default 'privacy' check (purpose in ('privacy', 'signin'));
create table resident_sessions (
  id bigserial primary key,
  token_hash text not null unique,
  email text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz
);
create index resident_sessions_expires_idx on resident_sessions (expires_at);
