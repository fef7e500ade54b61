import { useTranslation } from 'react-i18next';
import type { Me } from '../api.js';
import { Pick, ReportPage, TableScroll, useFormat } from './ReportPage.js';
import type { HeatmapReport as Heat } from './reportsApi.js';

const CELLS = ['0.0025', '0.005', '0.01', '0.02'];
const TOP = 25;
// Light to dark, readable without colour too: each square's count is in its tooltip and the table.
const SHADES = ['#fde9c9', '#f9c784', '#f29e4c', '#d96a2b', '#a63d13', '#6b1f06'];

/** Where requests come from, drawn as a grid of squares (no map tiles needed), and the busiest squares. */
export function HeatmapReport({ me }: { me: Me['user'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <ReportPage<Heat>
      name="heatmap"
      me={me}
      extra={['cell']}
      extraControls={(f, set) => (
        <Pick id="rf-cell" label={t('console.reports.heatmap.cell')} value={f.cell ?? '0.005'} onChange={(v) => set('cell', v === '0.005' ? '' : v)}>
          {CELLS.map((c) => (
            <option key={c} value={c}>
              {t('console.reports.heatmap.cellSize', { metres: Math.round(Number(c) * 111_000) })}
            </option>
          ))}
        </Pick>
      )}
    >
      {(r) => {
        const total = r.cells.reduce((s, c) => s + c.count, 0);
        const top = [...r.cells].sort((a, b) => b.count - a.count || a.lat - b.lat || a.lng - b.lng).slice(0, TOP);
        const label = t('console.reports.heatmap.alt', { total: fmt.count(total), cells: fmt.count(r.cells.length), max: fmt.count(r.max) });
        return r.cells.length === 0 ? (
          <p className="card">{t('console.reports.heatmap.none')}</p>
        ) : (
          <div className="report-grid">
            <figure className="chart-figure">
              <Grid r={r} label={label} />
              <figcaption>
                {label}
                <Legend max={r.max} />
              </figcaption>
            </figure>
            <TableScroll label={t('console.reports.heatmap.top', { count: top.length })}>
              <table className="report-table" data-testid="heatmap-table">
                <caption>{t('console.reports.heatmap.top', { count: top.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('console.reports.heatmap.square')}</th>
                    <th scope="col" className="num">
                      {t('console.reports.count')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {top.map((c) => (
                    <tr key={`${c.lat},${c.lng}`}>
                      <th scope="row">{`${c.lat.toFixed(4)}, ${c.lng.toFixed(4)}`}</th>
                      <td className="num">{fmt.count(c.count)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="total">
                    <th scope="row">{t('console.reports.heatmap.all', { cells: fmt.count(r.cells.length) })}</th>
                    <td className="num">{fmt.count(total)}</td>
                  </tr>
                </tfoot>
              </table>
            </TableScroll>
          </div>
        );
      }}
    </ReportPage>
  );
}

const shade = (count: number, max: number) => SHADES[Math.min(SHADES.length - 1, Math.floor((count / Math.max(1, max)) * SHADES.length - 1e-9))]!;

/** The squares in their places: north up, longitude shrunk by the latitude's cosine as on a map. */
function Grid({ r, label }: { r: Heat; label: string }) {
  const s = r.cellDegrees;
  const lats = r.cells.map((c) => c.lat);
  const lngs = r.cells.map((c) => c.lng);
  const south = Math.min(...lats);
  const north = Math.max(...lats) + s;
  const west = Math.min(...lngs);
  const east = Math.max(...lngs) + s;
  const k = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const pad = s;
  const w = (east - west) * k + 2 * pad * k;
  const h = north - south + 2 * pad;
  return (
    <svg className="heat-grid" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label} data-testid="heat-grid" preserveAspectRatio="xMidYMid meet">
      <rect x={0} y={0} width={w} height={h} fill="#f4f6f9" stroke="#c9d1db" strokeWidth={h / 300} />
      {r.cells.map((c) => (
        <rect key={`${c.lat},${c.lng}`} x={(c.lng - west + pad) * k} y={north + pad - (c.lat + s)} width={s * k} height={s} fill={shade(c.count, r.max)} stroke="#fff" strokeWidth={s / 20}>
          <title>{`${c.lat.toFixed(4)}, ${c.lng.toFixed(4)}: ${c.count}`}</title>
        </rect>
      ))}
    </svg>
  );
}

function Legend({ max }: { max: number }) {
  const { t } = useTranslation();
  return (
    <span className="heat-legend" aria-hidden="true">
      {t('console.reports.heatmap.fewer')}
      {SHADES.map((c) => (
        <span key={c} className="swatch" style={{ background: c }} />
      ))}
      {t('console.reports.heatmap.more', { max })}
    </span>
  );
}
