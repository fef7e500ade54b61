-- Imports and scale (issue 9): indexes for the reads that must stay fast at 10M requests.

-- The staff queue's first page: a department's open requests, newest first. Partial, so the
-- millions of closed requests of a large city's history are not in it.
create index requests_queue_idx on requests (department_id, created_at desc, id desc) where status <> 'closed';

-- Open311 GET's default and most common window: a status and a date range, newest first.
create index requests_status_created_idx on requests (status, created_at desc);
