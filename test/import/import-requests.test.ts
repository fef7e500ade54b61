import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { PRESETS } from '../../src/domain/import-presets.js';
import { importRequests, type Reject } from '../../src/import/import-requests.js';
import { resetDb, testDb, usingServer } from '../support/db.js';
import { ROOT, tempDataDir } from '../support/cli.js';

// ../shared/data from the project root (from a worktree in wt/, one level further up).
const DATA = [join(ROOT, '../shared/data'), join(ROOT, '../../shared/data')].find((d) => existsSync(d))!;
const NYC = ['nyc311_1000rows_mzuber88.csv', 'nyc311_1000rows_yangzixin.csv', 'nyc311_2024-05-26_anthonyupf.csv'].map((f) => join(DATA, 'nyc311-csv', f));
const BOSTON = join(DATA, 'boston311-csv/boston311_2025_streetlights-sidewalks_safertrail.csv');
const now = { now: () => new Date('2026-11-20T12:00:00Z') };

let handle: DatabaseHandle;
const count = async (q: ReturnType<typeof sql>) => (await one<{ n: number }>(handle.db, q))!.n;

/** The distinct unique keys of a sample, read with an independent CSV parse. */
function uniqueKeys(file: string): Set<string> {
  const records = parse(readFileSync(file), { columns: true, bom: true }) as Array<Record<string, string>>;
  return new Set(records.map((r) => (r['Unique Key'] ?? r.unique_key)!.trim()));
}

