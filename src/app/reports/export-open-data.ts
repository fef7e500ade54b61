import { Readable, Transform, pipeline } from 'node:stream';
import { csvLine } from '../../domain/reports/csv.js';
import type { OpenDataFilter, OpenDataFormat, OpenDataPage, ReportDeps } from './ports.js';

export const OPEN_DATA_PAGE = 5000;

export const OPEN_DATA_COLUMNS = [
  'service_request_id', 'service_code', 'service_name', 'service_group', 'department', 'status', 'detailed_status', 'close_reason',
  'channel', 'priority', 'requested_datetime', 'acknowledged_datetime', 'closed_datetime', 'resolved_datetime', 'address', 'zipcode', 'lat', 'long',
] as const;

/** What comes before and after the rows of each format. */
const FRAME: Record<OpenDataFormat, { head: string; tail: string }> = {
  csv: { head: csvLine([...OPEN_DATA_COLUMNS]), tail: '' },
  geojson: { head: '{"type":"FeatureCollection","features":[\n', tail: ']}\n' },
};

/**
 * Every public request as open data, page by page in id order, each page written out by the database (CSV
 * lines or GeoJSON features), so an export of any size holds at most two pages in memory: the one being sent
 * and the next one, fetched meanwhile. Rows carry no reporter, description, answers or comments.
 */
export async function* exportOpenData(deps: ReportDeps, format: OpenDataFormat, f: OpenDataFilter = {}): AsyncGenerator<string> {
  let next: Promise<OpenDataPage> | null = deps.openData.page(0, OPEN_DATA_PAGE, f, format);
  let first = true;
  while (next) {
    const page: OpenDataPage = await next;
    next = page.scanned === OPEN_DATA_PAGE ? deps.openData.page(page.last, OPEN_DATA_PAGE, f, format) : null;
    // A reader that stops early leaves at most one query in flight; its rejection must not go unhandled.
    next?.catch(() => undefined);
    if (!page.count) continue;
    // The first GeoJSON feature has no comma before it.
    yield first && format === 'geojson' ? page.text.slice(1) : page.text;
    first = false;
  }
}

async function* paged(deps: ReportDeps, format: OpenDataFormat, f: OpenDataFilter) {
  yield FRAME[format].head;
  yield* exportOpenData(deps, format, f);
  if (FRAME[format].tail) yield FRAME[format].tail;
}

/**
 * The whole download (CSV with its header line, or a GeoJSON FeatureCollection) as a stream read only as fast
 * as the client takes it. On a server the rows come from one COPY; otherwise (or when too many downloads hold
 * a connection already) page by page. Destroying the stream (a client that hangs up) lets its connection go.
 */
export function openDataDocument(deps: ReportDeps, format: OpenDataFormat, f: OpenDataFilter = {}): Readable {
  const rows = deps.openData.stream?.(f, format);
  if (!rows) return Readable.from(paged(deps, format, f));
  const { head, tail } = FRAME[format];
  const framed = new Transform({ transform: (chunk, _enc, done) => done(null, chunk), flush: (done) => done(null, tail || null) });
  framed.push(head);
  return pipeline(rows, framed, () => undefined);
}
