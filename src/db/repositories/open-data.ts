import type { OpenDataFormat, OpenDataRepo } from '../../app/reports/ports.js';
import { STATUSES } from '../../domain/vocabulary.js';
import { open311Status } from '../../domain/lifecycle.js';
import { one, sql, type Db, type SQL } from '../sql.js';

// Open data is written by PostgreSQL: each page comes back as one string of finished CSV lines (or GeoJSON
// features), so a million rows cost no JavaScript object, Date or string per row on the way out.

// ISO 8601 in UTC.
const iso = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

// The Open311 status of each detailed status, from the one definition in the domain.
const OPEN311_STATUS = `(case r.status ${STATUSES.map((s) => `when '${s}' then '${open311Status(s)}'`).join(' ')} end)`;

// The same cell as csvCell (src/domain/reports/csv.ts): plain text as it is; a leading = + - @ tab or CR
// defused with '; quotes doubled and the cell quoted when it holds a quote, comma or line break.
const cell = (expr: string) => `(case when ${expr} is null then ''
  when ${expr} ~ '^[^",\\r\\n=+\\-@\\t][^",\\r\\n]*$' then ${expr}
  else (select case when v ~ '[",\\r\\n]' then '"' || replace(v, '"', '""') || '"' else v end
        from (select case when ${expr} ~ '^[=+\\-@\\t\\r]' then '''' || ${expr} else ${expr} end as v) q) end)`;
const E = String.raw;

// The catalogue's cells are quoted once per service and department, not once per request.
const SERVICE_CELLS = sql.raw(`select s.id, s.code, s.name, s.group_name, s.visibility, ${cell('s.code')} as code_cell, ${cell('s.name')} as name_cell,
  ${cell('s.group_name')} as group_cell from services s where s.visibility = 'public'`);
const DEPARTMENT_CELLS = sql.raw(`select d.id, d.name, ${cell('d.name')} as name_cell from departments d`);

// The open-data columns, chosen here so nothing else can leak: no reporter, no description (residents write
// names and phone numbers into it), no answers, no comments, no internal-only services. Same order as
// OPEN_DATA_COLUMNS; the fixed vocabularies (status, reason, channel, priority) and instants need no quoting.
const CSV_LINE = E`concat_ws(',', ${cell('r.public_id')}, s.code_cell, s.name_cell, s.group_cell, d.name_cell,
  ${OPEN311_STATUS}, r.status, coalesce(r.close_reason, ''), r.channel, r.priority,
  ${iso('r.created_at')}, coalesce(${iso('r.acknowledged_at')}, ''), coalesce(${iso('r.closed_at')}, ''), coalesce(${iso('r.resolved_at')}, ''),
  ${cell('r.address')}, ${cell('r.zipcode')}, coalesce(ST_Y(r.location)::text, ''), coalesce(ST_X(r.location)::text, '')) || E'\r\n'`;

const FEATURE = E`json_build_object('type', 'Feature',
  'geometry', case when r.location is null then null else json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(r.location), ST_Y(r.location))) end,
  'properties', json_build_object('service_request_id', r.public_id, 'service_code', s.code, 'service_name', s.name, 'service_group', s.group_name,
    'department', d.name, 'status', ${OPEN311_STATUS}, 'detailed_status', r.status, 'close_reason', r.close_reason, 'channel', r.channel,
    'priority', r.priority, 'requested_datetime', ${iso('r.created_at')}, 'acknowledged_datetime', ${iso('r.acknowledged_at')},
    'closed_datetime', ${iso('r.closed_at')}, 'resolved_datetime', ${iso('r.resolved_at')}, 'address', r.address, 'zipcode', r.zipcode))::text`;

const text: Record<OpenDataFormat, { item: SQL; separator: string }> = {
  csv: { item: sql.raw(CSV_LINE), separator: '' },
  geojson: { item: sql.raw(FEATURE), separator: ',' },
};

export function openDataRepo(db: Db): OpenDataRepo {
  return {
    async page(after, limit, f, format) {
      // The page of requests is taken first, by id alone (an index range, whatever the statistics say), then
      // joined to its service: a planner that thinks few services are public must not sort the whole table.
      const r = await one<{ last: unknown; scanned: unknown; n: unknown; body: string | null }>(
        db,
        sql`with p as materialized (
              select r.* from requests r where r.id > ${after}
                ${f.from ? sql`and r.created_at >= ${f.from.toISOString()}` : sql``}
                ${f.to ? sql`and r.created_at < ${f.to.toISOString()}` : sql``}
                ${f.serviceId !== undefined ? sql`and r.service_id = ${f.serviceId}` : sql``}
              order by r.id limit ${limit}),
            s as materialized (${SERVICE_CELLS}),
            d as materialized (${DEPARTMENT_CELLS})
            select (select max(id) from p) as last, (select count(*) from p) as scanned, count(*) as n,
              string_agg(x.item, ${text[format].separator} order by x.id) as body
            from (select r.id, ${text[format].item} as item
                  from p r join s on s.id = r.service_id join d on d.id = r.department_id) x`,
      );
      return { last: Number(r?.last ?? after), scanned: Number(r?.scanned ?? 0), count: Number(r?.n ?? 0), text: r?.body ?? '' };
    },
  };
}
