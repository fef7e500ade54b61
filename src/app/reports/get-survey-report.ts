import type { Actor } from '../../domain/actor.js';
import type { Cell } from '../../domain/reports/csv.js';
import { percent, share } from '../../domain/reports/definitions.js';
import type { ReportDeps, SurveyRow } from './ports.js';
import { prepareReport, type ReportInput } from './prepare.js';

export const COMMENT_LIMIT = 100;

/** Satisfaction surveys invited or answered in the range: response rates, results, latest comments. */
export async function getSurveyReport(deps: ReportDeps, actor: Actor, input: ReportInput) {
  const p = await prepareReport(deps, actor, input);
  const [list, comments, names] = await Promise.all([deps.reports.surveys(p.filter), deps.reports.surveyComments(p.filter, COMMENT_LIMIT), deps.reports.names()]);
  const shape = (r: SurveyRow) => ({
    ...r,
    department: r.departmentId === null ? null : names.departments.get(r.departmentId)?.name ?? null,
    service: r.serviceId === null ? null : names.services.get(r.serviceId)?.name ?? null,
    responseRate: r.invited ? share(r.answeredInvited, r.invited) : null,
    resolvedShare: r.resolvedAnswers ? share(r.resolvedYes, r.resolvedAnswers) : null,
  });
  const services = list.filter((r) => r.serviceId !== null).map(shape).sort((a, b) => (a.department ?? '').localeCompare(b.department ?? '') || (a.service ?? '').localeCompare(b.service ?? ''));
  const total = shape(list.find((r) => r.serviceId === null) ?? { departmentId: null, serviceId: null, invited: 0, answered: 0, answeredInvited: 0, resolvedAnswers: 0, resolvedYes: 0, satisfaction: null, courtesy: null, distribution: [0, 0, 0, 0, 0] });
  return { filter: p.filter, services, total, comments: comments.map((c) => ({ ...c, service: names.services.get(c.serviceId)?.name ?? null })) };
}

export function surveyTable(r: Awaited<ReturnType<typeof getSurveyReport>>): { header: string[]; rows: Cell[][] } {
  const line = (x: (typeof r)['total']): Cell[] => [
    x.department ?? 'All departments', x.service ?? 'Total', x.invited, x.answered, x.responseRate === null ? '' : percent(x.responseRate),
    x.resolvedShare === null ? '' : percent(x.resolvedShare), x.satisfaction?.toFixed(2) ?? '', x.courtesy?.toFixed(2) ?? '', ...x.distribution,
  ];
  return {
    header: ['department', 'service', 'invited', 'answered', 'response_rate', 'resolved_yes', 'satisfaction_avg', 'courtesy_avg', 'sat_1', 'sat_2', 'sat_3', 'sat_4', 'sat_5'],
    rows: [...r.services.map(line), line(r.total)],
  };
}
