import { useTranslation } from 'react-i18next';
import { Chart } from '../../components/Chart.js';
import type { Me } from '../api.js';
import { ReportPage, TableScroll, useFormat } from './ReportPage.js';
import type { ChannelReport } from './reportsApi.js';

/** Contacts by channel and year, counts and shares of the year (Lynwood's table of contact methods). */
export function ChannelsReport({ me }: { me: Me['user'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <ReportPage<ChannelReport> name="channels" me={me}>
      {(r) => {
        const channels = r.years[0]?.channels.map((c) => c.channel) ?? [];
        const used = channels.filter((ch) => r.years.some((y) => (y.channels.find((c) => c.channel === ch)?.count ?? 0) > 0));
        return (
          <div className="report-grid">
            {used.length > 0 && (
              <figure className="chart-figure">
                <Chart
                  kind="bar"
                  horizontal
                  percent
                  height={Math.max(160, used.length * 22 * Math.max(1, r.years.length) + 60)}
                  labels={used.map((ch) => t(`console.channel.${ch}`))}
                  series={r.years.map((y) => ({ label: String(y.year), data: used.map((ch) => Math.round((y.channels.find((c) => c.channel === ch)?.share ?? 0) * 1000) / 10) }))}
                  label={t('console.reports.channels.chart')}
                />
                <figcaption>{t('console.reports.channels.chart')}</figcaption>
              </figure>
            )}
            <TableScroll label={t('console.reports.channels.title')}>
              <table className="report-table" data-testid="channels-table">
                <caption className="sr-only">{t('console.reports.channels.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col" rowSpan={2}>
                      {t('console.reports.channel')}
                    </th>
                    {r.years.map((y) => (
                      <th key={y.year} scope="colgroup" colSpan={2} className="num">
                        {y.year}
                      </th>
                    ))}
                  </tr>
                  <tr>
                    {r.years.map((y) => [
                      <th key={`${y.year}c`} scope="col" className="num">
                        {t('console.reports.count')}
                      </th>,
                      <th key={`${y.year}p`} scope="col" className="num">
                        {t('console.reports.percent')}
                      </th>,
                    ])}
                  </tr>
                </thead>
                <tbody>
                  {channels.map((ch) => (
                    <tr key={ch} data-channel={ch}>
                      <th scope="row">{t(`console.channel.${ch}`)}</th>
                      {r.years.map((y) => {
                        const c = y.channels.find((x) => x.channel === ch)!;
                        return [
                          <td key={`${y.year}c`} className="num">
                            {fmt.count(c.count)}
                          </td>,
                          <td key={`${y.year}p`} className="num">
                            {fmt.share(c.share)}
                          </td>,
                        ];
                      })}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr className="total" data-channel="total">
                    <th scope="row">{t('console.reports.total')}</th>
                    {r.years.map((y) => [
                      <td key={`${y.year}c`} className="num">
                        {fmt.count(y.total)}
                      </td>,
                      <td key={`${y.year}p`} className="num">
                        {fmt.share(y.total ? 1 : 0)}
                      </td>,
                    ])}
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
