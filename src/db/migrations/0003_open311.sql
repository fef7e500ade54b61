-- Open311 GeoReport v2 and the photo pipeline.

-- A work-order system's update_id (mySociety servicerequestupdates POST), remembered per API key so
-- that posting the same update again changes nothing. Written in the same transaction as the change.
create table open311_updates (
  api_key_id int not null references api_keys (id),
  update_id text not null,
  request_id bigint not null references requests (id) on delete cascade,
  event_ids bigint[] not null default '{}',
  created_at timestamptz not null default now(),
  primary key (api_key_id, update_id)
);

-- The public change feed (servicerequestupdates GET, notes[]) reads public events by time.
create index request_events_public_created_idx on request_events (created_at, id) where public;

create index api_keys_active_idx on api_keys (key_hash) where revoked_at is null;
create index media_request_public_idx on media (request_id, id) where visibility = 'public';
