import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { seedScale } from '../../src/demo/scale.js';
import { seedDemo } from '../../src/demo/seed.js';
import { resetDb, testDb, usingServer } from '../support/db.js';

let handle: DatabaseHandle;
const now = new Date('2026-11-20T18:00:00Z');
const n = async (q: ReturnType<typeof sql>) => (await one<{ n: number }>(handle.db, q))!.n;

describe(`seed scale (${usingServer() ? 'server' : 'embedded'})`, { timeout: 600_000 }, () => {
  // The first test file to open the shared database pays for PGlite's start and the migrations.
  beforeAll(async () => {
    handle = await testDb();
  }, 300_000);
  beforeEach(async () => resetDb(handle), 300_000);

  it('on an empty database: seeds the catalogue, then exactly N requests with unique public ids and history', async () => {
    const r = await seedScale(handle, { requests: 30_000, now });
    expect(r.requests).toBe(30_000);
    expect(await n(sql`select count(*)::int as n from requests`)).toBe(30_000);
    expect(await n(sql`select count(distinct public_id)::int as n from requests`)).toBe(30_000);
    expect(await n(sql`select count(*)::int as n from services`)).toBeGreaterThan(30);
    expect(await n(sql`select count(*)::int as n from requests r where not exists (select 1 from request_events e where e.request_id = r.id and e.type = 'created')`)).toBe(0);
    // Real distributions: phone leads, weekdays busier than Sundays, most old requests closed.
    const channels = await rows<{ channel: string }>(handle.db, sql`select channel from requests group by channel order by count(*) desc limit 1`);
    expect(channels[0]!.channel).toBe('phone');
    const weekday = await n(sql`select count(*)::int as n from requests where extract(isodow from created_at at time zone 'America/Los_Angeles') = 2`);
    const sunday = await n(sql`select count(*)::int as n from requests where extract(isodow from created_at at time zone 'America/Los_Angeles') = 7`);
    expect(weekday).toBeGreaterThan(sunday);
    expect(await n(sql`select count(*)::int as n from requests where status <> 'closed' and created_at < ${new Date(now.getTime() - 90 * 86_400_000).toISOString()}`)).toBeLessThan(1000);
  });

  it('on the demo database: adds to its history without reusing a public id', async () => {
    await seedDemo(handle, { now, perYear: 3000, years: 1 });
    const before = await n(sql`select count(*)::int as n from requests`);
    await seedScale(handle, { requests: 5000, now });
    expect(await n(sql`select count(*)::int as n from requests`)).toBe(before + 5000);
    expect(await n(sql`select count(distinct public_id)::int as n from requests`)).toBe(before + 5000);
  });

  it('as a bulk load: the same rows, every index and trigger back, and the roll-ups rebuilt once', async () => {
    const indexes = sql`select count(*)::int as n from pg_indexes where tablename in ('requests', 'request_events')`;
    const before = await n(indexes);
    const reportTriggers = sql`select count(*)::int as n from pg_trigger where tgrelid = 'requests'::regclass and tgname like 'report_%' and tgenabled = 'O'`;
    const triggersBefore = await n(reportTriggers);
    expect(triggersBefore).toBeGreaterThanOrEqual(3);
    const r = await seedScale(handle, { requests: 6000, template: 2000, now, bulk: true });
    expect(r.requests).toBe(6000);
    expect(await n(sql`select count(distinct public_id)::int as n from requests`)).toBe(6000);
    expect(await n(indexes)).toBe(before);
    expect(await n(reportTriggers)).toBe(triggersBefore);
    expect(await n(sql`select count(*)::int as n from report_facts`)).toBe(6000);
    expect(await n(sql`select coalesce(sum(opened), 0)::int as n from report_daily`)).toBe(6000);
    expect(await n(sql`select coalesce(sum(opened), 0)::int as n from report_daily_svc`)).toBe(6000);
    expect(await n(sql`select count(*)::int as n from requests r where not exists (select 1 from request_events e where e.request_id = r.id and e.type = 'created')`)).toBe(0);
    // Overdue flags are set as the sweep would have set them by now: a server starting on this has nothing to mark.
    expect(await n(sql`select count(*)::int as n from requests where status <> 'closed' and not resolve_overdue and resolve_due_at < ${now.toISOString()}`)).toBe(0);
    expect(await n(sql`select count(*)::int as n from requests where resolve_overdue`)).toBeGreaterThan(0);
    // The triggers work again: a new request is counted.
    await handle.db.execute(sql`insert into requests (public_id, token, service_id, department_id, priority, channel, description)
      select 'x-1', 'tok-x-1', id, department_id, 'normal', 'web', 'after the bulk load' from services limit 1`);
    expect(await n(sql`select count(*)::int as n from report_facts`)).toBe(6001);
  });
});
