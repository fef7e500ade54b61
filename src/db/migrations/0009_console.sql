-- The staff console and the admin (issue 7).

-- Public replies staff pick from when they comment, in English and Spanish; edited in the admin.
create table response_templates (
  id serial primary key,
  name text not null,
  body text not null,
  translations jsonb not null default '{}',
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The queue: a department's open requests by age and by due time (the first page of a 50,000-row
-- department reads straight off these in order instead of sorting every open row).
create index requests_open_dept_created_idx on requests (department_id, created_at desc, id desc) where status <> 'closed';
create index requests_open_created_idx on requests (created_at desc, id desc) where status <> 'closed';
create index requests_open_dept_due_idx on requests (department_id, resolve_due_at, id) where status <> 'closed';
create index requests_assignee_open_idx on requests (assignee_id) where status <> 'closed';

create index audit_log_entity_idx on audit_log (entity, entity_id);
