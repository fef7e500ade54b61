import { useTranslation } from 'react-i18next';
import type { Me } from '../api.js';
import { ReportPage, TableScroll, useFormat, useNames } from './ReportPage.js';
import type { YtdCounts, YtdReport as Ytd } from './reportsApi.js';

const COLUMNS = ['range', 'calendarYtd', 'fiscalYtd', 'running12', 'runningMonthlyAverage'] as const;

/** Requests by type, as Lynwood's council reads it: per service, grouped by department, five windows. */
export function YtdReport({ me }: { me: Me['user'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const names = useNames();
  const cells = (c: YtdCounts) => COLUMNS.map((k) => <td key={k} className="num">{k === 'runningMonthlyAverage' ? fmt.average(c[k]) : fmt.count(c[k])}</td>);
  return (
    <ReportPage<Ytd> name="ytd" me={me}>
      {(r) => (
        <>
          <TableScroll label={t('console.reports.ytd.title')}>
            <table className="report-table" data-testid="ytd-table">
              <caption className="sr-only">{t('console.reports.ytd.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('console.reports.service')}</th>
                  {COLUMNS.map((k) => {
                    const w = k === 'runningMonthlyAverage' ? r.windows.running12 : r.windows[k];
                    return (
                      <th key={k} scope="col" className="num">
                        {t(`console.reports.ytd.${k}`)}
                        <span className="col-dates">{`${fmt.day(w.from)} – ${fmt.day(w.to)}`}</span>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              {r.departments.map((d) => (
                <tbody key={d.departmentId} className="keep" data-department={d.departmentId}>
                  <tr className="group-row">
                    <th scope="rowgroup" colSpan={COLUMNS.length + 1}>
                      {names.department(d.departmentId, d.name)}
                    </th>
                  </tr>
                  {d.services.map((s) => (
                    <tr key={s.serviceId} data-service={s.serviceId}>
                      <th scope="row">{names.service(s.serviceId, s.name)}</th>
                      {cells(s)}
                    </tr>
                  ))}
                  <tr className="subtotal" data-total={d.departmentId}>
                    <th scope="row">{t('console.reports.departmentTotal', { name: names.department(d.departmentId, d.name) })}</th>
                    {cells(d.total)}
                  </tr>
                </tbody>
              ))}
              <tfoot>
                <tr className="total" data-total="all">
                  <th scope="row">{t('console.reports.total')}</th>
                  {cells(r.total)}
                </tr>
              </tfoot>
            </table>
          </TableScroll>
          <p className="muted">{t('console.reports.ytd.fiscal', { date: fmt.day(r.windows.fiscalYtd.from) })}</p>
        </>
      )}
    </ReportPage>
  );
}
