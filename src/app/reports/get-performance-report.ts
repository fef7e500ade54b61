import type { Actor } from '../../domain/actor.js';
import type { Cell } from '../../domain/reports/csv.js';
import { AGE_BUCKETS, percent, share, type AgeBucket } from '../../domain/reports/definitions.js';
import type { PerformanceRow, ReportDeps } from './ports.js';
import { prepareReport, type ReportInput } from './prepare.js';

export const OVERDUE_LIMIT = 500;

type Backlog = Record<AgeBucket, number>;
const emptyBacklog = (): Backlog => Object.fromEntries(AGE_BUCKETS.map((b) => [b.key, 0])) as Backlog;

/**
 * Turnaround by service and department for requests that came in during the range (business hours, the one
 * definition of resolved), plus the open backlog by age and the overdue list as they stand now.
 */
export async function getPerformanceReport(deps: ReportDeps, actor: Actor, input: ReportInput) {
  const p = await prepareReport(deps, actor, input);
  const [perf, backlogRows, overdue, names] = await Promise.all([
    deps.reports.performance(p.filter),
    deps.reports.backlog(p.filter, p.now),
    deps.reports.overdue(p.filter, p.now, OVERDUE_LIMIT),
    deps.reports.names(),
  ]);
  // One method for the whole report (the range's size decides it).
  const percentiles = perf[0]?.percentiles ?? 'exact';
  const key = (d: number | null, s: number | null) => `${d ?? '*'}:${s ?? '*'}`;
  const rows = new Map<string, PerformanceRow & { backlog: Backlog; open: number }>();
  const blank = (level: PerformanceRow['level'], departmentId: number | null, serviceId: number | null) => ({
    level, departmentId, serviceId, count: 0, acknowledged: 0, ackMedianHours: null, ackP90Hours: null, resolved: 0, resolveMedianHours: null,
    resolveP90Hours: null, ackMeasured: 0, ackWithin: 0, resolveMeasured: 0, resolveWithin: 0, percentiles, backlog: emptyBacklog(), open: 0,
  });
  for (const r of perf) rows.set(key(r.departmentId, r.serviceId), { ...r, backlog: emptyBacklog(), open: 0 });
  for (const b of backlogRows) {
    for (const [level, d, s] of [['service', b.departmentId, b.serviceId], ['department', b.departmentId, null], ['total', null, null]] as const) {
      const k = key(d, s);
      const row = rows.get(k) ?? rows.set(k, blank(level, d, s)).get(k)!;
      row.backlog[b.bucket as AgeBucket] += b.count;
      row.open += b.count;
    }
  }
  if (!rows.has(key(null, null))) rows.set(key(null, null), blank('total', null, null));
  const shape = (r: PerformanceRow & { backlog: Backlog; open: number }) => ({
    ...r,
    department: r.departmentId === null ? null : names.departments.get(r.departmentId)?.name ?? String(r.departmentId),
    service: r.serviceId === null ? null : names.services.get(r.serviceId)?.name ?? String(r.serviceId),
    ackWithinShare: r.ackMeasured ? share(r.ackWithin, r.ackMeasured) : null,
    resolveWithinShare: r.resolveMeasured ? share(r.resolveWithin, r.resolveMeasured) : null,
  });
  const all = [...rows.values()].map(shape);
  const byName = (a: { department: string | null; service: string | null }, b: typeof a) =>
    (a.department ?? '').localeCompare(b.department ?? '') || (a.service ?? '').localeCompare(b.service ?? '');
  return {
    filter: p.filter,
    now: p.now,
    /** 'histogram': medians and 90th percentiles within 2% of the exact figure (a range of more than EXACT_PERCENTILE_LIMIT requests). */
    percentiles,
    services: all.filter((r) => r.level === 'service').sort(byName),
    departments: all.filter((r) => r.level === 'department').sort(byName),
    total: all.find((r) => r.level === 'total')!,
    overdue: {
      total: overdue.total,
      items: overdue.items.map((o) => ({ ...o, department: names.departments.get(o.departmentId)?.name ?? null, service: names.services.get(o.serviceId)?.name ?? null })),
    },
  };
}

const hours = (h: number | null) => (h === null ? '' : h.toFixed(2));

export function performanceTable(r: Awaited<ReturnType<typeof getPerformanceReport>>): { header: string[]; rows: Cell[][] } {
  const header = [
    'level', 'department', 'service', 'count', 'acknowledged', 'ack_median_business_hours', 'ack_p90_business_hours', 'ack_within_target',
    'resolved', 'resolve_median_business_hours', 'resolve_p90_business_hours', 'resolve_within_target', 'open', ...AGE_BUCKETS.map((b) => `open_${b.key}`),
  ];
  const rows = [...r.services, ...r.departments, r.total].map((x): Cell[] => [
    x.level, x.department, x.service, x.count, x.acknowledged, hours(x.ackMedianHours), hours(x.ackP90Hours), x.ackWithinShare === null ? '' : percent(x.ackWithinShare),
    x.resolved, hours(x.resolveMedianHours), hours(x.resolveP90Hours), x.resolveWithinShare === null ? '' : percent(x.resolveWithinShare), x.open,
    ...AGE_BUCKETS.map((b) => x.backlog[b.key]),
  ]);
  return { header, rows };
}

export function overdueTable(r: Awaited<ReturnType<typeof getPerformanceReport>>): { header: string[]; rows: Cell[][] } {
  return {
    header: ['public_id', 'department', 'service', 'status', 'priority', 'address', 'created_at', 'ack_due_at', 'resolve_due_at', 'acknowledged_at'],
    rows: r.overdue.items.map((o) => [o.publicId, o.department, o.service, o.status, o.priority, o.address, o.createdAt, o.ackDueAt, o.resolveDueAt, o.acknowledgedAt]),
  };
}
