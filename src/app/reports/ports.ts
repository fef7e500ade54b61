import type { Readable } from 'node:stream';
import type { BusinessCalendar } from '../../domain/business-hours.js';
import type { ReportFilter, TrendGrain } from '../../domain/reports/definitions.js';
import type { Window } from '../../domain/reports/dates.js';
import type { Clock, SettingsRepo } from '../ports.js';

// The ports the report use cases need; src/db/repositories/reports.ts and open-data.ts implement them.

export type Dimensions = Omit<ReportFilter, 'from' | 'to'>;

export interface PerformanceRow {
  level: 'service' | 'department' | 'total';
  departmentId: number | null;
  serviceId: number | null;
  count: number;
  acknowledged: number;
  ackMedianHours: number | null;
  ackP90Hours: number | null;
  resolved: number;
  resolveMedianHours: number | null;
  resolveP90Hours: number | null;
  ackMeasured: number;
  ackWithin: number;
  resolveMeasured: number;
  resolveWithin: number;
  /** How the medians and 90th percentiles were found: sorting every duration, or the monthly histograms (within 2%). */
  percentiles: 'exact' | 'histogram';
}

export interface SurveyRow {
  departmentId: number | null;
  serviceId: number | null;
  invited: number;
  answered: number;
  answeredInvited: number;
  resolvedAnswers: number;
  resolvedYes: number;
  satisfaction: number | null;
  courtesy: number | null;
  distribution: number[];
}

export interface OverdueItem {
  requestId: number;
  publicId: string;
  status: string;
  priority: string;
  address: string | null;
  departmentId: number;
  serviceId: number;
  createdAt: Date;
  ackDueAt: Date | null;
  resolveDueAt: Date | null;
  acknowledgedAt: Date | null;
}

export interface Names {
  services: Map<number, { code: string; name: string; group: string; departmentId: number; public: boolean }>;
  departments: Map<number, { code: string; name: string }>;
}

export interface ReportsRepo {
  /** True when the roll-ups were built with this calendar (time zone and business hours). */
  builtWith(calendar: BusinessCalendar): Promise<boolean>;
  /** Replaces the business clock with these intervals (UTC ms) and rebuilds every roll-up, in one transaction. */
  rebuild(calendar: BusinessCalendar, intervals: Array<[number, number]>, from: Date, to: Date): Promise<void>;
  earliestRequest(): Promise<Date | null>;
  ytd(windows: Record<'range' | 'calendarYtd' | 'fiscalYtd' | 'running12', Window>, f: Dimensions): Promise<Array<{ departmentId: number; serviceId: number; range: number; calendarYtd: number; fiscalYtd: number; running12: number }>>;
  channelsByYear(f: ReportFilter): Promise<Array<{ year: number; channel: string; count: number }>>;
  countsByDepartment(f: ReportFilter): Promise<Array<{ departmentId: number; count: number }>>;
  performance(f: ReportFilter): Promise<PerformanceRow[]>;
  backlog(f: Dimensions, now: Date): Promise<Array<{ departmentId: number; serviceId: number; bucket: string; count: number }>>;
  overdue(f: Dimensions, now: Date, limit: number): Promise<{ total: number; items: OverdueItem[] }>;
  trends(f: ReportFilter, grain: TrendGrain): Promise<Array<{ bucket: string; opened: number; closed: number; resolved: number }>>;
  heatmap(f: ReportFilter, cellDegrees: number, limit: number): Promise<Array<{ y: number; x: number; count: number }>>;
  surveys(f: ReportFilter): Promise<SurveyRow[]>;
  surveyComments(f: ReportFilter, limit: number): Promise<Array<{ publicId: string; serviceId: number; answeredAt: Date; source: 'link' | 'call'; satisfaction: number | null; courtesy: number | null; resolved: boolean | null; comment: string }>>;
  names(): Promise<Names>;
}

/** The open-data downloads' formats. */
export type OpenDataFormat = 'csv' | 'geojson';

/**
 * One page of the open-data feed, already written out: CSV lines (without the header) or GeoJSON features,
 * each on its own line after a comma. Only these columns, public services only: no reporter, no description, no answers,
 * no comments.
 */
export interface OpenDataPage {
  /** The last request id looked at (the next page starts after it). */
  last: number;
  /** Requests looked at: fewer than the limit on the last page. */
  scanned: number;
  /** Requests written (those of public services). */
  count: number;
  text: string;
}

/** Which requests an open-data download holds: created in [from, to), of one service. */
export interface OpenDataFilter {
  from?: Date | undefined;
  to?: Date | undefined;
  serviceId?: number | undefined;
}

export interface OpenDataRepo {
  /** The next `limit` requests after the given id, in id order, written out (keyset: no long transaction, flat memory). */
  page(after: number, limit: number, f: OpenDataFilter, format: OpenDataFormat): Promise<OpenDataPage>;
  /**
   * Server only: every request of the download in one stream of bytes written by the database, read as fast as
   * it is consumed: the same bytes as the pages one after another (the first GeoJSON feature's comma left out).
   * Null when too many downloads already hold a connection each: then use the pages.
   */
  stream?(f: OpenDataFilter, format: OpenDataFormat): Readable | null;
}

export interface ReportDeps {
  reports: ReportsRepo;
  openData: OpenDataRepo;
  settings: SettingsRepo;
  clock: Clock;
}
