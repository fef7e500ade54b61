import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closeRequest } from '../../src/app/close-request.js';
import { markDuplicate } from '../../src/app/mark-duplicate.js';
import { meToo } from '../../src/app/me-too.js';
import { reopenRequest } from '../../src/app/reopen-request.js';
import { suggestDuplicates } from '../../src/app/suggest-duplicates.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { rows, sql } from '../../src/db/sql.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildService, buildTinyCity, fixedClock, RESIDENT, type TinyCity } from '../support/factories.js';
import { offset, ORIGIN } from './geo.js';

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

const followers = async (requestId: number) =>
  (await rows<{ email: string | null; via: string }>(handle.db, sql`select email, via from followers where request_id = ${requestId} order by email`)).map((f) => `${f.email ?? '-'}:${f.via}`);

describe('duplicate suggestions at intake', () => {
  it('offer an open request of the same service 30 m away, not one 80 m away, of another service, or closed', async () => {
    const near = await buildRequest(city.deps, { location: offset(ORIGIN, 30) });
    await buildRequest(city.deps, { location: offset(ORIGIN, 0, 80) });
    await buildRequest(city.deps, { serviceCode: 'tree', answers: {}, location: offset(ORIGIN, -30) });
    const closed = await buildRequest(city.deps, { location: offset(ORIGIN, 10) });
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: closed.id, reason: 'resolved' });

    const found = await suggestDuplicates(city.deps, RESIDENT, { serviceCode: 'pothole', location: ORIGIN });
    expect(found.radiusM).toBe(50);
    expect(found.items.map((i) => i.publicId)).toEqual([near.publicId]);
    expect(found.items[0]!.distanceM).toBeGreaterThan(29);
    expect(found.items[0]!.distanceM).toBeLessThan(31);
  });

  it("use the service's own radius", async () => {
    await buildService(handle, { code: 'graffiti', name: 'Graffiti', group: 'Streets', departmentId: city.departments.works, duplicateRadiusM: 100 });
    const far = await buildRequest(city.deps, { serviceCode: 'graffiti', answers: {}, location: offset(ORIGIN, 0, 80) });
    const found = await suggestDuplicates(city.deps, RESIDENT, { serviceCode: 'graffiti', location: ORIGIN });
    expect(found.items.map((i) => i.id)).toEqual([far.id]);
  });
});

describe('me too', () => {
  it('counts one more resident and lets them follow, without naming them in public', async () => {
    const r = await buildRequest(city.deps, { reporter: { email: 'first@example.com' } });
    await meToo(city.deps, RESIDENT, { requestId: r.id });
    const after = await meToo(city.deps, RESIDENT, { requestId: r.id, email: 'second@example.com', name: 'Sam' });
    expect(after.meTooCount).toBe(2);
    expect(await followers(r.id)).toEqual(['first@example.com:reporter', 'second@example.com:me_too']);
    const events = await city.deps.repos.events.forRequest(r.id, { publicOnly: true });
    expect(events.filter((e) => e.type === 'me_too').map((e) => e.data)).toEqual([{ count: 1, following: false }, { count: 2, following: true }]);
    expect(JSON.stringify(events)).not.toContain('second@example.com');
  });

  it('is not offered on internal work orders or closed requests', async () => {
    const internal = await buildRequest(city.deps, { serviceCode: 'workorder', answers: {}, channel: 'field' }, city.staff.worksStaff);
    expect((await meToo(city.deps, RESIDENT, { requestId: internal.id }).catch((e) => e)).code).toBe('not_found');
    const r = await buildRequest(city.deps);
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: r.id, reason: 'resolved' });
    expect((await meToo(city.deps, RESIDENT, { requestId: r.id }).catch((e) => e)).code).toBe('illegal_transition');
  });
});

