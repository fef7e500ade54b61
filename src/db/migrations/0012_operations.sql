-- Operations: /metrics counts dead outbox jobs at every scrape; done jobs pile up, so the dead
-- ones get a small partial index of their own (pending ones already have one).
create index outbox_dead_idx on outbox (id) where status = 'dead';
