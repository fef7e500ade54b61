import type { OpenDataFormat, OpenDataPage, ReportDeps } from './ports.js';

export const OPEN_DATA_PAGE = 5000;

export const OPEN_DATA_COLUMNS = [
  'service_request_id', 'service_code', 'service_name', 'service_group', 'department', 'status', 'detailed_status', 'close_reason',
  'channel', 'priority', 'requested_datetime', 'acknowledged_datetime', 'closed_datetime', 'resolved_datetime', 'address', 'zipcode', 'lat', 'long',
] as const;

/**
 * Every public request as open data, page by page in id order, each page written out by the database (CSV
 * lines or GeoJSON features), so an export of any size holds at most two pages in memory: the one being sent
 * and the next one, fetched meanwhile. Rows carry no reporter, description, answers or comments.
 */
export async function* exportOpenData(
  deps: ReportDeps,
  format: OpenDataFormat,
  f: { from?: Date | undefined; to?: Date | undefined; serviceId?: number | undefined } = {},
): AsyncGenerator<string> {
  let next: Promise<OpenDataPage> | null = deps.openData.page(0, OPEN_DATA_PAGE, f, format);
  while (next) {
    const page: OpenDataPage = await next;
    next = page.scanned === OPEN_DATA_PAGE ? deps.openData.page(page.last, OPEN_DATA_PAGE, f, format) : null;
    // A reader that stops early leaves at most one query in flight; its rejection must not go unhandled.
    next?.catch(() => undefined);
    if (page.count) yield page.text;
  }
}
