import { addMonths, localDateOf, running12, startOfMonth } from '../../domain/reports/dates.js';
import { share, ytdWindows } from '../../domain/reports/definitions.js';
import type { ReportDeps } from './ports.js';
import { ensureRollups } from './prepare.js';

function months(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = startOfMonth(from); m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * The public performance page: city-wide measures over the last twelve months and monthly trends over two
 * years, public services only, counts and durations only (nothing about any person or single request).
 */
export async function getPublicPerformance(deps: ReportDeps) {
  await ensureRollups(deps);
  const calendar = await deps.settings.calendar();
  const today = localDateOf(deps.clock.now(), calendar.timeZone);
  const year = running12(today);
  const trendFrom = addMonths(startOfMonth(today), -23);
  const base = { publicOnly: true as const };
  const [perf, trends, byService, names] = await Promise.all([
    deps.reports.performance({ ...year, ...base }),
    deps.reports.trends({ from: trendFrom, to: today, ...base }, 'month'),
    deps.reports.ytd(ytdWindows(year, 7), base),
    deps.reports.names(),
  ]);
  const total = perf.find((r) => r.level === 'total');
  const serviceCounts = new Map<number, number>();
  for (const r of byService) serviceCounts.set(r.serviceId, (serviceCounts.get(r.serviceId) ?? 0) + r.running12);
  return {
    period: year,
    received: total?.count ?? 0,
    resolved: total?.resolved ?? 0,
    medianHoursToAcknowledge: total?.ackMedianHours ?? null,
    medianHoursToResolve: total?.resolveMedianHours ?? null,
    p90HoursToResolve: total?.resolveP90Hours ?? null,
    acknowledgedWithinTarget: total?.ackMeasured ? share(total.ackWithin, total.ackMeasured) : null,
    resolvedWithinTarget: total?.resolveMeasured ? share(total.resolveWithin, total.resolveMeasured) : null,
    monthly: months(trendFrom, today).map((m) => {
      const t = trends.find((x) => x.bucket === m);
      return { month: m.slice(0, 7), opened: t?.opened ?? 0, closed: t?.closed ?? 0, resolved: t?.resolved ?? 0 };
    }),
    topServices: [...serviceCounts.entries()]
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([id, count]) => ({ code: names.services.get(id)?.code ?? String(id), name: names.services.get(id)?.name ?? String(id), count })),
  };
}

type PublicPerformance = Awaited<ReturnType<typeof getPublicPerformance>>;

/**
 * The public page as the public route serves it: computed at most once per `maxAgeMs` (callers meanwhile
 * share the figures, or the computation in flight). Its twelve-month percentiles sort every request of the
 * year, seconds at a million requests, and the page is the same for everyone; figures up to a few minutes
 * old are what a performance page promises anyway.
 */
export function cachedPublicPerformance(deps: ReportDeps, maxAgeMs: number): () => Promise<PublicPerformance> {
  let cached: { at: number; value: Promise<PublicPerformance> } | null = null;
  return () => {
    const now = deps.clock.now().getTime();
    if (!cached || now - cached.at >= maxAgeMs || now < cached.at) {
      const value = getPublicPerformance(deps);
      cached = { at: now, value };
      // A failed computation is not kept: the next caller tries again.
      value.catch(() => {
        if (cached?.value === value) cached = null;
      });
    }
    return cached.value;
  };
}
