import type { Actor } from '../../domain/actor.js';
import type { Cell } from '../../domain/reports/csv.js';
import { runningMonthlyAverage, ytdWindows } from '../../domain/reports/definitions.js';
import type { ReportDeps } from './ports.js';
import { prepareReport, type ReportInput } from './prepare.js';

export interface YtdCounts {
  range: number;
  calendarYtd: number;
  fiscalYtd: number;
  running12: number;
  runningMonthlyAverage: number;
}

const zero = (): YtdCounts => ({ range: 0, calendarYtd: 0, fiscalYtd: 0, running12: 0, runningMonthlyAverage: 0 });
const add = (a: YtdCounts, b: YtdCounts) => {
  a.range += b.range;
  a.calendarYtd += b.calendarYtd;
  a.fiscalYtd += b.fiscalYtd;
  a.running12 += b.running12;
  a.runningMonthlyAverage = runningMonthlyAverage(a.running12);
};

/** Requests by type as Lynwood prints it: per service, grouped by department, over five windows. */
export async function getYtdReport(deps: ReportDeps, actor: Actor, input: ReportInput) {
  const p = await prepareReport(deps, actor, input);
  const windows = ytdWindows(p.filter, p.fiscalStartMonth);
  const [counts, names] = await Promise.all([deps.reports.ytd(windows, p.filter), deps.reports.names()]);
  const byDept = new Map<number, Map<number, YtdCounts>>();
  const cell = (d: number, s: number) => {
    const m = byDept.get(d) ?? byDept.set(d, new Map()).get(d)!;
    return m.get(s) ?? m.set(s, zero()).get(s)!;
  };
  // Every service in scope is listed, with zeros when nothing came in.
  if (!p.filter.channel && p.filter.districtId === undefined) {
    for (const [id, s] of names.services) {
      if (p.filter.serviceId !== undefined && id !== p.filter.serviceId) continue;
      if (p.filter.departmentIds && !p.filter.departmentIds.includes(s.departmentId)) continue;
      cell(s.departmentId, id);
    }
  }
  for (const c of counts) add(cell(c.departmentId, c.serviceId), { ...c, runningMonthlyAverage: 0 });
  const total = zero();
  const departments = [...byDept.entries()]
    .map(([departmentId, services]) => {
      const dTotal = zero();
      const list = [...services.entries()]
        .map(([serviceId, c]) => {
          add(dTotal, c);
          const s = names.services.get(serviceId);
          return { serviceId, code: s?.code ?? String(serviceId), name: s?.name ?? String(serviceId), ...c, runningMonthlyAverage: runningMonthlyAverage(c.running12) };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
      add(total, dTotal);
      const d = names.departments.get(departmentId);
      return { departmentId, code: d?.code ?? String(departmentId), name: d?.name ?? String(departmentId), services: list, total: dTotal };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { filter: p.filter, fiscalYearStartMonth: p.fiscalStartMonth, windows, departments, total };
}

export function ytdTable(r: Awaited<ReturnType<typeof getYtdReport>>): { header: string[]; rows: Cell[][] } {
  const header = ['department', 'service', 'range', 'calendar_ytd', 'fiscal_ytd', 'running_12_months', 'running_monthly_average'];
  const line = (d: string, s: string, c: YtdCounts): Cell[] => [d, s, c.range, c.calendarYtd, c.fiscalYtd, c.running12, c.runningMonthlyAverage.toFixed(2)];
  const rows: Cell[][] = [];
  for (const d of r.departments) {
    for (const s of d.services) rows.push(line(d.name, s.name, s));
    rows.push(line(d.name, 'Total', d.total));
  }
  rows.push(line('All departments', 'Total', r.total));
  return { header, rows };
}
