import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeLocation } from '../../src/app/change-location.js';
import { changeService } from '../../src/app/change-service.js';
import { deleteRoutingRule } from '../../src/app/delete-routing-rule.js';
import { importDistricts } from '../../src/app/import-districts.js';
import { saveRoutingRule } from '../../src/app/save-routing-rule.js';
import { setDepartmentAutoAssign } from '../../src/app/set-department-auto-assign.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { setLiaisons, upsertDepartment, upsertStaff } from '../../src/db/repositories/catalogue.js';
import { sql } from '../../src/db/sql.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, fixedClock, type TinyCity } from '../support/factories.js';
import { northSouth, offset, ORIGIN } from './geo.js';

let handle: DatabaseHandle;
let city: TinyCity;
let north: number;
let south: number;
let contractor: number;
let northWorks: number;
const clock = fixedClock('2026-03-02T17:00:00Z');
const NORTH = offset(ORIGIN, 500);
const SOUTH = offset(ORIGIN, -500);

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  clock.set('2026-03-02T17:00:00Z');
  city = await buildTinyCity(handle, { clock });
  const admin = city.staff.admin;
  const layer = await importDistricts(city.deps, admin, { layer: 'Wards', nameProperty: 'name', geojson: northSouth() });
  const ids = new Map((await city.deps.repos.districts.districts(layer.layer.id)).map((d) => [d.name, d.id]));
  north = ids.get('north')!;
  south = ids.get('south')!;
  contractor = await upsertDepartment(handle.db, { code: 'contractor', name: 'Paving contractor' });
  northWorks = await upsertDepartment(handle.db, { code: 'north-works', name: 'North yard' });
});

const pothole = (location: { lat: number; lng: number }) => buildRequest(city.deps, { location });
const tree = (location: { lat: number; lng: number }) => buildRequest(city.deps, { serviceCode: 'tree', location, answers: {} });

describe('routing rules', () => {
  it('apply in order: service+district, then service, then district, then the service default', async () => {
    const admin = city.staff.admin;
    expect((await pothole(NORTH)).departmentId).toBe(city.departments.works); // no rules yet: the service's department
    await saveRoutingRule(city.deps, admin, { districtId: north, departmentId: northWorks });
    await saveRoutingRule(city.deps, admin, { serviceCode: 'pothole', departmentId: contractor });
    const both = await saveRoutingRule(city.deps, admin, { serviceCode: 'pothole', districtId: north, departmentId: city.departments.parks });

    expect((await pothole(NORTH)).departmentId).toBe(city.departments.parks); // service+district
    expect((await pothole(SOUTH)).departmentId).toBe(contractor); // service
    expect((await tree(NORTH)).departmentId).toBe(northWorks); // district
    expect(await tree(SOUTH)).toMatchObject({ departmentId: city.departments.parks, districtIds: [south] }); // default

    await deleteRoutingRule(city.deps, admin, both.id);
    const r = await pothole(NORTH);
    expect(r.departmentId).toBe(contractor);
    const created = (await city.deps.repos.events.forRequest(r.id))[0]!;
    expect(created.data.routing).toMatchObject({ match: 'service', departmentId: contractor });
  });

  it('re-route a request when its service changes, and when it moves', async () => {
    const admin = city.staff.admin;
    await saveRoutingRule(city.deps, admin, { serviceCode: 'pothole', departmentId: contractor });
    await saveRoutingRule(city.deps, admin, { serviceCode: 'pothole', districtId: north, departmentId: northWorks });
    let r = await tree(SOUTH);
    expect(r.departmentId).toBe(city.departments.parks);
    r = await changeService(city.deps, city.staff.supervisor, { requestId: r.id, serviceCode: 'pothole' });
    expect(r.departmentId).toBe(contractor);
    r = await changeLocation(city.deps, city.staff.supervisor, { requestId: r.id, location: NORTH, note: 'caller gave the wrong block' });
    expect(r.departmentId).toBe(northWorks);
    expect(r.districtIds).toEqual([north]);
    expect(r.location?.lat).toBeCloseTo(NORTH.lat, 6);
    const events = await city.deps.repos.events.forRequest(r.id);
    expect(events.map((e) => e.type)).toEqual(['created', 'service_changed', 'location_changed']);
    expect(events[1]!.data).toMatchObject({ toDepartmentId: contractor, routing: { match: 'service' } });
    expect(events[2]!.data).toMatchObject({ fromDepartmentId: contractor, toDepartmentId: northWorks, routing: { match: 'service_district' } });
    // Back to the old service: the district has no rule for trees, so the service default.
    r = await changeService(city.deps, city.staff.supervisor, { requestId: r.id, serviceCode: 'tree' });
    expect(r.departmentId).toBe(city.departments.parks);
  });

  it('keeps the assignee when the department stays the same', async () => {
    let r = await pothole(SOUTH);
    await handle.db.execute(sql`update requests set assignee_id = ${city.staff.worksStaff.userId} where id = ${r.id}`);
    r = await changeLocation(city.deps, city.staff.supervisor, { requestId: r.id, location: offset(SOUTH, 20) });
    expect(r.assigneeId).toBe(city.staff.worksStaff.userId);
  });
});

