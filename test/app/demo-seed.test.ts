import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { makeDeps } from '../../src/db/deps.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { seedDemo } from '../../src/demo/seed.js';
import { submitRequest } from '../../src/app/submit-request.js';
import { signIn } from '../../src/app/sign-in.js';
import { resetDb, testDb } from '../support/db.js';

let handle: DatabaseHandle;
const now = new Date('2026-11-20T18:00:00Z');

describe('the demo city', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    handle = await testDb();
    await resetDb(handle);
    expect(await seedDemo(handle, { now })).toBe(true);
  }, 300_000);

  it('has the departments, services, staff and districts of a real town', async () => {
    const c = (await one<Record<string, number>>(
      handle.db,
      sql`select (select count(*)::int from departments) as departments, (select count(*)::int from services) as services,
                 (select count(*)::int from service_attributes) as questions, (select count(*)::int from users) as users,
                 (select count(*)::int from districts) as districts, (select count(*)::int from addresses) as addresses,
                 (select count(*)::int from department_liaisons where rank = 0) as leads`,
    ))!;
    expect(c.departments).toBe(8);
    expect(c.services).toBeGreaterThanOrEqual(38);
    expect(c.questions).toBeGreaterThan(60);
    expect(c.leads).toBe(8);
    expect(c.districts).toBe(6); // the city limits and five council districts
    expect(c.addresses).toBeGreaterThan(2000);
  });

  it('has two years of history whose mix follows real 311 data', async () => {
    const total = (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from requests`))!.n;
    expect(total).toBeGreaterThan(22_000);
    expect(total).toBeLessThan(26_000);
    const graffiti = (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from requests r join services s on s.id = r.service_id where s.code like 'graffiti%'`))!.n;
    expect(graffiti / total).toBeGreaterThan(0.2);
    expect(graffiti / total).toBeLessThan(0.3);
    const channels = await rows<{ channel: string; n: number }>(handle.db, sql`select channel, count(*)::int as n from requests group by channel order by n desc`);
    expect(channels[0]!.channel).toBe('phone');
    const odd = (await one<{ n: number }>(
      handle.db,
      sql`select count(*)::int as n from requests where acknowledged_at < created_at or closed_at < created_at or closed_at > ${now.toISOString()}
            or cardinality(district_ids) <> 2 or (status = 'closed') <> (closed_at is not null)`,
    ))!.n;
    expect(odd).toBe(0);
    const events = (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from request_events`))!.n;
    expect(events).toBeGreaterThan(total * 2);
    const dup = (await one<{ linked: number; all: number }>(
      handle.db,
      sql`select count(*) filter (where duplicate_of_id is not null)::int as linked, count(*)::int as "all" from requests where close_reason = 'duplicate'`,
    ))!;
    expect(dup.linked / dup.all).toBeGreaterThan(0.9);
    const repeat = (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from (select reporter_id from requests where reporter_id is not null group by 1 having count(*) > 1) t`))!.n;
    expect(repeat).toBeGreaterThan(100); // repeat reporters are one resident with a history
    // History is not news: seeding queues no notifications.
    expect((await one<{ n: number }>(handle.db, sql`select count(*)::int as n from outbox`))!.n).toBe(0);
  });

  it('numbers new requests after the history, and lets demo staff sign in', async () => {
    const deps = makeDeps(handle, { clock: { now: () => now } });
    const last = (await one<{ id: string }>(handle.db, sql`select max(public_id) as id from requests where public_id like '26-%'`))!.id;
    const svc = (await one<{ code: string }>(handle.db, sql`select code from services where visibility = 'public' and not information_only and code like 'graffiti%' limit 1`))!.code;
    const service = (await deps.repos.services.getByCode(svc))!;
    const answers = Object.fromEntries(service.attributes.filter((a) => a.required).map((a) => [a.code, a.values[0]?.key ?? (a.datatype === 'number' ? '1' : a.datatype === 'datetime' ? '2026-11-20' : 'x')]));
    const { request } = await submitRequest(deps, { type: 'resident', residentId: null, name: null }, { serviceCode: svc, channel: 'web', location: { lat: 34.06, lng: -117.62 }, answers });
    expect(request.publicId > last).toBe(true);
    expect(request.districtIds).toHaveLength(2);
    const session = await signIn(deps, { email: 'admin@alderbrook.example.gov', password: 'civicdesk-demo' });
    expect(session.user.role).toBe('admin');
  });

  it('seeds only an empty database', async () => {
    expect(await seedDemo(handle, { now })).toBe(false);
  });
});
