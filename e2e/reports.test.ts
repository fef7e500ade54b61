/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { one, sql } from '../src/db/sql.js';
import { axeViolations } from './support/checks.js';
import { apiSession, signInConsole } from './support/console.js';
import { openBrowser, startPortal, type Portal } from './support/portal.js';
import { buildReportData, RANGE, type ReportData } from './support/report-data.js';

// The report screens in the browser: a manager opens each report with filters, and every figure the
// page shows equals the API's (formatted as the page formats it); the CSV button downloads the API's
// CSV; the page reads in Spanish; axe finds nothing; the print layout drops the navigation.
// The figures come from the test's own requests of 2018-2019 (support/report-data.ts).

export const MANAGER = 'manager@alderbrook.example.gov';
let portal: Portal;
let data: ReportData;
let headers: Record<string, string>;

beforeAll(async () => {
  portal = await startPortal({ tiles: 'local' });
  data = await buildReportData(portal, MANAGER);
  headers = await apiSession(portal, MANAGER);
}, 300_000); // the first browser file of a run also pays the embedded database's start
afterAll(async () => {
  await portal?.close();
});

const api = async <T = Record<string, unknown>>(path: string): Promise<T> => {
  const res = await portal.app.inject({ url: `/api/reports/${path}`, headers });
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
  return path.includes('format=csv') ? (res.body as T) : (res.json() as T);
};

