import type { Actor } from '../../domain/actor.js';
import type { Cell } from '../../domain/reports/csv.js';
import { addDays, addMonths } from '../../domain/reports/dates.js';
import { bucketStart, type TrendGrain } from '../../domain/reports/definitions.js';
import type { ReportDeps } from './ports.js';
import { prepareReport, type ReportInput } from './prepare.js';

/** Requests opened, closed and resolved per week or month of the range (empty buckets included). */
export async function getTrendsReport(deps: ReportDeps, actor: Actor, input: ReportInput & { grain: TrendGrain }) {
  const p = await prepareReport(deps, actor, input);
  const found = new Map((await deps.reports.trends(p.filter, input.grain)).map((t) => [t.bucket, t]));
  const points = [];
  for (let b = bucketStart(p.filter.from, input.grain); b <= p.filter.to; b = input.grain === 'week' ? addDays(b, 7) : addMonths(b, 1)) {
    points.push(found.get(b) ?? { bucket: b, opened: 0, closed: 0, resolved: 0 });
  }
  return { filter: p.filter, grain: input.grain, points };
}

export function trendsTable(r: Awaited<ReturnType<typeof getTrendsReport>>): { header: string[]; rows: Cell[][] } {
  return { header: [r.grain, 'opened', 'closed', 'resolved'], rows: r.points.map((x) => [x.bucket, x.opened, x.closed, x.resolved]) };
}
