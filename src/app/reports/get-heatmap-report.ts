import type { Actor } from '../../domain/actor.js';
import type { Cell } from '../../domain/reports/csv.js';
import { DEFAULT_CELL_DEGREES, MAX_HEAT_CELLS } from '../../domain/reports/definitions.js';
import type { ReportDeps } from './ports.js';
import { prepareReport, type ReportInput } from './prepare.js';

/** Where requests come from: counts on a square grid of cellDegrees, named by each cell's south-west corner. */
export async function getHeatmapReport(deps: ReportDeps, actor: Actor, input: ReportInput & { cellDegrees?: number | undefined }) {
  const p = await prepareReport(deps, actor, input);
  const cell = input.cellDegrees ?? DEFAULT_CELL_DEGREES;
  const cells = (await deps.reports.heatmap(p.filter, cell, MAX_HEAT_CELLS)).map((c) => ({
    lat: Number((c.y * cell).toFixed(6)),
    lng: Number((c.x * cell).toFixed(6)),
    count: c.count,
  }));
  return { filter: p.filter, cellDegrees: cell, max: cells[0]?.count ?? 0, cells };
}

export function heatmapTable(r: Awaited<ReturnType<typeof getHeatmapReport>>): { header: string[]; rows: Cell[][] } {
  return { header: ['south_lat', 'west_lng', 'cell_degrees', 'count'], rows: r.cells.map((c) => [c.lat, c.lng, r.cellDegrees, c.count]) };
}
