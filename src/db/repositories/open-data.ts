import { pipeline, Transform, type Readable } from 'node:stream';
import type { OpenDataFilter, OpenDataFormat, OpenDataRepo } from '../../app/reports/ports.js';
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
const SERVICE_JSON = `',"service_code":' || coalesce(to_json(s.code)::text, 'null') || ',"service_name":' || coalesce(to_json(s.name)::text, 'null')
  || ',"service_group":' || coalesce(to_json(s.group_name)::text, 'null')`;
const SERVICES = `select s.id, s.code, s.name, s.group_name, s.visibility, ${cell('s.code')} as code_cell, ${cell('s.name')} as name_cell,
  ${cell('s.group_name')} as group_cell, ${SERVICE_JSON} as json from services s where s.visibility = 'public'`;
const DEPARTMENTS = `select d.id, d.name, ${cell('d.name')} as name_cell, coalesce(to_json(d.name)::text, 'null') as json from departments d`;
const SERVICE_CELLS = sql.raw(SERVICES);
const DEPARTMENT_CELLS = sql.raw(DEPARTMENTS);

// The open-data columns, chosen here so nothing else can leak: no reporter, no description (residents write
// names and phone numbers into it), no answers, no comments, no internal-only services. Same order as
// OPEN_DATA_COLUMNS; the fixed vocabularies (status, reason, channel, priority) and instants need no quoting.
const CSV_LINE = E`concat_ws(',', ${cell('r.public_id')}, s.code_cell, s.name_cell, s.group_cell, d.name_cell,
  ${OPEN311_STATUS}, r.status, coalesce(r.close_reason, ''), r.channel, r.priority,
  ${iso('r.created_at')}, coalesce(${iso('r.acknowledged_at')}, ''), coalesce(${iso('r.closed_at')}, ''), coalesce(${iso('r.resolved_at')}, ''),
  ${cell('r.address')}, ${cell('r.zipcode')}, coalesce(ST_Y(r.location)::text, ''), coalesce(ST_X(r.location)::text, '')) || E'\r\n'`;

// A GeoJSON feature, written as text: the free text goes through to_json (quotes, backslashes and control
// characters escaped; UTF-8 as it is), the catalogue's strings once per service and department (s.json,
// d.json), the fixed vocabularies as they are. A NULL anywhere in a || chain makes it NULL, hence the coalesces.
const jsonText = (expr: string) => `coalesce(to_json(${expr})::text, 'null')`;
const jsonInstant = (col: string) => `coalesce('"' || ${iso(col)} || '"', 'null')`;
const FEATURE = `'{"type":"Feature","geometry":'
  || coalesce('{"type":"Point","coordinates":[' || ST_X(r.location) || ',' || ST_Y(r.location) || ']}', 'null')
  || ',"properties":{"service_request_id":' || ${jsonText('r.public_id')} || s.json || ',"department":' || d.json
  || ',"status":"' || ${OPEN311_STATUS} || '","detailed_status":"' || r.status || '","close_reason":' || coalesce('"' || r.close_reason || '"', 'null')
  || ',"channel":"' || r.channel || '","priority":"' || r.priority || '","requested_datetime":' || ${jsonInstant('r.created_at')}
  || ',"acknowledged_datetime":' || ${jsonInstant('r.acknowledged_at')} || ',"closed_datetime":' || ${jsonInstant('r.closed_at')}
  || ',"resolved_datetime":' || ${jsonInstant('r.resolved_at')} || ',"address":' || ${jsonText('r.address')} || ',"zipcode":' || ${jsonText('r.zipcode')} || '}}'`;

// A GeoJSON page is its features, each on a line after a comma (the reader drops the very first comma).
const text: Record<OpenDataFormat, SQL> = {
  csv: sql.raw(CSV_LINE),
  geojson: sql.raw(`',' || ${FEATURE} || E'\n'`),
};

// ---- COPY (server) --------------------------------------------------------------------------------------------
// The same bytes as the pages, written by COPY: CSV through COPY's own CSV format, which quotes a cell exactly
// when csvCell does (it holds a quote, comma or line break; NULL is an empty cell). What is left to SQL is what
// COPY doesn't do: defusing a formula with ' and writing an empty string unquoted (as NULL). COPY ends each
// line with LF; the stream turns the line ends (never the line breaks inside quoted cells) into CRLF.
const defused = (expr: string) => `(case when ascii(${expr}) in (61, 43, 45, 64, 9, 13) then '''' || ${expr} else nullif(${expr}, '') end)`;
const COPY_SERVICES = `select s.id, ${defused('s.code')} as code, ${defused('s.name')} as name, ${defused('s.group_name')} as group_name
  from services s where s.visibility = 'public'`;