describe('auto-assignment', () => {
  it('gives a new request to the lead liaison, or to the first backup present when the lead is away', async () => {
    const works = city.departments.works;
    const staff = (email: string) => upsertStaff(handle.db, { email, name: email.split('@')[0]!, role: 'department_staff', departmentIds: [works] });
    const lead = await staff('lead@city.example');
    const backup1 = await staff('backup1@city.example');
    const backup2 = await staff('backup2@city.example');
    await setLiaisons(handle.db, works, [lead, backup1, backup2]);
    const away = (id: number, on: boolean) => handle.db.execute(sql`update users set away = ${on} where id = ${id}`);

    expect((await pothole(SOUTH)).assigneeId).toBeNull(); // the department doesn't auto-assign yet
    await setDepartmentAutoAssign(city.deps, city.staff.admin, { departmentId: works, autoAssign: true });
    const first = await pothole(SOUTH);
    expect(first.assigneeId).toBe(lead);
    expect(first.status).toBe('new'); // routed, not yet acknowledged by a person
    const assigned = (await city.deps.repos.events.forRequest(first.id)).find((e) => e.type === 'assigned')!;
    expect(assigned).toMatchObject({ public: false, actorType: 'system', data: { to: lead, auto: true } });

    await away(lead, true);
    expect((await pothole(SOUTH)).assigneeId).toBe(backup1);
    await away(backup1, true);
    expect((await pothole(SOUTH)).assigneeId).toBe(backup2);
    await away(backup2, true);
    expect((await pothole(SOUTH)).assigneeId).toBeNull();
    await away(lead, false);
    expect((await pothole(SOUTH)).assigneeId).toBe(lead);
  });

  it('follows a rule that auto-assigns even when its department does not, and assigns on re-routing', async () => {
    const lead = await upsertStaff(handle.db, { email: 'north@city.example', name: 'north', role: 'department_staff', departmentIds: [northWorks] });
    const backup = await upsertStaff(handle.db, { email: 'north2@city.example', name: 'north2', role: 'department_staff', departmentIds: [northWorks] });
    await setLiaisons(handle.db, northWorks, [lead, backup]);
    await handle.db.execute(sql`update users set away = true where id = ${lead}`);
    await saveRoutingRule(city.deps, city.staff.admin, { districtId: north, departmentId: northWorks, autoAssign: true });
    expect((await tree(NORTH)).assigneeId).toBe(backup);
    let r = await tree(SOUTH);
    expect(r.assigneeId).toBeNull();
    r = await changeLocation(city.deps, city.staff.supervisor, { requestId: r.id, location: NORTH });
    expect(r).toMatchObject({ departmentId: northWorks, assigneeId: backup });
    // Moving out again leaves the new department with nobody assigned.
    r = await changeLocation(city.deps, city.staff.supervisor, { requestId: r.id, location: SOUTH });
    expect(r).toMatchObject({ departmentId: city.departments.parks, assigneeId: null });
  });
});
