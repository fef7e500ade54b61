import type { Deps } from '../app/ports.js';
import type { ReportDeps } from '../app/reports/ports.js';
import type { DatabaseHandle } from './connect.js';
import { openDataRepo } from './repositories/open-data.js';
import { reportsRepo } from './repositories/reports.js';

/** The report use cases' dependencies, on this database. */
export function makeReportDeps(handle: DatabaseHandle, deps: Pick<Deps, 'clock' | 'repos'>): ReportDeps {
  return { reports: reportsRepo(handle.db), openData: openDataRepo(handle.db, handle.copyOut), settings: deps.repos.settings, clock: deps.clock };
}