const COPY_CSV_COLUMNS = `${defused('r.public_id')}, s.code, s.name, s.group_name, ${defused('d.name')},
  ${OPEN311_STATUS}, r.status, r.close_reason, r.channel, r.priority,
  ${iso('r.created_at')}, ${iso('r.acknowledged_at')}, ${iso('r.closed_at')}, ${iso('r.resolved_at')},
  ${defused('r.address')}, ${defused('r.zipcode')}, ST_Y(r.location), ST_X(r.location)`;
// GeoJSON: one feature a line, after a comma. The JSON text never holds a control character (to_json escapes
// them, line breaks included), so COPY's CSV format with quote and delimiter characters below 0x20
// writes it as it is: nothing quoted, nothing escaped.
const COPY_FEATURE = `',' || ${FEATURE}`;

/** COPY of the export rows in id order; filters written as literals (COPY takes no parameters). */
export function openDataCopy(format: OpenDataFormat, f: OpenDataFilter): string {
  const where = [
    f.from ? `r.created_at >= '${f.from.toISOString()}'::timestamptz` : null,
    f.to ? `r.created_at < '${f.to.toISOString()}'::timestamptz` : null,
    f.serviceId !== undefined ? `r.service_id = ${Number.isSafeInteger(f.serviceId) ? f.serviceId : 0}` : null,
  ].filter((w) => w !== null);
  const csv = format === 'csv';
  return `copy (with s as materialized (${csv ? COPY_SERVICES : SERVICES})${csv ? '' : `, d as materialized (${DEPARTMENTS})`}
    select ${csv ? COPY_CSV_COLUMNS : COPY_FEATURE}
    from requests r join s on s.id = r.service_id join ${csv ? 'departments' : 'd'} d on d.id = r.department_id
    ${where.length ? `where ${where.join(' and ')}` : ''}
    order by r.id) to stdout with (format csv${csv ? '' : ", quote e'\\x01', delimiter e'\\x02'"})`;
}

/** CSV lines from COPY (LF) as the pages write them (CRLF); a line break inside a quoted cell stays as it is. */
export function crlfLines(): Transform {
  let quoted = false; // inside a quoted cell at the end of the previous chunk
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      // Most chunks hold no quote at all: every LF ends a line.
      if (!quoted && chunk.indexOf(34) === -1) return done(null, Buffer.from(chunk.toString('latin1').replaceAll('\n', '\r\n'), 'latin1'));
      let lines = 0;
      for (let i = 0, q = quoted; i < chunk.length; i++) {
        const c = chunk[i];
        if (c === 34) q = !q;
        else if (c === 10 && !q) lines++;
      }
      const out = Buffer.allocUnsafe(chunk.length + lines);
      let j = 0;
      for (let i = 0; i < chunk.length; i++) {
        const c = chunk[i]!;
        if (c === 34) quoted = !quoted;
        else if (c === 10 && !quoted) out[j++] = 13;
        out[j++] = c;
      }
      done(null, out);
    },
  });
}

/** The GeoJSON features from COPY, without the comma before the first. */
function dropFirstComma(): Transform {
  let first = true;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (first && chunk.length) {
        first = false;
        return done(null, chunk.subarray(1));
      }
      done(null, chunk);
    },
  });
}

/** How many downloads may each hold a connection for their whole length; more are served page by page. */
export const OPEN_DATA_COPY_SLOTS = 3;

export function openDataRepo(db: Db, copyOut?: (statement: string) => Readable): OpenDataRepo {
  let running = 0;
  return {
    stream: copyOut
      ? (f, format) => {
          if (running >= OPEN_DATA_COPY_SLOTS) return null;
          running++;
          // A reader that hangs up destroys the last stream; pipeline destroys the COPY stream with it, which
          // closes its connection.
          return pipeline(copyOut(openDataCopy(format, f)), format === 'csv' ? crlfLines() : dropFirstComma(), () => running--);
        }
      : undefined,
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
              string_agg(x.item, '' order by x.id) as body
            from (select r.id, ${text[format]} as item
                  from p r join s on s.id = r.service_id join d on d.id = r.department_id) x`,
      );
      return { last: Number(r?.last ?? after), scanned: Number(r?.scanned ?? 0), count: Number(r?.n ?? 0), text: r?.body ?? '' };
    },
  };
}
