import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeRequest } from '../../src/app/close-request.js';
import { getRequest } from '../../src/app/get-request.js';
import { sweepOverdue } from '../../src/app/sweep-overdue.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { rows, sql } from '../../src/db/sql.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, fixedClock, type TinyCity } from '../support/factories.js';

let handle: DatabaseHandle;
let city: TinyCity;
const clock = fixedClock('2026-03-02T17:00:00Z');

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  clock.set('2026-03-02T17:00:00Z');
  city = await buildTinyCity(handle, { clock });
});

describe('information requests', () => {
  it('close at once but are counted by channel and by type', async () => {
    const taker = city.staff.callTaker;
    const info = { serviceCode: 'info', answers: {} };
    await buildRequest(city.deps, { ...info, channel: 'phone' }, taker);
    await buildRequest(city.deps, { ...info, channel: 'phone' }, taker);
    await buildRequest(city.deps, { ...info, channel: 'walk_in' }, taker);
    await buildRequest(city.deps, { channel: 'phone' }, taker);
    const counts = await rows<{ service: string; channel: string; status: string; n: number }>(
      handle.db,
      sql`select s.code as service, r.channel, r.status, count(*)::int as n from requests r join services s on s.id = r.service_id
          group by 1, 2, 3 order by 1, 2`,
    );
    expect(counts).toEqual([
      { service: 'info', channel: 'phone', status: 'closed', n: 2 },
      { service: 'info', channel: 'walk_in', status: 'closed', n: 1 },
      { service: 'pothole', channel: 'phone', status: 'new', n: 1 },
    ]);
    // The queue's filters count them the same way.
    const infoService = (await city.deps.repos.services.getByCode('info'))!;
    expect((await city.deps.repos.requests.list({ serviceIds: [infoService.id], channel: 'phone', limit: 1, offset: 0 })).total).toBe(2);
    // Answered on the spot: resolved, with no targets to miss.
    clock.set('2026-04-01T17:00:00Z');
    expect((await sweepOverdue(city.deps)).marked).toBe(1); // only the pothole
  });
});

describe('referred elsewhere', () => {
  it("closes with the agency's name and contact in the public timeline", async () => {
    const r = await buildRequest(city.deps);
    const referredTo = { agency: 'County Flood Control District', contact: '(555) 010-0199, floodcontrol.example.gov' };
    const closed = await closeRequest(city.deps, city.staff.worksStaff, { requestId: r.id, reason: 'referred', referredTo, note: 'The channel belongs to the county.' });
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'referred', resolvedAt: null });
    const publicEvents = await city.deps.repos.events.forRequest(r.id, { publicOnly: true });
    expect(publicEvents.at(-1)).toMatchObject({ type: 'closed', public: true, data: { reason: 'referred', referredTo, note: 'The channel belongs to the county.' } });
    const detail = await getRequest(city.deps, city.staff.readOnly, r.id);
    expect(detail.events.at(-1)!.data.referredTo).toEqual(referredTo);
  });

  it('needs the agency', async () => {
    const r = await buildRequest(city.deps);
    const err = await closeRequest(city.deps, city.staff.worksStaff, { requestId: r.id, reason: 'referred' }).catch((e) => e);
    expect(err.issues).toEqual([{ field: 'referredTo.agency', message: expect.any(String) }]);
  });
});
