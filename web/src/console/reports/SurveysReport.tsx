import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Chart } from '../../components/Chart.js';
import type { Me } from '../api.js';
import { ReportPage, TableScroll, useFormat, useNames } from './ReportPage.js';
import type { SurveyLine, SurveyReport as Surveys } from './reportsApi.js';

const SCALE = [1, 2, 3, 4, 5];

/** Satisfaction surveys: response rate, results by service, the 1-5 distribution and the latest comments. */
export function SurveysReport({ me }: { me: Me['user'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const names = useNames();
  const COLS = ['invited', 'answered', 'responseRate', 'resolvedShare', 'satisfaction', 'courtesy'] as const;
  const figures = (x: SurveyLine) => [fmt.count(x.invited), fmt.count(x.answered), fmt.share(x.responseRate), fmt.share(x.resolvedShare), fmt.average(x.satisfaction), fmt.average(x.courtesy)];
  return (
    <ReportPage<Surveys> name="surveys" me={me}>
      {(r) => (
        <>
          <dl className="headline" data-testid="survey-headline">
            {COLS.map((k, i) => (
              <div key={k} data-figure={k}>
                <dt>{t(`console.reports.surveys.${k}`)}</dt>
                <dd>{figures(r.total)[i]}</dd>
              </div>
            ))}
          </dl>
          <div className="report-grid">
            <figure className="chart-figure">
              <Chart
                kind="bar"
                height={220}
                labels={SCALE.map((n) => t('console.reports.surveys.score', { n }))}
                series={[{ label: t('console.reports.surveys.answers'), data: r.total.distribution }]}
                label={t('console.reports.surveys.chart')}
              />
              <figcaption>{t('console.reports.surveys.chart')}</figcaption>
            </figure>
            <TableScroll label={t('console.reports.surveys.chart')}>
              <table className="report-table" data-testid="distribution-table">
                <caption>{t('console.reports.surveys.chart')}</caption>
                <thead>
                  <tr>
                    {SCALE.map((n) => (
                      <th key={n} scope="col" className="num">
                        {t('console.reports.surveys.score', { n })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    {r.total.distribution.map((n, i) => (
                      <td key={i} className="num">
                        {fmt.count(n)}
                      </td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </TableScroll>
          </div>
          <h2>{t('console.reports.surveys.byService')}</h2>
          <TableScroll label={t('console.reports.surveys.byService')}>
            <table className="report-table" data-testid="surveys-table">
              <caption className="sr-only">{t('console.reports.surveys.byService')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('console.reports.service')}</th>
                  {COLS.map((c) => (
                    <th key={c} scope="col" className="num">
                      {t(`console.reports.surveys.${c}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.services.map((s) => (
                  <tr key={s.serviceId} data-service={s.serviceId}>
                    <th scope="row">
                      {names.service(s.serviceId, s.service)}
                      <span className="col-dates">{names.department(s.departmentId, s.department)}</span>
                    </th>
                    {figures(s).map((v, i) => (
                      <td key={COLS[i]} className="num">
                        {v}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
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
          <h2>{t('console.reports.surveys.comments', { count: r.comments.length })}</h2>
          {r.comments.length === 0 ? (
            <p className="card">{t('console.reports.surveys.noComments')}</p>
          ) : (
            <ul className="survey-comments" data-testid="survey-comments">
              {r.comments.map((c) => (
                <li key={`${c.publicId}-${c.answeredAt}`}>
                  <blockquote className="prewrap">{c.comment}</blockquote>
                  <p className="muted">
                    <Link to={`/console/requests/${c.publicId}`}>{c.publicId}</Link>
                    {` · ${names.service(c.serviceId, c.service)} · ${fmt.when(c.answeredAt)} · ${t(`console.reports.surveys.source.${c.source}`)}`}
                    {c.satisfaction !== null && ` · ${t('console.reports.surveys.satisfaction')}: ${c.satisfaction}/5`}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </ReportPage>
  );
}
