import type { Actor } from '../../domain/actor.js';
import type { Cell } from '../../domain/reports/csv.js';
import { running12 } from '../../domain/reports/dates.js';
import { percent, share, splitCost } from '../../domain/reports/definitions.js';
import type { ReportDeps } from './ports.js';
import { prepareReport, type ReportInput } from './prepare.js';

/** Settings key 'reports': { annualSystemCost: number, currency?: string }. */
export const REPORT_SETTINGS_KEY = 'reports';

/**
 * The annual system cost shared among departments by their share of requests (Lynwood's table 2). Without a
 * "from" the shares are taken over the twelve months ending on "to". Department staff see their own rows of
 * the city-wide split.
 */
export async function getCostSplitReport(deps: ReportDeps, actor: Actor, input: ReportInput) {
  const p = await prepareReport(deps, actor, { ...input, departmentId: undefined });
  const filter = { ...p.filter, ...(input.from ? {} : { from: running12(p.filter.to).from }) };
  const settings = (await deps.settings.get<{ annualSystemCost?: number; currency?: string }>(REPORT_SETTINGS_KEY)) ?? {};
  const cost = Number.isFinite(Number(settings.annualSystemCost)) ? Number(settings.annualSystemCost) : 0;
  const [counts, names] = await Promise.all([deps.reports.countsByDepartment({ ...filter, departmentIds: undefined }), deps.reports.names()]);
  const total = counts.reduce((s, c) => s + c.count, 0);
  const costs = splitCost(cost, counts.map((c) => ({ key: c.departmentId, count: c.count })));
  const visible = p.filter.departmentIds ?? (input.departmentId !== undefined ? [input.departmentId] : undefined);
  const departments = counts
    .filter((c) => !visible || visible.includes(c.departmentId))
    .map((c) => ({ departmentId: c.departmentId, name: names.departments.get(c.departmentId)?.name ?? String(c.departmentId), count: c.count, share: share(c.count, total), cost: costs.get(c.departmentId) ?? 0 }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { filter, annualSystemCost: cost, currency: settings.currency ?? 'USD', totalRequests: total, departments };
}

export function costSplitTable(r: Awaited<ReturnType<typeof getCostSplitReport>>): { header: string[]; rows: Cell[][] } {
  return {
    header: ['department', 'requests', 'share', `cost_${r.currency}`],
    rows: [...r.departments.map((d): Cell[] => [d.name, d.count, percent(d.share), d.cost.toFixed(2)]), ['Total', r.totalRequests, percent(r.totalRequests ? 1 : 0), r.annualSystemCost.toFixed(2)]],
  };
}
