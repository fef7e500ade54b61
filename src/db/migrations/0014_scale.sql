-- Scale (issue 9): every index on requests is paid for by every write (intake, import, seed), so drop the
-- two that repeat another.
-- requests_queue_idx (0007) and requests_open_dept_created_idx (0009) are the same index.
drop index if exists requests_queue_idx;
-- requests_open_dept_idx (department_id, resolve_due_at) is a prefix of requests_open_dept_due_idx
-- (department_id, resolve_due_at, id), with the same predicate.
drop index if exists requests_open_dept_idx;
