import type { FastifyInstance } from 'fastify';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importAddresses } from '../../src/app/import-addresses.js';
import { addressRows } from '../../src/cli/address-csv.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { buildTestApp, signInAs, type Session } from '../support/app.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';
import { northSouth, offset, ORIGIN, square } from './geo.js';

let handle: DatabaseHandle;
let app: FastifyInstance | undefined;
let city: TinyCity;
let admin: Session;
let works: Session;

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  await app?.close();
  city = await buildTinyCity(handle);
  app = await buildTestApp(handle, city.deps);
  admin = await signInAs(app, handle, 'admin@city.example', 'admin');
  works = await signInAs(app, handle, 'liaison@city.example', 'department_staff', [city.departments.works]);
});
afterAll(async () => {
  await app?.close();
});

const geo = { 'content-type': 'application/geo+json' };

describe('the back-office API', () => {
  it('lets an admin upload a district layer, and nobody else', async () => {
    const url = '/api/admin/district-layers/wards?name=Wards&nameProperty=name';
    const denied = await app!.inject({ method: 'PUT', url, headers: { ...works.headers, ...geo }, payload: JSON.stringify(northSouth()) });
    expect(denied.statusCode).toBe(403);
    const anonymous = await app!.inject({ method: 'PUT', url, headers: geo, payload: JSON.stringify(northSouth()) });
    expect(anonymous.statusCode).toBe(401);
    const bad = await app!.inject({ method: 'PUT', url, headers: admin.headers, payload: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { field: string }) => i.field)).toEqual(['features[0].properties.name']);

    const ok = await app!.inject({ method: 'PUT', url, headers: { ...admin.headers, ...geo }, payload: JSON.stringify(northSouth()) });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ layer: { code: 'wards', name: 'Wards' }, districts: 2, added: 2 });
    const layers = await app!.inject({ url: '/api/admin/district-layers', headers: admin.headers });
    expect(layers.json()).toEqual([{ id: expect.any(Number), code: 'wards', name: 'Wards', isCityLimits: false, districts: 2 }]);

    // A city-limits layer refuses points outside it, with a clear error.
    const limits = { type: 'FeatureCollection', features: [square('Alderbrook', ORIGIN.lat - 0.01, ORIGIN.lng - 0.01, 0.02)] };
    const l = await app!.inject({ method: 'PUT', url: '/api/admin/district-layers/city?name=City%20limits&nameProperty=name&cityLimits=true', headers: admin.headers, payload: limits });
    expect(l.statusCode).toBe(200);
    const outside = await app!.inject({ method: 'POST', url: '/api/requests', payload: { serviceCode: 'pothole', location: offset(ORIGIN, 5000), answers: { size: 'small' } } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().error.code).toBe('outside_city');
  });

  it('manages routing rules, filters the queue by district, and re-routes a moved request', async () => {
    await app!.inject({ method: 'PUT', url: '/api/admin/district-layers/wards?name=Wards&nameProperty=name', headers: admin.headers, payload: northSouth() });
    const districts = (await app!.inject({ url: '/api/districts', headers: works.headers })).json() as Array<{ id: number; name: string }>;
    const north = districts.find((d) => d.name === 'north')!.id;
    const rule = await app!.inject({ method: 'POST', url: '/api/admin/routing-rules', headers: admin.headers, payload: { serviceCode: 'pothole', districtId: north, departmentId: city.departments.parks } });
    expect(rule.statusCode).toBe(200);
    expect((await app!.inject({ method: 'POST', url: '/api/admin/routing-rules', headers: works.headers, payload: { serviceCode: 'pothole', departmentId: 1 } })).statusCode).toBe(403);
    expect((await app!.inject({ method: 'POST', url: '/api/admin/routing-rules', headers: admin.headers, payload: { departmentId: city.departments.parks } })).statusCode).toBe(400);
    expect((await app!.inject({ url: '/api/admin/routing-rules', headers: admin.headers })).json()).toHaveLength(1);

    const south = await buildRequest(city.deps, { location: offset(ORIGIN, -200) });
    await buildRequest(city.deps, { location: offset(ORIGIN, 200) });
    const queue = await app!.inject({ url: `/api/requests?district=${north}`, headers: admin.headers });
    expect(queue.json().items.map((i: { departmentId: number }) => i.departmentId)).toEqual([city.departments.parks]);

    const moved = await app!.inject({ method: 'POST', url: `/api/requests/${south.publicId}/location`, headers: works.headers, payload: { location: offset(ORIGIN, 300), expectedVersion: south.version } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ departmentId: city.departments.parks, districtIds: [north] });
    expect((await app!.inject({ method: 'DELETE', url: `/api/admin/routing-rules/${rule.json().id}`, headers: admin.headers })).statusCode).toBe(204);
    expect((await app!.inject({ method: 'PUT', url: `/api/admin/departments/${city.departments.works}/auto-assign`, headers: admin.headers, payload: { autoAssign: true } })).statusCode).toBe(200);
  });

  it('offers nearby requests at intake, takes a "me too" from anyone, and lets staff merge duplicates', async () => {
    const parent = await buildRequest(city.deps, { location: offset(ORIGIN, 30), reporter: { email: 'resident@example.com', name: 'Private Person' } });
    const nearby = await app!.inject({ url: `/api/requests/nearby?serviceCode=pothole&lat=${ORIGIN.lat}&lng=${ORIGIN.lng}` });
    expect(nearby.statusCode).toBe(200);
    expect(nearby.json().items.map((i: { publicId: string }) => i.publicId)).toEqual([parent.publicId]);
    expect(nearby.body).not.toMatch(/resident@example.com|Private Person/);
    expect((await app!.inject({ url: `/api/requests/nearby?serviceCode=pothole&lat=${ORIGIN.lat}` })).statusCode).toBe(400);

    const me = await app!.inject({ method: 'POST', url: `/api/requests/${parent.publicId}/me-too`, payload: { email: 'me@example.com' } });
    expect(me.json()).toEqual({ publicId: parent.publicId, meTooCount: 1, following: true });

    const child = await buildRequest(city.deps, { location: ORIGIN });
    const dup = await app!.inject({ method: 'POST', url: `/api/requests/${child.id}/duplicate`, headers: works.headers, payload: { duplicateOf: parent.publicId } });
    expect(dup.statusCode).toBe(200);
    expect(dup.json()).toMatchObject({ status: 'closed', closeReason: 'duplicate', duplicateOfId: parent.id });
    const asResident = await app!.inject({ method: 'POST', url: `/api/requests/${child.id}/duplicate`, payload: { duplicateOf: parent.publicId } });
    expect(asResident.statusCode).toBe(401);
  });

  it('searches addresses with typos and finds the nearest to a pin, publicly', async () => {
    const csv = `id,address,lat,lng,zip\n1,1234 Maple Street,${ORIGIN.lat},${ORIGIN.lng},91701\n2,55 Birch Road,${offset(ORIGIN, 100).lat},${ORIGIN.lng},91701\n`;
    await importAddresses(city.deps, city.staff.admin, addressRows(Readable.from([csv])));
    const found = await app!.inject({ url: '/api/addresses?q=1243%20maple%20st' });
    expect(found.statusCode).toBe(200);
    expect(found.json()[0]).toMatchObject({ id: '1', fullAddress: '1234 Maple Street', zipcode: '91701' });
    const near = await app!.inject({ url: `/api/addresses/nearest?lat=${offset(ORIGIN, 90).lat}&lng=${ORIGIN.lng}` });
    expect(near.json()).toEqual([expect.objectContaining({ id: '2', distanceM: expect.any(Number) })]);
    expect((await app!.inject({ url: '/api/addresses/2' })).json().fullAddress).toBe('55 Birch Road');
    expect((await app!.inject({ url: '/api/addresses/nope' })).statusCode).toBe(404);
    expect((await app!.inject({ url: '/api/addresses?q=a' })).statusCode).toBe(400);
    const viaId = await app!.inject({ method: 'POST', url: '/api/requests', payload: { serviceCode: 'pothole', addressId: '2', answers: { size: 'small' } } });
    expect(viaId.json()).toMatchObject({ address: '55 Birch Road', addressId: '2', zipcode: '91701' });
  });
});
