import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart.js';
import type { Me } from '../api.js';
import { Pick, ReportPage, TableScroll, useFormat } from './ReportPage.js';
import type { TrendsReport as Trends } from './reportsApi.js';

const SERIES = ['opened', 'closed', 'resolved'] as const;

/** A trend needs more than the month so far: without dates, the twelve months up to today. */
function lastTwelveMonths() {
  const d = new Date();
  const from = new Date(Date.UTC(d.getFullYear(), d.getMonth() - 11, 1));
  return { from: from.toISOString().slice(0, 10) };
}

/** Requests received, closed and resolved per week or month: a line chart and its table. */
export function TrendsReport({ me }: { me: Me['user'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const bucket = (b: string, grain: string) => (grain === 'month' ? b.slice(0, 7) : fmt.day(b));
  return (
    <ReportPage<Trends>
      name="trends"
      me={me}
      extra={['grain']}
      defaults={lastTwelveMonths}
      extraControls={(f, set) => (
        <Pick id="rf-grain" label={t('console.reports.trends.grain')} value={f.grain ?? 'month'} onChange={(v) => set('grain', v === 'month' ? '' : v)}>
          <option value="month">{t('console.reports.trends.month')}</option>
          <option value="week">{t('console.reports.trends.week')}</option>
        </Pick>
      )}
    >
      {(r) => (
        <>
          <figure className="chart-figure wide">
            <Chart
              kind="line"
              height={300}
              labels={r.points.map((p) => bucket(p.bucket, r.grain))}
              series={SERIES.map((s) => ({ label: t(`console.reports.trends.${s}`), data: r.points.map((p) => p[s]) }))}
              label={t('console.reports.trends.chart', { grain: t(`console.reports.trends.per.${r.grain}`) })}
            />
            <figcaption>{t('console.reports.trends.chart', { grain: t(`console.reports.trends.per.${r.grain}`) })}</figcaption>
          </figure>
          <TableScroll label={t('console.reports.trends.title')}>
            <table className="report-table" data-testid="trends-table">
              <caption className="sr-only">{t('console.reports.trends.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(`console.reports.trends.${r.grain}`)}</th>
                  {SERIES.map((s) => (
                    <th key={s} scope="col" className="num">
                      {t(`console.reports.trends.${s}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.points.map((p) => (
                  <tr key={p.bucket} data-bucket={p.bucket}>
                    <th scope="row">{bucket(p.bucket, r.grain)}</th>
                    {SERIES.map((s) => (
                      <td key={s} className="num">
                        {fmt.count(p[s])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </ReportPage>
  );
}
