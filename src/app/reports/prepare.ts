import type { Actor } from '../../domain/actor.js';
import { businessIntervals } from '../../domain/business-hours.js';
import { AppError } from '../../domain/errors.js';
import { authorize, MATRIX } from '../../domain/policy.js';
import { localDateOf, parseLocalDate, type LocalDate } from '../../domain/reports/dates.js';
import { defaultRange, DEFAULT_FISCAL_YEAR_START_MONTH, type ReportFilter } from '../../domain/reports/definitions.js';
import type { Channel } from '../../domain/vocabulary.js';
import type { ReportDeps } from './ports.js';

/** The filters every report takes, as they come from the route or the CLI. */
export interface ReportInput {
  from?: string | undefined;
  to?: string | undefined;
  departmentId?: number | undefined;
  serviceId?: number | undefined;
  districtId?: number | undefined;
  channel?: Channel | undefined;
}

const CLOCK_FROM = new Date('1990-01-01T00:00:00Z');
const CLOCK_TO = new Date('2070-12-31T00:00:00Z');

/**
 * Rebuilds the roll-ups when they were built with another calendar (or never): the local days they count
 * by and the business hours they measure both come from it.
 */
export async function ensureRollups(deps: ReportDeps, force = false): Promise<boolean> {
  const calendar = await deps.settings.calendar();
  if (!force && (await deps.reports.builtWith(calendar))) return false;
  const earliest = await deps.reports.earliestRequest();
  const from = earliest && earliest < CLOCK_FROM ? new Date(Date.UTC(earliest.getUTCFullYear() - 1, 0, 1)) : CLOCK_FROM;
  await deps.reports.rebuild(calendar, businessIntervals(calendar, from, CLOCK_TO), from, CLOCK_TO);
  return true;
}

export interface Prepared {
  filter: ReportFilter;
  timeZone: string;
  today: LocalDate;
  now: Date;
  fiscalStartMonth: number;
}

/** Permission, department scope, fresh roll-ups and the date range: what every report does first. */
export async function prepareReport(deps: ReportDeps, actor: Actor, input: ReportInput): Promise<Prepared> {
  authorize(actor, 'reports.read');
  let departmentIds = input.departmentId !== undefined ? [input.departmentId] : undefined;
  // Department staff read reports of their own departments only.
  if (actor.type === 'staff' && MATRIX[actor.role]['reports.read'] === 'own') {
    departmentIds = (departmentIds ?? actor.departmentIds).filter((d) => actor.departmentIds.includes(d));
    if (departmentIds.length === 0) throw new AppError('forbidden', 'you may read reports of your own departments only');
  }
  await ensureRollups(deps);
  const calendar = await deps.settings.calendar();
  const city = await deps.settings.get<{ fiscalYearStartMonth?: number }>('city');
  const fsm = Number(city?.fiscalYearStartMonth);
  const now = deps.clock.now();
  const today = localDateOf(now, calendar.timeZone);
  const range = defaultRange(today, input.from ? parseLocalDate(input.from, 'from') : undefined, input.to ? parseLocalDate(input.to, 'to') : undefined);
  return {
    filter: { ...range, departmentIds, serviceId: input.serviceId, districtId: input.districtId, channel: input.channel },
    timeZone: calendar.timeZone,
    today,
    now,
    fiscalStartMonth: Number.isInteger(fsm) && fsm >= 1 && fsm <= 12 ? fsm : DEFAULT_FISCAL_YEAR_START_MONTH,
  };
}
