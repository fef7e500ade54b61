import { qs, staffCall } from '../api.js';

// The shapes GET /api/reports/* answer with (docs/REPORTS.md); the screens read them as they are.

export const REPORTS = ['ytd', 'channels', 'performance', 'trends', 'heatmap', 'cost-split', 'surveys'] as const;
export type ReportName = (typeof REPORTS)[number] | 'overdue';

/** The filters every report takes, as they stand in the page's URL. */
export const FILTER_KEYS = ['from', 'to', 'department', 'service', 'district', 'channel'] as const;
export type Filters = Partial<Record<(typeof FILTER_KEYS)[number] | 'grain' | 'cell', string>>;

export interface Applied {
  from: string;
  to: string;
  departmentIds?: number[];
  serviceId?: number;
  districtId?: number;
  channel?: string;
}

export interface YtdCounts {
  range: number;
  calendarYtd: number;
  fiscalYtd: number;
  running12: number;
  runningMonthlyAverage: number;
}
export interface YtdReport {
  filter: Applied;
  fiscalYearStartMonth: number;
  windows: Record<'range' | 'calendarYtd' | 'fiscalYtd' | 'running12', { from: string; to: string }>;
  departments: Array<{ departmentId: number; code: string; name: string; total: YtdCounts; services: Array<YtdCounts & { serviceId: number; code: string; name: string }> }>;
  total: YtdCounts;
}

export interface ChannelReport {
  filter: Applied;
  years: Array<{ year: number; from: string; to: string; total: number; channels: Array<{ channel: string; count: number; share: number }> }>;
}

export interface PerfRow {
  level: 'service' | 'department' | 'total';
  departmentId: number | null;
  serviceId: number | null;
  department: string | null;
  service: string | null;
  count: number;
  acknowledged: number;
  ackMedianHours: number | null;
  ackP90Hours: number | null;
  resolved: number;
  resolveMedianHours: number | null;
  resolveP90Hours: number | null;
  ackWithinShare: number | null;
  resolveWithinShare: number | null;
  open: number;
  backlog: Record<string, number>;
}
export interface OverdueItem {
  requestId: number;
  publicId: string;
  status: string;
  priority: string;
  address: string | null;
  departmentId: number;
  serviceId: number;
  department: string | null;
  service: string | null;
  createdAt: string;
  ackDueAt: string | null;
  resolveDueAt: string | null;
  acknowledgedAt: string | null;
}
export interface PerformanceReport {
  filter: Applied;
  now: string;
  /** 'histogram': medians and 90th percentiles read from monthly histograms, within 2% (large ranges). */
  percentiles: 'exact' | 'histogram';
  services: PerfRow[];
  departments: PerfRow[];
  total: PerfRow;
  overdue: { total: number; items: OverdueItem[] };
}

export interface TrendsReport {
  filter: Applied;
  grain: 'week' | 'month';
  points: Array<{ bucket: string; opened: number; closed: number; resolved: number }>;
}

export interface HeatmapReport {
  filter: Applied;
  cellDegrees: number;
  max: number;
  cells: Array<{ lat: number; lng: number; count: number }>;
}

export interface CostSplitReport {
  filter: Applied;
  annualSystemCost: number;
  currency: string;
  totalRequests: number;
  departments: Array<{ departmentId: number; name: string; count: number; share: number; cost: number }>;
}

export interface SurveyLine {
  departmentId: number | null;
  serviceId: number | null;
  department: string | null;
  service: string | null;
  invited: number;
  answered: number;
  responseRate: number | null;
  resolvedShare: number | null;
  satisfaction: number | null;
  courtesy: number | null;
  distribution: number[];
}
export interface SurveyReport {
  filter: Applied;
  services: SurveyLine[];
  total: SurveyLine;
  comments: Array<{ publicId: string; serviceId: number; service: string | null; answeredAt: string; source: 'link' | 'call'; satisfaction: number | null; courtesy: number | null; resolved: boolean | null; comment: string }>;
}

/** The query string a report is asked with: the page's filters, nothing empty. */
export const reportQuery = (f: Filters, extra: Record<string, string> = {}) => qs({ ...f, ...extra });

export const fetchReport = <T>(name: ReportName, f: Filters) => staffCall<T>('GET', `/api/reports/${name}?${reportQuery(f)}`);
export const csvHref = (name: ReportName, f: Filters) => `/api/reports/${name}?${reportQuery(f, { format: 'csv' })}`;
