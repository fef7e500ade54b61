import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart.js';
import type { Me } from '../api.js';
import { ReportPage, TableScroll, useFormat, useNames } from './ReportPage.js';
import type { CostSplitReport as Split } from './reportsApi.js';

/** The annual system cost shared among departments by their share of requests (Lynwood's table 2). */
export function CostSplitReport({ me }: { me: Me['user'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const names = useNames();
  return (
    <ReportPage<Split> name="cost-split" me={me}>
      {(r) => (
        <>
          <p data-testid="cost-total">{t('console.reports.cost-split.lead', { cost: fmt.money(r.annualSystemCost, r.currency), count: r.totalRequests, requests: fmt.count(r.totalRequests) })}</p>
          {r.annualSystemCost === 0 && <p className="muted">{t('console.reports.cost-split.noCost')}</p>}
          <div className="report-grid">
            {r.departments.length > 0 && (
              <figure className="chart-figure">
                <Chart
                  kind="bar"
                  horizontal
                  percent
                  height={Math.max(140, r.departments.length * 34 + 50)}
                  labels={r.departments.map((d) => names.department(d.departmentId, d.name))}
                  series={[{ label: t('console.reports.cost-split.share'), data: r.departments.map((d) => Math.round(d.share * 1000) / 10) }]}
                  label={t('console.reports.cost-split.chart')}
                />
                <figcaption>{t('console.reports.cost-split.chart')}</figcaption>
              </figure>
            )}
            <TableScroll label={t('console.reports.cost-split.title')}>
              <table className="report-table" data-testid="cost-table">
                <caption className="sr-only">{t('console.reports.cost-split.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('console.reports.department')}</th>
                    <th scope="col" className="num">
                      {t('console.reports.cost-split.requests')}
                    </th>
                    <th scope="col" className="num">
                      {t('console.reports.cost-split.share')}
                    </th>
                    <th scope="col" className="num">
                      {t('console.reports.cost-split.cost')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.departments.map((d) => (
                    <tr key={d.departmentId} data-department={d.departmentId}>
                      <th scope="row">{names.department(d.departmentId, d.name)}</th>
                      <td className="num">{fmt.count(d.count)}</td>
                      <td className="num">{fmt.share(d.share)}</td>
                      <td className="num">{fmt.money(d.cost, r.currency)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="total" data-department="all">
                    <th scope="row">{t('console.reports.cost-split.city')}</th>
                    <td className="num">{fmt.count(r.totalRequests)}</td>
                    <td className="num">{fmt.share(r.totalRequests ? 1 : 0)}</td>
                    <td className="num">{fmt.money(r.annualSystemCost, r.currency)}</td>
                  </tr>
                </tfoot>
              </table>
            </TableScroll>
          </div>
        </>
      )}
    </ReportPage>
  );
}
