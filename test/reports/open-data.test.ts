// Acceptance: the open-data export of every demo request carries no reporter name, e-mail or phone, even when
// residents typed them into the description or staff wrote them in an internal comment.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { cachedPublicPerformance } from '../../src/app/reports/get-public-performance.js';
import { makeDeps } from '../../src/db/deps.js';
import { makeReportDeps } from '../../src/db/report-deps.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { seedDemo } from '../../src/demo/seed.js';
import { csvLine } from '../../src/domain/reports/csv.js';
import { buildTestApp } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { fixedClock } from '../support/factories.js';

describe('open data', () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let secrets: string[];
  let publicCount: number;

  beforeAll(async () => {
    handle = await testDb();
    await resetDb(handle);
    await seedDemo(handle, { perYear: 2000, now: new Date('2026-11-01T12:00:00Z') });
    // Known unique strings for every reporter, also planted in descriptions, answers and internal comments.
    await handle.exec(`
      update residents set name = 'Zqname' || id || 'Person', email = 'zqmail' || id || '@private.example', phone = '+1 555 77' || lpad(id::text, 5, '0');
      update requests r set description = r.description || ' call me: ' || p.phone || ' ' || p.email, answers = r.answers || jsonb_build_object('note', p.name)
        from residents p where p.id = r.reporter_id and r.id % 3 = 0;
      insert into comments (request_id, visibility, body) select r.id, 'internal', 'reporter is ' || p.name || ' ' || p.phone from requests r join residents p on p.id = r.reporter_id where r.id % 5 = 0;`);
    const list = await rows<{ name: string; email: string; phone: string }>(handle.db, sql`select name, email, phone from residents`);
    secrets = list.flatMap((r) => [r.name, r.email, r.phone]);
    publicCount = (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from requests r join services s on s.id = r.service_id where s.visibility = 'public'`))!.n;
    app = await buildTestApp(handle, makeDeps(handle));
  });
  afterAll(async () => {
    await app?.close();
    await resetDb(handle);
  });

  // Every planted string has one of these shapes, so one pass per shape finds any of them; a sample is
  // also searched one by one, as written.
  const leaks = (body: string) => {
    const found = body.match(/zqname\d+person|zqmail\d+@private\.example|\+1 555 77\d{5}/gi) ?? [];
    const lower = body.toLowerCase();
    return [...found, ...secrets.filter((_, i) => i % 25 === 0).filter((s) => lower.includes(s.toLowerCase()))].slice(0, 5);
  };

  it('has reporters to hide', async () => {
    expect(secrets.length).toBeGreaterThan(1000);
    const internal = (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from requests r join services s on s.id = r.service_id where s.visibility = 'internal'`))!.n;
    expect(internal).toBeGreaterThan(0);
  });

  it('CSV: every public request, no personal data, no internal-only service', async () => {
    const res = await app.inject('/api/public/requests.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.trim().split('\r\n');
    expect(lines).toHaveLength(publicCount + 1);
    expect(leaks(res.body)).toEqual([]);
    expect(res.body).not.toMatch(/zqmail|Zqname|\+1 555 77|internal_work_order|call me/i);
  });

  it('GeoJSON: the same requests as features, no personal data', async () => {
    const res = await app.inject('/api/public/requests.geojson');
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body);
    expect(doc.type).toBe('FeatureCollection');
    expect(doc.features).toHaveLength(publicCount);
    expect(doc.features[0].geometry.type).toBe('Point');
    expect(leaks(res.body)).toEqual([]);
    expect(res.body).not.toMatch(/zqmail|Zqname|\+1 555 77|internal_work_order|call me/i);
  });

  it('CSV lines written by the database quote and defuse cells exactly as csvCell does', async () => {
    // Awkward text in every free-text column: quotes, commas, line breaks, a formula, a leading minus.
    const r = (await one<{ id: number; service_id: number; department_id: number }>(
      handle.db,
      sql`select r.id, r.service_id, r.department_id from requests r join services s on s.id = r.service_id where s.visibility = 'public' order by r.id limit 1`,
    ))!;
    const awkward = { address: '=HYPERLINK("x"), 12 Main\r\nSt', zipcode: '-98001', name: 'Pot "hole", big', group: '@streets', dept: 'Roads\tand, "Bridges"' };
    await handle.db.execute(sql`update requests set address = ${awkward.address}, zipcode = ${awkward.zipcode} where id = ${r.id}`);
    await handle.db.execute(sql`update services set name = ${awkward.name}, group_name = ${awkward.group} where id = ${r.service_id}`);
    await handle.db.execute(sql`update departments set name = ${awkward.dept} where id = ${r.department_id}`);
    const row = (await one<Record<string, string | number | null>>(
      handle.db,
      sql`select r.public_id, s.code, r.status, r.close_reason, r.channel, r.priority, r.created_at, r.acknowledged_at, r.closed_at, r.resolved_at,
            ST_Y(r.location) as lat, ST_X(r.location) as lng from requests r join services s on s.id = r.service_id where r.id = ${r.id}`,
    ))!;
    const instant = (v: unknown) => (v === null ? null : new Date(v as string).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const expected = csvLine([
      row.public_id as string, row.code as string, awkward.name, awkward.group, awkward.dept, row.status === 'closed' ? 'closed' : 'open', row.status as string,
      row.close_reason as string | null, row.channel as string, row.priority as string, instant(row.created_at), instant(row.acknowledged_at), instant(row.closed_at),
      instant(row.resolved_at), awkward.address, awkward.zipcode, Number(row.lat), Number(row.lng),
    ]);
    const body = (await app.inject('/api/public/requests.csv')).body;
    expect(body).toContain(`\r\n${expected}`);
    expect(expected).toContain(`"'=HYPERLINK(""x""), 12 Main\r\nSt"`);
  });

  it('the public performance page: figures only, public services only', async () => {
    const res = await app.inject('/api/public/performance');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.received).toBeGreaterThan(0);
    expect(body.monthly).toHaveLength(24);
    expect(body.topServices.length).toBeGreaterThan(0);
    expect(body.topServices.map((s: { code: string }) => s.code)).not.toContain('internal_work_order');
    expect(leaks(res.body)).toEqual([]);
  });

  it('the public page is computed at most once per max age', async () => {
    const clock = fixedClock('2026-11-01T12:00:00Z');
    const page = cachedPublicPerformance(makeReportDeps(handle, makeDeps(handle, { clock })), 5 * 60_000);
    const first = await page();
    // The busiest public service leaves the public page.
    await handle.exec(`update services set visibility = 'internal' where id = (select service_id from requests r group by 1 order by count(*) desc limit 1)`);
    clock.set('2026-11-01T12:04:00Z');
    expect((await page()).received).toBe(first.received);
    clock.set('2026-11-01T12:05:00Z');
    expect((await page()).received).toBeLessThan(first.received);
  });
});