/** The page's formats (ReportPage.useFormat), for a language. */
const formats = (lang: 'en' | 'es') => {
  const l = lang === 'es' ? 'es-US' : 'en-US';
  return {
    count: (n: number) => new Intl.NumberFormat(l).format(n),
    hours: (h: number | null) => (h === null ? '—' : new Intl.NumberFormat(l, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(h)),
    average: (n: number | null) => (n === null ? '—' : new Intl.NumberFormat(l, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n)),
    share: (s: number | null) => (s === null ? '—' : new Intl.NumberFormat(l, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(s)),
    money: (n: number) => new Intl.NumberFormat(l, { style: 'currency', currency: 'USD' }).format(n),
  };
};
const en = formats('en');

/** A table's body and footer rows as the reader sees them, cell by cell (spaces normalised). */
const tableRows = (page: Page, testId: string) =>
  page
    .getByTestId(testId)
    .evaluate((t) => Array.from(t.querySelectorAll('tbody tr, tfoot tr')).map((r) => Array.from(r.children).map((c) => (c.textContent ?? '').replace(/\s+/g, ' ').trim())))
    .catch(() => [] as string[][]);
const numbers = (rows: string[][]) => rows.map((r) => r.slice(1));

async function open(page: Page, path: string, heading: string) {
  await page.goto(`${portal.url}${path}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Called once the figures are on the page (each caller waited for them first). */
async function noAxe(page: Page, where: string) {
  expect(await axeViolations(page), where).toEqual([]);
}

const q = (extra: Record<string, string | number> = {}) => new URLSearchParams({ ...RANGE, ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, String(v)])) }).toString();

type Counts = { range: number; calendarYtd: number; fiscalYtd: number; running12: number; runningMonthlyAverage: number };
interface PerfRow {
  level: string;
  departmentId: number | null;
  count: number;
  acknowledged: number;
  ackMedianHours: number | null;
  ackP90Hours: number | null;
  ackWithinShare: number | null;
  resolved: number;
  resolveMedianHours: number | null;
  resolveP90Hours: number | null;
  resolveWithinShare: number | null;
  open: number;
  backlog: Record<string, number>;
}

describe('the report screens', () => {
  it('a manager opens every report with filters and sees the API’s figures; axe finds nothing', async () => {
    const b = await openBrowser({ width: 1280 });
    try {
      const { page } = b;
      await signInConsole(page, portal, MANAGER);
      await page.getByRole('link', { name: 'Reports' }).click();
      await page.getByRole('heading', { level: 1, name: 'Requests by type, year to date' }).waitFor();

      // Year to date: the dates typed into the filters land in the URL.
      await page.locator('#rf-from').fill(RANGE.from);
      await page.locator('#rf-to').fill(RANGE.to);
      await page.waitForURL(/from=2018-07-01.*to=2019-12-31|to=2019-12-31.*from=2018-07-01/);
      const ytd = await api<{ departments: Array<{ departmentId: number; total: Counts; services: Array<Counts & { serviceId: number }> }>; total: Counts }>(`ytd?${q()}`);
      const line = (c: Counts) => [en.count(c.range), en.count(c.calendarYtd), en.count(c.fiscalYtd), en.count(c.running12), en.average(c.runningMonthlyAverage)];
      const ytdRows = ytd.departments.flatMap((d) => [[], ...d.services.map(line), line(d.total)]);
      ytdRows.push(line(ytd.total));
      await expect.poll(async () => numbers(await tableRows(page, 'ytd-table'))).toEqual(ytdRows);
      expect(ytd.total).toMatchObject({ range: 12, calendarYtd: 10, fiscalYtd: 5, running12: 10 });
      expect(await page.locator(`[data-testid=ytd-table] tr[data-total="${data.departments.streets}"]`).textContent()).toContain('Total Test Streets');
      await noAxe(page, 'ytd');

      // Channels, for one department chosen in the filter.
      await page.getByRole('link', { name: 'Channels' }).click();
      await page.getByRole('heading', { level: 1, name: 'Contacts by channel and year' }).waitFor();
      await page.locator('#rf-department').selectOption(String(data.departments.streets));
      await page.waitForURL(new RegExp(`department=${data.departments.streets}`));
      expect(page.url()).toContain('from=2018-07-01'); // the filters travel from report to report
      const ch = await api<{ years: Array<{ total: number; channels: Array<{ count: number; share: number }> }> }>(`channels?${q({ department: data.departments.streets })}`);
      const chRows = ch.years[0]!.channels.map((_, i) => ch.years.flatMap((y) => [en.count(y.channels[i]!.count), en.share(y.channels[i]!.share)]));
      chRows.push(ch.years.flatMap((y) => [en.count(y.total), en.share(y.total ? 1 : 0)]));
      await expect.poll(async () => numbers(await tableRows(page, 'channels-table'))).toEqual(chRows);
      expect(ch.years.map((y) => y.total)).toEqual([1, 8]);
      await page.getByTestId('chart').waitFor();
      expect(await page.getByTestId('chart').getAttribute('aria-label')).toBe('Share of each year’s requests by channel, in percent');
      await noAxe(page, 'channels');

      // Performance: turnaround, backlog, the overdue list linking to the requests.
      await open(page, `/console/reports/performance?${q({ department: data.departments.streets })}`, 'Performance against targets');
      const perf = await api<{ departments: PerfRow[]; services: PerfRow[]; total: PerfRow; overdue: { total: number; items: Array<{ publicId: string }> } }>(`performance?${q({ department: data.departments.streets })}`);
      const figs = (x: PerfRow) => [
        en.count(x.count), en.count(x.acknowledged), en.hours(x.ackMedianHours), en.hours(x.ackP90Hours), en.share(x.ackWithinShare),
        en.count(x.resolved), en.hours(x.resolveMedianHours), en.hours(x.resolveP90Hours), en.share(x.resolveWithinShare), en.count(x.open),
      ];
      const perfRows = perf.departments.flatMap((d) => [figs(d), ...perf.services.filter((s) => s.departmentId === d.departmentId).map(figs)]);
      perfRows.push(figs(perf.total));
      await expect.poll(async () => numbers(await tableRows(page, 'perf-table'))).toEqual(perfRows);
      expect(perf.total).toMatchObject({ count: 9, acknowledged: 7, resolved: 6, open: 3 });
      const buckets = ['under_1d', '1_3d', '3_7d', '7_30d', '30_90d', 'over_90d'];
      expect(numbers(await tableRows(page, 'backlog-table'))).toEqual(
        [...perf.departments.filter((d) => d.open! > 0), perf.total].map((d) => [...buckets.map((k) => en.count(d.backlog[k] ?? 0)), en.count(d.open)]),
      );
      const overdueIds = await page.getByTestId('overdue-table').locator('tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-request')));
      expect(overdueIds).toEqual(perf.overdue.items.map((o) => o.publicId));
      expect(perf.overdue.total).toBe(3);
      await page.getByRole('heading', { name: '3 overdue requests' }).waitFor();
      await noAxe(page, 'performance');
      await page.getByTestId('overdue-table').getByRole('link', { name: perf.overdue.items[0]!.publicId }).click();
      await page.getByRole('heading', { level: 1, name: new RegExp(perf.overdue.items[0]!.publicId) }).waitFor();

      // Trends per month for one service: the line chart and its table.
      await open(page, `/console/reports/trends?${q({ from: '2019-01-01', service: data.services.rt_pothole })}`, 'Trends');
      const tr = await api<{ points: Array<{ bucket: string; opened: number; closed: number; resolved: number }> }>(`trends?${q({ from: '2019-01-01', service: data.services.rt_pothole })}`);
      await expect.poll(() => tableRows(page, 'trends-table')).toEqual(tr.points.map((p) => [p.bucket.slice(0, 7), en.count(p.opened), en.count(p.closed), en.count(p.resolved)]));
      expect(tr.points.reduce((s, p) => s + p.opened, 0)).toBe(5);
      await page.locator('#rf-grain').selectOption('week');
      await page.waitForURL(/grain=week/);
      const weeks = await api<{ points: unknown[] }>(`trends?${q({ from: '2019-01-01', service: data.services.rt_pothole, grain: 'week' })}`);
      await expect.poll(async () => (await tableRows(page, 'trends-table')).length).toBe(weeks.points.length);
      await noAxe(page, 'trends');

      // The heat map: a grid drawing that reads without tiles, and its table.
      await open(page, `/console/reports/heatmap?${q({ cell: '0.01' })}`, 'Where requests come from');
      const heat = await api<{ cells: Array<{ lat: number; lng: number; count: number }> }>(`heatmap?${q({ cell: '0.01' })}`);
      const top = [...heat.cells].sort((a, b) => b.count - a.count || a.lat - b.lat || a.lng - b.lng);
      const heatRows = top.map((c) => [`${c.lat.toFixed(4)}, ${c.lng.toFixed(4)}`, en.count(c.count)]);
      heatRows.push([`All ${heat.cells.length} squares`, en.count(12)]);
      await expect.poll(() => tableRows(page, 'heatmap-table')).toEqual(heatRows);
      expect(await page.getByTestId('heat-grid').locator('rect').count()).toBe(heat.cells.length + 1);
      await noAxe(page, 'heatmap');

      // The cost split of 2019: 120,000 dollars between the two test departments.
      await open(page, `/console/reports/cost-split?${q({ from: '2019-01-01' })}`, 'System cost by department');
      const cost = await api<{ totalRequests: number; annualSystemCost: number; departments: Array<{ count: number; share: number; cost: number }> }>(`cost-split?${q({ from: '2019-01-01' })}`);
      const costRows = cost.departments.map((d) => [en.count(d.count), en.share(d.share), en.money(d.cost)]);
      costRows.push([en.count(cost.totalRequests), en.share(1), en.money(cost.annualSystemCost)]);
      await expect.poll(async () => numbers(await tableRows(page, 'cost-table'))).toEqual(costRows);
      expect(cost.departments.map((d) => d.cost)).toEqual([96000, 24000]);
      await noAxe(page, 'cost-split');

      // Surveys: response rate, the distribution, the comments.
      await open(page, `/console/reports/surveys?${q()}`, 'Satisfaction surveys');
      type Line = { invited: number; answered: number; responseRate: number | null; resolvedShare: number | null; satisfaction: number | null; courtesy: number | null; distribution: number[] };
      const sv = await api<{ services: Line[]; total: Line; comments: unknown[] }>(`surveys?${q()}`);
      const sfigs = (x: Line) => [en.count(x.invited), en.count(x.answered), en.share(x.responseRate), en.share(x.resolvedShare), en.average(x.satisfaction), en.average(x.courtesy)];
      await expect.poll(async () => numbers(await tableRows(page, 'surveys-table'))).toEqual([...sv.services.map(sfigs), sfigs(sv.total)]);
      expect(await tableRows(page, 'distribution-table')).toEqual([sv.total.distribution.map(en.count)]);
      expect(sv.total).toMatchObject({ invited: 8, answered: 4, distribution: [0, 1, 1, 1, 1] });
      expect(await page.getByTestId('survey-comments').locator('li').count()).toBe(sv.comments.length);
      await page.getByText('It took far too long.').waitFor();
      await noAxe(page, 'surveys');
    } finally {
      await b.close();
    }
  }, 120_000); // seven screens with axe: ~25 s on an idle machine, more when it is shared

  it('downloads the CSV the API gives, prints without navigation, and reads in Spanish', async () => {
    const b = await openBrowser({ width: 1280 });
    try {
      const { page } = b;
      await signInConsole(page, portal, MANAGER, `/console/reports/ytd?${q()}`);
      await page.getByRole('heading', { level: 1, name: 'Requests by type, year to date' }).waitFor();
      for (const [path, name] of [['ytd', 'ytd'], ['performance', 'performance'], ['performance', 'overdue']] as const) {
        if (path !== 'ytd') await open(page, `/console/reports/${path}?${q()}`, 'Performance against targets');
        await page.getByTestId(path === 'ytd' ? 'ytd-table' : 'perf-table').waitFor();
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(`csv-${name}`).click()]);
        expect(download.suggestedFilename()).toBe(`${name}_${RANGE.from}_${RANGE.to}.csv`);
        expect(readFileSync((await download.path()), 'utf8'), name).toBe(await api<string>(`${name}?${q({ format: 'csv' })}`));
      }

      // Print: no navigation or filters, the filters summed up in a header line, the chart still drawn.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.console-header').isHidden()).toBe(true);
      expect(await page.locator('.report-filters').isHidden()).toBe(true);
      expect(await page.getByTestId('report-summary').textContent()).toBe('CivicDesk staff · Jul 1, 2018 to Dec 31, 2019 · All departments · All services · All districts · All channels');
      expect(await page.getByTestId('chart').isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });

      // Spanish: the words and the numbers' format change, the figures stay the API's.
      await page.getByRole('button', { name: 'Español' }).click();
      await page.getByRole('heading', { level: 1, name: 'Desempeño frente a las metas' }).waitFor();
      await page.getByRole('link', { name: 'Informes' }).waitFor();
      const es = formats('es');
      const perf = await api<{ total: PerfRow }>(`performance?${q()}`);
      const total = (await tableRows(page, 'perf-table')).at(-1)!;
      expect(total).toEqual(['Total', es.count(perf.total.count), es.count(perf.total.acknowledged), es.hours(perf.total.ackMedianHours), es.hours(perf.total.ackP90Hours), es.share(perf.total.ackWithinShare),
        es.count(perf.total.resolved), es.hours(perf.total.resolveMedianHours), es.hours(perf.total.resolveP90Hours), es.share(perf.total.resolveWithinShare), es.count(perf.total.open)]);
      expect(await page.getByTestId('perf-table').textContent()).toContain('Bache de prueba');
      await noAxe(page, 'performance es');
      await page.getByRole('link', { name: 'Año hasta la fecha' }).click();
      await page.getByRole('heading', { level: 1, name: 'Solicitudes por tipo, año hasta la fecha' }).waitFor();
      expect(await page.getByTestId('report-summary').textContent()).toContain('del 1 jul 2018 al 31 dic 2019');
      await noAxe(page, 'ytd es');
    } finally {
      await b.close();
    }
  });

  it('department staff see their own departments only', async () => {
    const b = await openBrowser({ width: 1280 });
    try {
      const { page } = b;
      await signInConsole(page, portal, 'daniel.reyes@alderbrook.example.gov', `/console/reports/ytd?${q()}`);
      await page.getByRole('heading', { level: 1, name: 'Requests by type, year to date' }).waitFor();
      const options = await page.locator('#rf-department').locator('option').allTextContents();
      expect(options).toEqual(['My departments', 'Public Works']);
      await page.getByTestId('ytd-table').waitFor();
      expect(await page.getByTestId('ytd-table').textContent()).not.toContain('Test Streets');
      await page.goto(`${portal.url}/console/reports/ytd?${q({ department: data.departments.streets })}`);
      await page.getByRole('alert').filter({ hasText: 'The report could not be loaded' }).waitFor();
    } finally {
      await b.close();
    }
  });

  it('the public performance page shows the API’s city-wide figures, in English and Spanish, with the open-data downloads', async () => {
    const api = (await portal.app.inject('/api/public/performance')).json() as Record<string, number | null>;
    const b = await openBrowser({ width: 360, height: 780 });
    try {
      const { page } = b;
      await page.goto(`${portal.url}/`);
      await page.getByRole('link', { name: 'Performance' }).click();
      await page.getByRole('heading', { level: 1, name: 'How the city is doing' }).waitFor();
      const shown = async () => Object.fromEntries(await page.getByTestId('public-figures').locator('[data-figure]').evaluateAll((ds) => ds.map((d) => [d.getAttribute('data-figure'), (d.querySelector('dd')?.textContent ?? '').replace(/\s+/g, ' ').trim()])));
      const l = (lang: string) => (lang === 'es' ? 'es-US' : 'en-US');
      const expected = (lang: string, unit: (h: number) => string) => {
        const h = (x: number | null) => (x === null ? '—' : `${new Intl.NumberFormat(l(lang), { maximumFractionDigits: 1 }).format(x)} ${unit(x)}`);
        const p = (x: number | null) => (x === null ? '—' : new Intl.NumberFormat(l(lang), { style: 'percent', maximumFractionDigits: 0 }).format(x));
        return {
          received: new Intl.NumberFormat(l(lang)).format(api.received!), resolved: new Intl.NumberFormat(l(lang)).format(api.resolved!),
          ackMedian: h(api.medianHoursToAcknowledge!), resolveMedian: h(api.medianHoursToResolve!), resolveP90: h(api.p90HoursToResolve!),
          ackWithin: p(api.acknowledgedWithinTarget!), resolveWithin: p(api.resolvedWithinTarget!),
        };
      };
      expect(await shown()).toEqual(expected('en', (x) => (Math.round(x * 10) / 10 === 1 ? 'business hour' : 'business hours')));
      await page.getByTestId('chart').waitFor();
      await noAxe(page, 'public performance');
      for (const link of ['All requests (CSV)', 'All requests (GeoJSON, for maps)', 'The last twelve months (CSV)']) {
        const href = (await page.getByRole('link', { name: link }).getAttribute('href'))!;
        const res = await portal.app.inject(href);
        expect(res.statusCode, href).toBe(200);
      }
      await page.getByRole('button', { name: 'Español' }).click();
      await page.getByRole('heading', { level: 1, name: 'Cómo le va a la ciudad' }).waitFor();
      expect(await shown()).toEqual(expected('es', (x) => (Math.round(x * 10) / 10 === 1 ? 'hora hábil' : 'horas hábiles')));
      await noAxe(page, 'public performance es');
    } finally {
      await b.close();
    }
  });

  it('a resident answers the survey through the link, in Spanish, once; the answer shows in the results', async () => {
    const { token } = (await one<{ token: string }>(portal.handle.db, sql`select token from requests where public_id = ${data.publicIds[0]!}`))!;
    const before = await api<{ total: { answered: number } }>(`surveys?${q()}`);
    const b = await openBrowser({ width: 360, height: 780 });
    try {
      const { page } = b;
      await page.goto(`${portal.url}/survey/${token}`);
      await page.getByRole('heading', { level: 1, name: 'How did we do?' }).waitFor();
      await page.getByRole('button', { name: 'Español' }).click();
      await page.getByRole('heading', { level: 1, name: '¿Cómo lo hicimos?' }).waitFor();
      expect(await page.locator('main').textContent()).toContain('Bache de prueba');
      await noAxe(page, 'survey es');
      await page.getByRole('group', { name: '¿Se resolvió el problema?' }).getByLabel('Sí').check();
      await page.getByRole('group', { name: /satisfecho/ }).getByLabel('4 – bien').check();
      await page.getByRole('group', { name: /amable/ }).getByLabel('5 – muy bien').check();
      await page.getByLabel('¿Algo más que quiera decirnos? (opcional)').fill('Muy rápido, gracias.');
      await page.getByRole('button', { name: 'Enviar mis respuestas' }).click();
      await page.getByRole('status').filter({ hasText: 'Gracias. Sus respuestas' }).waitFor();
      await page.reload();
      await page.getByText('Esta encuesta ya fue respondida').waitFor();
    } finally {
      await b.close();
    }
    // Counted with the surveys invited in the range; its comment is the latest answered up to today.
    const after = await api<{ total: { answered: number } }>(`surveys?${q()}`);
    expect(after.total.answered).toBe(before.total.answered + 1);
    const today = await api<{ comments: Array<{ comment: string; source: string }> }>(`surveys?from=2018-07-01&to=${new Date().toISOString().slice(0, 10)}`);
    expect(today.comments[0]).toMatchObject({ comment: 'Muy rápido, gracias.', source: 'link' });
    const again = await portal.app.inject({ method: 'POST', url: `/api/surveys/${token}`, payload: { satisfaction: 1 } });
    expect(again.statusCode).toBe(409);
  });
});
