import type { Actor } from '../../domain/actor.js';
import type { Cell } from '../../domain/reports/csv.js';
import { channelWindows, percent, share } from '../../domain/reports/definitions.js';
import { CHANNELS } from '../../domain/vocabulary.js';
import type { ReportDeps } from './ports.js';
import { prepareReport, type ReportInput } from './prepare.js';

/** Contacts by channel and year, counts and shares of the year (Lynwood's table of contact methods). */
export async function getChannelReport(deps: ReportDeps, actor: Actor, input: ReportInput) {
  const p = await prepareReport(deps, actor, input);
  const counts = await deps.reports.channelsByYear(p.filter);
  const years = channelWindows(p.filter).map((w) => {
    const mine = counts.filter((c) => c.year === w.year);
    const total = mine.reduce((s, c) => s + c.count, 0);
    const channels = CHANNELS.filter((ch) => !p.filter.channel || ch === p.filter.channel).map((channel) => {
      const count = mine.find((c) => c.channel === channel)?.count ?? 0;
      return { channel, count, share: share(count, total) };
    });
    return { ...w, total, channels };
  });
  return { filter: p.filter, years };
}

export function channelTable(r: Awaited<ReturnType<typeof getChannelReport>>): { header: string[]; rows: Cell[][] } {
  const rows: Cell[][] = [];
  for (const y of r.years) {
    for (const c of y.channels) rows.push([y.year, c.channel, c.count, percent(c.share)]);
    rows.push([y.year, 'total', y.total, percent(y.total ? 1 : 0)]);
  }
  return { header: ['year', 'channel', 'count', 'percent'], rows };
}
