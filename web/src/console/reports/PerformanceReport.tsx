import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Chart } from '../../components/Chart.js';
import type { Me } from '../api.js';
import { ReportPage, TableScroll, useFormat, useNames } from './ReportPage.js';
import type { PerformanceReport as Perf, PerfRow } from './reportsApi.js';

export const AGE_BUCKETS = ['under_1d', '1_3d', '3_7d', '7_30d', '30_90d', 'over_90d'] as const;

/** Turnaround in business hours against targets, the open backlog by age, and the overdue list. */
export function PerformanceReport({ me }: { me: Me['user'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const names = useNames();
  const figures = (x: PerfRow) => [
    fmt.count(x.count),
    fmt.count(x.acknowledged),
    fmt.hours(x.ackMedianHours),
    fmt.hours(x.ackP90Hours),
    fmt.share(x.ackWithinShare),
    fmt.count(x.resolved),
    fmt.hours(x.resolveMedianHours),
    fmt.hours(x.resolveP90Hours),
    fmt.share(x.resolveWithinShare),
    fmt.count(x.open),
  ];
  const COLS = ['count', 'acknowledged', 'ackMedian', 'ackP90', 'ackWithin', 'resolved', 'resolveMedian', 'resolveP90', 'resolveWithin', 'open'] as const;
  return (
    <ReportPage<Perf> name="performance" me={me} moreCsv={[{ name: 'overdue', label: t('console.reports.performance.overdueCsv') }]}>
      {(r) => (
        <>
          <dl className="headline" data-testid="perf-headline">
            {(
              [
                ['count', fmt.count(r.total.count)],
                ['ackMedian', fmt.hours(r.total.ackMedianHours)],
                ['resolveMedian', fmt.hours(r.total.resolveMedianHours)],
                ['resolveP90', fmt.hours(r.total.resolveP90Hours)],
                ['resolveWithin', fmt.share(r.total.resolveWithinShare)],
                ['open', fmt.count(r.total.open)],
              ] as const
            ).map(([k, v]) => (
              <div key={k} data-figure={k}>
                <dt>{t(`console.reports.performance.${k}`)}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          <h2>{t('console.reports.performance.turnaround')}</h2>
          <p className="muted">{t('console.reports.performance.hoursNote')}</p>
          {r.percentiles === 'histogram' && <p className="muted" data-testid="perf-approx">{t('console.reports.performance.histogramNote')}</p>}
          <TableScroll label={t('console.reports.performance.turnaround')}>
            <table className="report-table perf-table" data-testid="perf-table">
              <caption className="sr-only">{t('console.reports.performance.turnaround')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('console.reports.performance.who')}</th>
                  {COLS.map((c) => (
                    <th key={c} scope="col" className="num">
                      {t(`console.reports.performance.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              {r.departments.map((d) => (
                <tbody key={d.departmentId} className="keep">
                  <tr className="group-row" data-department={d.departmentId}>
                    <th scope="row">{names.department(d.departmentId, d.department)}</th>
                    {figures(d).map((v, i) => (
                      <td key={COLS[i]} className="num">
                        {v}
                      </td>
                    ))}
                  </tr>
                  {r.services
                    .filter((s) => s.departmentId === d.departmentId)
                    .map((s) => (
                      <tr key={s.serviceId} data-service={s.serviceId}>
                        <th scope="row" className="indent">
                          {names.service(s.serviceId, s.service)}
                        </th>
                        {figures(s).map((v, i) => (
                          <td key={COLS[i]} className="num">
                            {v}
                          </td>
                        ))}
                      </tr>
                    ))}
                </tbody>
              ))}
              <tfoot>
                <tr className="total" data-total="all">
                  <th scope="row">{t('console.reports.total')}</th>
                  {figures(r.total).map((v, i) => (
                    <td key={COLS[i]} className="num">
                      {v}
                    </td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </TableScroll>

          <h2>{t('console.reports.performance.backlog')}</h2>
          <p className="muted">{t('console.reports.performance.backlogNote')}</p>
          <div className="report-grid table-heavy">
            <figure className="chart-figure">
              <Chart
                kind="bar"
                height={220}
                labels={AGE_BUCKETS.map((b) => t(`console.reports.age.${b}`))}
                series={[{ label: t('console.reports.performance.open'), data: AGE_BUCKETS.map((b) => r.total.backlog[b] ?? 0) }]}
                label={t('console.reports.performance.backlogChart')}
              />
              <figcaption>{t('console.reports.performance.backlogChart')}</figcaption>
            </figure>
            <TableScroll label={t('console.reports.performance.backlog')}>
              <table className="report-table" data-testid="backlog-table">
                <caption className="sr-only">{t('console.reports.performance.backlog')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('console.reports.department')}</th>
                    {AGE_BUCKETS.map((b) => (
                      <th key={b} scope="col" className="num">
                        {t(`console.reports.age.${b}`)}
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {t('console.reports.total')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...r.departments.filter((d) => d.open > 0), r.total].map((d) => (
                    <tr key={d.departmentId ?? 'all'} className={d.level === 'total' ? 'total' : undefined} data-department={d.departmentId ?? 'all'}>
                      <th scope="row">{d.level === 'total' ? t('console.reports.total') : names.department(d.departmentId, d.department)}</th>
                      {AGE_BUCKETS.map((b) => (
                        <td key={b} className="num">
                          {fmt.count(d.backlog[b] ?? 0)}
                        </td>
                      ))}
                      <td className="num">{fmt.count(d.open)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </div>

          <h2 id="overdue-title">{t('console.reports.performance.overdue', { count: r.overdue.total })}</h2>
          {r.overdue.total > r.overdue.items.length && <p className="muted">{t('console.reports.performance.overdueFirst', { count: r.overdue.items.length })}</p>}
          {r.overdue.items.length === 0 ? (
            <p className="card">{t('console.reports.performance.noneOverdue')}</p>
          ) : (
            <TableScroll label={t('console.reports.performance.overdue', { count: r.overdue.total })}>
              <table className="report-table" data-testid="overdue-table" aria-labelledby="overdue-title">
                <thead>
                  <tr>
                    <th scope="col">{t('console.queue.colId')}</th>
                    <th scope="col">{t('console.reports.service')}</th>
                    <th scope="col" className="narrow-hide">
                      {t('console.reports.department')}
                    </th>
                    <th scope="col">{t('console.queue.colStatus')}</th>
                    <th scope="col">{t('console.reports.performance.received')}</th>
                    <th scope="col">{t('console.reports.performance.due')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.overdue.items.map((o) => {
                    const ackLate = !o.acknowledgedAt && o.ackDueAt && new Date(o.ackDueAt) < new Date(r.now);
                    const due = o.resolveDueAt && new Date(o.resolveDueAt) < new Date(r.now) ? o.resolveDueAt : o.ackDueAt;
                    return (
                      <tr key={o.requestId} data-request={o.publicId}>
                        <td className="id">
                          <Link to={`/console/requests/${o.publicId}`}>{o.publicId}</Link>
                        </td>
                        <td>{names.service(o.serviceId, o.service)}</td>
                        <td className="narrow-hide">{names.department(o.departmentId, o.department)}</td>
                        <td>
                          {t(`console.status.${o.status}`)}
                          {ackLate && <span className="tag overdue">{t('console.reports.performance.notAcknowledged')}</span>}
                        </td>
                        <td>{fmt.when(o.createdAt)}</td>
                        <td>{fmt.when(due)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          )}
        </>
      )}
    </ReportPage>
  );
}