describe(`import requests (${usingServer() ? 'server' : 'embedded'})`, { timeout: 300_000 }, () => {
  // The first test file to open the shared database pays for PGlite's start and the migrations.
  beforeAll(async () => {
    handle = await testDb();
  }, 300_000);
  beforeEach(async () => resetDb(handle), 300_000);

  for (const file of NYC) {
    it(`imports ${file.split('/').pop()} twice: one request per unique key, with history`, async () => {
      const first = await importRequests({ handle, clock: now }, file, { mapping: PRESETS.nyc });
      expect(first.rejected).toBe(0);
      const keys = uniqueKeys(file);
      expect(first.inserted).toBe(keys.size);
      const events = await count(sql`select count(*)::int as n from request_events`);
      const second = await importRequests({ handle, clock: now }, file, { mapping: PRESETS.nyc });
      expect(second).toMatchObject({ inserted: 0, updated: keys.size, rejected: 0 });
      expect(await count(sql`select count(*)::int as n from requests`)).toBe(keys.size);
      expect(await count(sql`select count(distinct external_id)::int as n from requests where external_system = 'nyc311'`)).toBe(keys.size);
      expect(await count(sql`select count(*)::int as n from request_events`)).toBe(events);
      // Every request has its creation in the timeline at the original time, and the closed ones their closing.
      expect(await count(sql`select count(*)::int as n from requests r where not exists (select 1 from request_events e where e.request_id = r.id and e.type = 'created' and e.created_at = r.created_at)`)).toBe(0);
      expect(await count(sql`select count(*)::int as n from requests r where r.status = 'closed' and not exists (select 1 from request_events e where e.request_id = r.id and e.type = 'closed' and e.created_at = r.closed_at)`)).toBe(0);
      expect(await count(sql`select count(*)::int as n from outbox`)).toBe(0); // history is not news
    });
  }

  it('keeps the original times, status and resolution (mzuber88 sample, first record)', async () => {
    await importRequests({ handle, clock: now }, NYC[0]!, { mapping: PRESETS.nyc });
    const r = (await one<Record<string, unknown>>(
      handle.db,
      sql`select r.status, r.close_reason, r.channel, r.created_at::text as created, r.closed_at::text as closed, s.name as service, d.code as dept, r.public_id,
                 ST_Y(r.location) as lat
          from requests r join services s on s.id = r.service_id join departments d on d.id = r.department_id where r.external_id = '39573567'`,
    ))!;
    // 06/26/2018 10:58:54 AM New York time is 14:58:54 UTC (daylight time).
    expect(r).toMatchObject({ status: 'closed', close_reason: 'no_action_needed', channel: 'phone', service: 'Non-Emergency Police Matter', dept: 'nypd' });
    expect(String(r.created)).toMatch(/^2018-06-26 14:58:54/);
    expect(String(r.closed)).toMatch(/^2018-06-26 16:50:01/);
    expect(String(r.public_id)).toMatch(/^18-\d{6}$/);
    const closed = (await one<{ data: { note: string } }>(handle.db, sql`select e.data from request_events e join requests r on r.id = e.request_id where r.external_id = '39573567' and e.type = 'closed'`))!;
    expect(closed.data.note).toMatch(/police action was not necessary/);
  });

  it('updates a re-imported request whose status changed and appends only the new history', async () => {
    const dir = tempDataDir();
    const header = 'Unique Key,Created Date,Closed Date,Agency,Agency Name,Complaint Type,Descriptor,Status,Resolution Description,Latitude,Longitude';
    const open = join(dir, 'open.csv');
    const closed = join(dir, 'closed.csv');
    writeFileSync(open, `${header}\n1001,01/02/2024 09:00:00 AM,,DOT,Department of Transportation,Street Condition,Pothole,In Progress,Crew scheduled,40.7,-73.9\n`);
    writeFileSync(closed, `${header}\n1001,01/02/2024 09:00:00 AM,01/05/2024 03:30:00 PM,DOT,Department of Transportation,Street Condition,Pothole,Closed,The Department of Transportation repaired the problem.,40.7,-73.9\n`);
    await importRequests({ handle, clock: now }, open, { mapping: PRESETS.nyc });
    const before = (await one<{ public_id: string; version: number }>(handle.db, sql`select public_id, version from requests`))!;
    const second = await importRequests({ handle, clock: now }, closed, { mapping: PRESETS.nyc });
    expect(second).toMatchObject({ inserted: 0, updated: 1 });
    const after = (await one<{ public_id: string; status: string; close_reason: string; version: number }>(handle.db, sql`select public_id, status, close_reason, version from requests`))!;
    expect(after).toMatchObject({ public_id: before.public_id, status: 'closed', close_reason: 'resolved', version: before.version + 1 });
    const types = (await rows<{ type: string }>(handle.db, sql`select type from request_events order by created_at, id`)).map((e) => e.type);
    expect(types).toEqual(['created', 'status_changed', 'closed']);
  });

  it('imports the good rows of a broken file and reports each bad one with its line number', async () => {
    const dir = tempDataDir();
    const lines = readFileSync(NYC[0]!, 'latin1').split('\n');
    const good = lines.slice(1, 21);
    const badDate = good[0]!.replace('06/26/2018 10:58:54 AM', '13/45/2018 10:58:54 AM').replace(/^\d+/, '90000001');
    const noKey = good[1]!.replace(/^\d+/, '');
    const shortRow = good[2]!.replace(/^\d+/, '90000003').split(',').slice(0, 10).join(',');
    const fourth = good[3]!.replace(/^\d+/, '90000004');
    const at = fourth.split(',').slice(0, 4).join(',').length + 1; // the start of Agency Name
    const latin1 = Buffer.concat([Buffer.from(fourth.slice(0, at), 'latin1'), Buffer.from([0xe9]), Buffer.from(fourth.slice(at), 'latin1')]);
    const file = join(dir, 'broken.csv');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`${[lines[0], ...good.slice(4, 10), badDate, noKey, shortRow].join('\n')}\n`, 'latin1'),
        latin1,
        Buffer.from(`\n${good.slice(10).join('\n')}\n`, 'latin1'),
      ]),
    );
    const rejects: Reject[] = [];
    const result = await importRequests({ handle, clock: now }, file, { mapping: PRESETS.nyc, onReject: (r) => rejects.push(r) });
    expect(result.inserted).toBe(16);
    expect(result.rejected).toBe(4);
    expect(rejects.map((r) => r.line)).toEqual([8, 9, 10, 11]);
    expect(rejects[0]!.reason).toMatch(/Created Date is not a date/);
    expect(rejects[1]!.reason).toMatch(/no Unique Key|no unique_key/);
    expect(rejects[2]!.reason).toMatch(/10 fields where the header has 41/);
    expect(rejects[3]!.reason).toMatch(/UTF-8/);
    expect(await count(sql`select count(*)::int as n from requests`)).toBe(16);
  });

  it('refuses a file that lacks the mapped key columns, naming them', async () => {
    const file = join(tempDataDir(), 'other.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    await expect(importRequests({ handle, clock: now }, file, { mapping: PRESETS.nyc })).rejects.toThrow(/unique_key/);
  });

  it('a dry run checks everything and writes nothing', async () => {
    const result = await importRequests({ handle, clock: now }, NYC[1]!, { mapping: PRESETS.nyc, dryRun: true });
    expect(result.inserted).toBe(uniqueKeys(NYC[1]!).size);
    expect(result.servicesCreated).toBeGreaterThan(10);
    expect(await count(sql`select count(*)::int as n from requests`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from services`)).toBe(0);
  });

  it('imports the Boston 311 export', async () => {
    const result = await importRequests({ handle, clock: now }, BOSTON, { mapping: PRESETS.boston });
    expect(result.rejected).toBe(0);
    expect(result.inserted).toBe(2424);
    const byChannel = Object.fromEntries((await rows<{ channel: string; n: number }>(handle.db, sql`select channel, count(*)::int as n from requests group by channel`)).map((r) => [r.channel, r.n]));
    expect(byChannel).toMatchObject({ mobile: 1367, field: 829, phone: 227, web: 1 });
    expect(await count(sql`select count(*)::int as n from requests where zipcode = '02128'`)).toBeGreaterThan(0);
    expect(await count(sql`select count(*)::int as n from services where name = 'Street Light Outages'`)).toBe(1);
  });

  /** What a bulk load takes down and must put back: indexes, foreign keys and enabled triggers of the two tables. */
  const structure = async () =>
    (
      await rows<{ v: string }>(
        handle.db,
        sql`select 'index ' || indexname as v from pg_indexes where tablename in ('requests', 'request_events')
            union all select 'constraint ' || conname || ' ' || contype::text from pg_constraint where conrelid in ('requests'::regclass, 'request_events'::regclass)
            union all select 'trigger ' || tgname || ' ' || tgenabled::text from pg_trigger where tgrelid in ('requests'::regclass, 'request_events'::regclass) and not tgisinternal
            order by 1`,
      )
    ).map((r) => r.v);

  it('a bulk import (one transaction, indexes and roll-ups rebuilt once) gives what the batch path gives, twice over', async () => {
    const before = await structure();
    const file = NYC[1]!;
    const keys = uniqueKeys(file);
    const first = await importRequests({ handle, clock: now }, file, { mapping: PRESETS.nyc, bulk: true, batchSize: 300 });
    expect(first).toMatchObject({ bulk: true, rejected: 0, inserted: keys.size });
    expect(await structure()).toEqual(before);
    const events = await count(sql`select count(*)::int as n from request_events`);
    const second = await importRequests({ handle, clock: now }, file, { mapping: PRESETS.nyc, bulk: true });
    expect(second).toMatchObject({ inserted: 0, updated: keys.size, rejected: 0 });
    expect(await count(sql`select count(*)::int as n from requests`)).toBe(keys.size);
    expect(await count(sql`select count(*)::int as n from request_events`)).toBe(events);
    expect(await count(sql`select count(*)::int as n from requests r where not exists (select 1 from request_events e where e.request_id = r.id and e.type = 'created' and e.created_at = r.created_at)`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from outbox`)).toBe(0);
    // The roll-ups were rebuilt: one fact per request, every request opened once.
    expect(await count(sql`select count(*)::int as n from report_facts`)).toBe(keys.size);
    expect(await count(sql`select coalesce(sum(opened), 0)::int as n from report_daily_svc`)).toBe(keys.size);
    expect(await count(sql`select coalesce(sum(closed), 0)::int as n from report_daily_svc`)).toBe(await count(sql`select count(*)::int as n from requests where closed_at is not null`));
    // Requests written after the bulk load go through the triggers again.
    await handle.db.execute(sql`update requests set status = 'closed', close_reason = 'resolved', closed_at = created_at + interval '1 day', resolved_at = created_at + interval '1 day' where closed_at is null`);
    expect(await count(sql`select coalesce(sum(closed), 0)::int as n from report_daily_svc`)).toBe(keys.size);
  });

  it('a bulk import that fails half-way leaves nothing written and the tables as they were', async () => {
    const before = await structure();
    let batches = 0;
    const failing = importRequests({ handle, clock: now }, NYC[0]!, {
      mapping: PRESETS.nyc,
      bulk: true,
      batchSize: 100,
      onProgress: () => {
        if (++batches === 3) throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toThrow(/disk full/);
    expect(await count(sql`select count(*)::int as n from requests`)).toBe(0);
    expect(await count(sql`select count(*)::int as n from services`)).toBe(0);
    expect(await structure()).toEqual(before);
  });
});
