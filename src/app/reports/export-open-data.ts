import type { OpenDataRow, ReportDeps } from './ports.js';

export const OPEN_DATA_PAGE = 5000;

/**
 * Every public request as open data, page by page in id order, so an export of any size holds at most two
 * pages in memory: the one being written and the next one, fetched meanwhile. Rows carry no reporter,
 * description, answers or comments (see OpenDataRow).
 */
export async function* exportOpenData(deps: ReportDeps, f: { from?: Date | undefined; to?: Date | undefined; serviceId?: number | undefined } = {}): AsyncGenerator<OpenDataRow[]> {
  let next: Promise<OpenDataRow[]> | null = deps.openData.page(0, OPEN_DATA_PAGE, f);
  while (next) {
    const page: OpenDataRow[] = await next;
    next = page.length === OPEN_DATA_PAGE ? deps.openData.page(page[page.length - 1]!.id, OPEN_DATA_PAGE, f) : null;
    // A reader that stops early leaves at most one query in flight; its rejection must not go unhandled.
    next?.catch(() => undefined);
    if (page.length) yield page;
  }
}
