-- Residents' own data: a one-time link sent by e-mail lets them download or erase it.
-- Only the link's hash is kept; the link works for an hour and ends with the erasure.
create table privacy_links (
  id bigserial primary key,
  token_hash text not null unique,
  email text not null,
  locale text not null default 'en',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index privacy_links_expires_idx on privacy_links (expires_at);
-- The purge finds old closed requests that still name a reporter.
create index requests_closed_reporter_idx on requests (closed_at) where reporter_id is not null and status = 'closed';
