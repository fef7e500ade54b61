// Acceptance: the open-data export of every demo request carries no reporter name, e-mail or phone, even when
// residents typed them into the description or staff wrote them in an internal comment.
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataDocument } from '../../src/app/reports/export-open-data.js';
import { OPEN_DATA_COPY_SLOTS } from '../../src/db/repositories/open-data.js';
import type { OpenDataFilter, OpenDataFormat } from '../../src/app/reports/ports.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { cachedPublicPerformance } from '../../src/app/reports/get-public-performance.js';
import { makeDeps } from '../../src/db/deps.js';
import { makeReportDeps } from '../../src/db/report-deps.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { seedDemo } from '../../src/demo/seed.js';
import { csvCell, csvLine } from '../../src/domain/reports/csv.js';
import { buildTestApp } from '../support/app.js';
import { resetDb, testDb, usingServer } from '../support/db.js';
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

  it('GeoJSON: quotes, backslashes, line breaks, tabs and non-ASCII text come out as the same JSON strings', async () => {
    const r = (await one<{ id: number; public_id: string; service_id: number }>(
      handle.db,
      sql`select r.id, r.public_id, r.service_id from requests r join services s on s.id = r.service_id where s.visibility = 'public' order by r.id desc limit 1`,
    ))!;
    const address = 'He said "no \\ way",\r\n12 Rue de l\'Église \\n\tété ✓ 東京 \u0001 \\"';
    const name = 'Grafitti \\ "tag" \\\\ Ünïcode';
    await handle.db.execute(sql`update requests set address = ${address}, description = ${address} where id = ${r.id}`);
    await handle.db.execute(sql`update services set name = ${name} where id = ${r.service_id}`);
    const doc = JSON.parse((await app.inject('/api/public/requests.geojson')).body);
    const feature = doc.features.find((x: { properties: { service_request_id: string } }) => x.properties.service_request_id === r.public_id);
    expect(feature.properties.address).toBe(address);
    expect(feature.properties.service_name).toBe(name);
    const csv = (await app.inject('/api/public/requests.csv')).body;
    expect(csv).toContain(`,${csvCell(address)},`);
  });

  if (usingServer()) {
    const read = async (s: Readable) => {
      const parts: Buffer[] = [];
      for await (const chunk of s) parts.push(Buffer.from(chunk));
      return Buffer.concat(parts).toString('utf8');
    };

    it('server: the COPY download has the same bytes as the page-by-page one, for every format and filter', async () => {
      const deps = makeReportDeps(handle, makeDeps(handle));
      const pagesOnly = { ...deps, openData: { page: deps.openData.page } };
      const busiest = (await one<{ id: number }>(handle.db, sql`select service_id as id from requests group by 1 order by count(*) desc limit 1`))!.id;
      const filters: OpenDataFilter[] = [{}, { from: new Date('2025-06-01T00:00:00Z'), to: new Date('2026-01-01T00:00:00Z'), serviceId: busiest }, { from: new Date('2100-01-01T00:00:00Z') }];
      for (const format of ['csv', 'geojson'] as OpenDataFormat[])
        for (const f of filters) {
          const copied = deps.openData.stream!(f, format);
          expect(copied).not.toBeNull();
          const [fast, paged] = [await read(openDataDocument(deps, format, f)), await read(openDataDocument(pagesOnly, format, f))];
          copied!.destroy();
          expect(fast).toBe(paged);
          // Every request, some, none.
          const rows = format === 'csv' ? fast.split('\r\n').length - 2 : fast.split('"Feature"').length;
          if (f === filters[0]) expect(rows).toBeGreaterThan(publicCount / 2);
          if (f === filters[1]) expect(rows).toBeGreaterThan(1);
          if (format === 'geojson') expect(JSON.parse(fast).type).toBe('FeatureCollection');
        }
    });

    it('server: past the COPY slots a download is served page by page, and a slot comes back when a download ends', async () => {
      const deps = makeReportDeps(handle, makeDeps(handle));
      const held = Array.from({ length: OPEN_DATA_COPY_SLOTS }, () => deps.openData.stream!({}, 'csv'));
      expect(held.every((s) => s !== null)).toBe(true);
      expect(deps.openData.stream!({}, 'csv')).toBeNull();
      const whole = await read(openDataDocument(deps, 'csv'));
      expect(whole.startsWith('service_request_id,')).toBe(true);
      await read(held.pop()!);
      const again = deps.openData.stream!({}, 'csv');
      expect(again).not.toBeNull();
      expect(await read(again!)).toBe(whole.slice(whole.indexOf('\r\n') + 2));
      for (const s of held) s!.destroy();
    });

    it('server: a download the client hangs up on gives its connection back and leaves no COPY running', async () => {
      const copies = async () =>
        (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ilike 'copy (%' and state <> 'idle'`))!.n;
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      // More hang-ups than the pool has connections: a connection kept by any of them would leave the last requests waiting.
      for (let i = 0; i < 12; i++) {
        const received = await new Promise<number>((resolve, reject) => {
          const req = get({ host: '127.0.0.1', port, path: i % 2 ? '/api/public/requests.geojson' : '/api/public/requests.csv' }, (res) => {
            res.once('data', (chunk: Buffer) => {
              req.destroy();
              resolve(chunk.length);
            });
          });
          req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
        });
        expect(received).toBeGreaterThan(0);
        while ((await copies()) > 0) await new Promise((r) => setTimeout(r, 50));
      }
      const deps = makeReportDeps(handle, makeDeps(handle));
      const whole = await read(openDataDocument({ ...deps, openData: { page: deps.openData.page } }, 'csv'));
      expect((await app.inject('/api/public/requests.csv')).body).toBe(whole);
      expect(await copies()).toBe(0);
    });
  }

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