describe('marking a duplicate', () => {
  it('closes it, moves its reporter and followers to the original, and is undone cleanly by reopening', async () => {
    const parent = await buildRequest(city.deps, { reporter: { email: 'parent@example.com' } });
    await meToo(city.deps, RESIDENT, { requestId: parent.id, email: 'metoo@example.com' });
    const child = await buildRequest(city.deps, { location: offset(ORIGIN, 20), reporter: { email: 'child@example.com' } });
    await meToo(city.deps, RESIDENT, { requestId: child.id, email: 'metoo@example.com' }); // already follows the parent
    await meToo(city.deps, RESIDENT, { requestId: child.id, email: 'neighbour@example.com' });
    const phoneOnly = await buildRequest(city.deps, { location: offset(ORIGIN, 25), reporter: { phone: '555-0100', name: 'Pat' } }, city.staff.callTaker);
    const before = await followers(parent.id);

    const closed = await markDuplicate(city.deps, city.staff.worksStaff, { requestId: child.id, duplicateOfId: parent.id, note: 'same hole' });
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'duplicate', duplicateOfId: parent.id, resolvedAt: null });
    await markDuplicate(city.deps, city.staff.worksStaff, { requestId: phoneOnly.id, duplicateOfId: parent.id });
    expect(await followers(parent.id)).toEqual([
      'child@example.com:duplicate',
      'metoo@example.com:me_too',
      'neighbour@example.com:duplicate',
      'parent@example.com:reporter',
      '-:duplicate', // the phone-only reporter, reachable by the call-taker
    ]);
    const parentEvents = await city.deps.repos.events.forRequest(parent.id, { publicOnly: true });
    expect(parentEvents.at(-2)).toMatchObject({ type: 'duplicate_added', data: { duplicatePublicId: child.publicId, followersAdded: 2 } });
    const childClosed = (await city.deps.repos.events.forRequest(child.id)).at(-1)!;
    expect(childClosed).toMatchObject({ type: 'closed', public: true, data: { reason: 'duplicate', duplicateOfPublicId: parent.publicId } });

    const reopened = await reopenRequest(city.deps, city.staff.worksStaff, { requestId: child.id, note: 'not the same after all' });
    // A staff member looked at it, so it stays acknowledged (the life-cycle's rule for any staff action).
    expect(reopened).toMatchObject({ status: 'acknowledged', closeReason: null, duplicateOfId: null, closedAt: null });
    await reopenRequest(city.deps, city.staff.worksStaff, { requestId: phoneOnly.id });
    expect(await followers(parent.id)).toEqual(before);
    expect(await followers(child.id)).toEqual(['child@example.com:reporter', 'metoo@example.com:me_too', 'neighbour@example.com:me_too']);
    expect((await city.deps.repos.events.forRequest(parent.id)).at(-1)).toMatchObject({ type: 'duplicate_removed', data: { followersRemoved: 1 } });
  });

  it('keeps a follower who came through another duplicate that still stands', async () => {
    const parent = await buildRequest(city.deps);
    const a = await buildRequest(city.deps, { reporter: { email: 'same@example.com' } });
    const b = await buildRequest(city.deps, { reporter: { email: 'same@example.com' } });
    await markDuplicate(city.deps, city.staff.worksStaff, { requestId: a.id, duplicateOfId: parent.id });
    await markDuplicate(city.deps, city.staff.worksStaff, { requestId: b.id, duplicateOfId: parent.id });
    await reopenRequest(city.deps, city.staff.worksStaff, { requestId: a.id });
    expect(await followers(parent.id)).toEqual(['same@example.com:duplicate']);
    await reopenRequest(city.deps, city.staff.worksStaff, { requestId: b.id });
    expect(await followers(parent.id)).toEqual([]);
  });

  it('refuses a closed original, itself, and staff of another department', async () => {
    const parent = await buildRequest(city.deps);
    const child = await buildRequest(city.deps);
    expect((await markDuplicate(city.deps, city.staff.worksStaff, { requestId: child.id, duplicateOfId: child.id }).catch((e) => e)).code).toBe('validation');
    expect((await markDuplicate(city.deps, city.staff.parksStaff, { requestId: child.id, duplicateOfId: parent.id }).catch((e) => e)).code).toBe('forbidden');
    await closeRequest(city.deps, city.staff.worksStaff, { requestId: parent.id, reason: 'resolved' });
    expect((await markDuplicate(city.deps, city.staff.worksStaff, { requestId: child.id, duplicateOfId: parent.id }).catch((e) => e)).code).toBe('illegal_transition');
    expect((await city.deps.repos.requests.get(child.id))!.status).toBe('new');
  });
});
