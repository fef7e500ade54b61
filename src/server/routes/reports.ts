import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getChannelReport, channelTable } from '../../app/reports/get-channel-report.js';
import { costSplitTable, getCostSplitReport } from '../../app/reports/get-cost-split-report.js';
import { getHeatmapReport, heatmapTable } from '../../app/reports/get-heatmap-report.js';
import { getPerformanceReport, overdueTable, performanceTable } from '../../app/reports/get-performance-report.js';
import { getSurveyReport, surveyTable } from '../../app/reports/get-survey-report.js';
import { getTrendsReport, trendsTable } from '../../app/reports/get-trends-report.js';
import { getYtdReport, ytdTable } from '../../app/reports/get-ytd-report.js';
import type { ReportInput } from '../../app/reports/prepare.js';
import { makeReportDeps } from '../../db/report-deps.js';
import { toCsv, type Cell } from '../../domain/reports/csv.js';
import { CHANNELS } from '../../domain/vocabulary.js';
import { requireStaff } from '../auth.js';
import type { AppContext } from '../context.js';

const date = z.string().regex(/^\d{4}-\d\d-\d\d$/, 'a date YYYY-MM-DD');
export const reportQuery = z.object({
  from: date.optional().describe('first local day counted (default: the 1st of the month of "to")'),
  to: date.optional().describe('last local day counted (default: today)'),
  department: z.coerce.number().int().positive().optional(),
  service: z.coerce.number().int().positive().optional(),
  district: z.coerce.number().int().positive().optional(),
  channel: z.enum(CHANNELS).optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
type Query = z.infer<typeof reportQuery>;

const input = (q: Query): ReportInput => ({ from: q.from, to: q.to, departmentId: q.department, serviceId: q.service, districtId: q.district, channel: q.channel });

export function sendCsv(reply: FastifyReply, name: string, table: { header: string[]; rows: Cell[][] }) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(toCsv(table.header, table.rows));
}

/** GET /api/reports/*: staff with reports.read; department staff see their own departments. ?format=csv downloads. */
export const reportRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const deps = makeReportDeps(ctx.handle, ctx.deps);
  const report = <R, Q extends z.ZodObject>(
    path: string,
    summary: string,
    query: Q,
    run: (q: z.infer<Q> & Query, actor: ReturnType<typeof requireStaff>) => Promise<R>,
    table: (r: R, q: z.infer<Q> & Query) => { header: string[]; rows: Cell[][] },
  ) =>
    app.get(`/api/reports/${path}`, { schema: { tags: ['reports'], summary, querystring: query } }, async (req, reply) => {
      const q = req.query as z.infer<Q> & Query;
      const result = await run(q, requireStaff(req));
      if (q.format === 'csv') {
        const f = (result as { filter?: { from: string; to: string } }).filter;
        return sendCsv(reply, `${path.replace('/', '-')}${f ? `_${f.from}_${f.to}` : ''}`, table(result, q));
      }
      return result;
    });

  report('ytd', 'Requests by type: range, calendar and fiscal year to date, 12-month running count and monthly average', reportQuery, (q, a) => getYtdReport(deps, a, input(q)), ytdTable);
  report('channels', 'Contacts by channel and year, counts and shares', reportQuery, (q, a) => getChannelReport(deps, a, input(q)), channelTable);
  report('performance', 'Turnaround in business hours, share within target, open backlog by age', reportQuery, (q, a) => getPerformanceReport(deps, a, input(q)), performanceTable);
  report('overdue', 'Open requests past their due time (most overdue first, at most 500)', reportQuery, (q, a) => getPerformanceReport(deps, a, input(q)), overdueTable);
  report(
    'trends',
    'Requests opened, closed and resolved per week or month',
    reportQuery.extend({ grain: z.enum(['week', 'month']).default('month') }),
    (q, a) => getTrendsReport(deps, a, { ...input(q), grain: q.grain }),
    trendsTable,
  );
  report(
    'heatmap',
    'Request counts on a grid of squares (degrees)',
    reportQuery.extend({ cell: z.coerce.number().min(0.0005).max(1).optional() }),
    (q, a) => getHeatmapReport(deps, a, { ...input(q), cellDegrees: q.cell }),
    heatmapTable,
  );
  report('cost-split', "The annual system cost shared among departments by their share of requests (settings key 'reports'.annualSystemCost)", reportQuery, (q, a) => getCostSplitReport(deps, a, input(q)), costSplitTable);
  report('surveys', 'Satisfaction surveys: response rates, results, latest comments', reportQuery, (q, a) => getSurveyReport(deps, a, input(q)), surveyTable);
};
