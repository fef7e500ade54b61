import { Readable } from 'node:stream';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeLocation } from '../../src/app/change-location.js';
import { importAddresses } from '../../src/app/import-addresses.js';
import { importDistricts } from '../../src/app/import-districts.js';
import { nearestAddresses, searchAddresses } from '../../src/app/search-addresses.js';
import { readCsv } from '../../src/cli/csv.js';
import { addressRows } from '../../src/cli/address-csv.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildTinyCity, fixedClock, type TinyCity } from '../support/factories.js';
import { northSouth, offset, ORIGIN } from './geo.js';

let handle: DatabaseHandle;
let city: TinyCity;
const clock = fixedClock('2026-03-02T17:00:00Z');

const at = (p: { lat: number; lng: number }) => `${p.lat},${p.lng}`;
const CSV = [
  'Address ID,Full Address,Lat,Long,Zip',
  `A-1,1234 Maple Street,${at(ORIGIN)},91701`,
  `A-2,1236 Maple Street,${at(offset(ORIGIN, 0, 15))},91701`,
  `A-3,"88 Oak Avenue, Unit 4",${at(offset(ORIGIN, 400))},91702`,
  `A-4,1234 Mable Court,${at(offset(ORIGIN, -900))},`,
  'A-5,Nowhere Lane,not-a-number,12',
  '',
  `A-6,"17 ""The Willows"" Drive",${at(offset(ORIGIN, -300))},91701`,
].join('\r\n');

async function load(text = CSV) {
  return importAddresses(city.deps, city.staff.admin, addressRows(Readable.from([text.slice(0, 70), text.slice(70)])), { batchSize: 2 });
}

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  city = await buildTinyCity(handle, { clock });
});

describe('the CSV reader', () => {
  it('reads quotes, doubled quotes, newlines in quotes and CRLF across chunk boundaries', async () => {
    const text = 'a,"b,1","say ""hi""\r\nthere"\r\n1,,3\n';
    const out: string[][] = [];
    for await (const row of readCsv(Readable.from(text.split('')))) out.push(row);
    expect(out).toEqual([['a', 'b,1', 'say "hi"\r\nthere'], ['1', '', '3']]);
  });
});

describe('the master address list', () => {
  it('imports a CSV, skipping and reporting the rows that are not addresses', async () => {
    const r = await load();
    expect(r).toMatchObject({ imported: 5, rejected: 1, issues: [{ field: 'line 6', message: expect.stringContaining('not a point') }] });
    expect(await city.deps.repos.addresses.get('A-3')).toMatchObject({ fullAddress: '88 Oak Avenue, Unit 4', zipcode: '91702' });
    expect((await city.deps.repos.addresses.get('A-6'))!.fullAddress).toBe('17 "The Willows" Drive');
    // Running it again replaces, never duplicates.
    expect((await load()).imported).toBe(5);
  });

  it('finds an address despite typos, best match first', async () => {
    await load();
    const hits = await searchAddresses(city.deps, { q: '1234 mapel stret' });
    expect(hits[0]!.id).toBe('A-1');
    expect((await searchAddresses(city.deps, { q: '88 Oak Avenu' }))[0]!.id).toBe('A-3');
    expect((await searchAddresses(city.deps, { q: 'willow' }))[0]!.id).toBe('A-6');
    expect(await searchAddresses(city.deps, { q: 'zzzzqqq' })).toEqual([]);
    expect((await searchAddresses(city.deps, { q: 'ab' }).catch((e) => e)).code).toBe('validation');
  });

  it('finds the nearest address to a map pin', async () => {
    await load();
    const [hit] = await nearestAddresses(city.deps, { location: offset(ORIGIN, 0, 12) });
    expect(hit).toMatchObject({ id: 'A-2' });
    expect(hit!.distanceM).toBeCloseTo(3, 0);
    expect(await nearestAddresses(city.deps, { location: offset(ORIGIN, 3000), withinM: 100 })).toEqual([]);
  });

  it('fills a request from its address id, and moves one to another address', async () => {
    await load();
    await importDistricts(city.deps, city.staff.admin, { layer: 'Wards', nameProperty: 'name', geojson: northSouth() });
    const r = await buildRequest(city.deps, { location: undefined, addressId: 'A-3' });
    expect(r).toMatchObject({ address: '88 Oak Avenue, Unit 4', addressId: 'A-3', zipcode: '91702' });
    expect(r.location!.lat).toBeCloseTo(offset(ORIGIN, 400).lat, 6);
    expect(r.districtIds).toHaveLength(1);
    const err = await buildRequest(city.deps, { location: undefined, addressId: 'nope' }).catch((e) => e);
    expect(err.issues).toEqual([{ field: 'address_id', message: expect.any(String) }]);
    const moved = await changeLocation(city.deps, city.staff.worksStaff, { requestId: r.id, addressId: 'A-4' });
    expect(moved).toMatchObject({ address: '1234 Mable Court', addressId: 'A-4', zipcode: null });
    expect(moved.districtIds).not.toEqual(r.districtIds);
  });
});
