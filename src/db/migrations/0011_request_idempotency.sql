-- Idempotency-Key on request submission (portal, staff API, Open311 POST). The key is claimed in
-- the same transaction that records the request, so a crash leaves either both or neither, and a
-- retry of an answered POST — or of one whose answer was lost — finds the request it made.
-- The caller's scope keeps keys apart: 'open311:<api key id>', 'staff:<user id>', or 'public'.
create table request_idempotency_keys (
  scope text not null,
  key text not null,
  fingerprint text not null,
  request_id bigint references requests (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (scope, key)
);
create index request_idempotency_keys_created_idx on request_idempotency_keys (created_at);
