import { createReadStream, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importDistricts } from '../../src/app/import-districts.js';
import { submitRequest } from '../../src/app/submit-request.js';
import { readCsv } from '../../src/cli/csv.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { makeDeps } from '../../src/db/deps.js';
import { upsertDepartment, upsertService } from '../../src/db/repositories/catalogue.js';
import type { Actor } from '../../src/domain/actor.js';
import { resetDb, testDb } from '../support/db.js';
import { SHARED_DATA, sharedFile } from './shared-data.js';

// Real ground truth: NYC's own 311 records name the community board each request fell in. Placing their
// points in the community-district polygons must agree (the file's README: 867 of the 871).

const ADMIN: Actor = { type: 'staff', userId: 0, name: 'admin', role: 'admin', departmentIds: [] };
const IMPORT: Actor = { type: 'import', name: 'nyc311 sample' };
const BOROUGHS: Record<string, number> = { MANHATTAN: 1, BRONX: 2, BROOKLYN: 3, QUEENS: 4, 'STATEN ISLAND': 5 };

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await testDb();
});

describe.skipIf(!SHARED_DATA)('districts from real NYC data', { timeout: 300_000 }, () => {
  it('places the sample requests in the community district their record names', async () => {
    await resetDb(handle);
    const deps = makeDeps(handle);
    const nyc = await upsertDepartment(handle.db, { code: 'nyc', name: 'NYC 311' });
    await upsertService(handle.db, { code: 'generic', name: 'Any request', group: 'All', departmentId: nyc, duplicateRadiusM: 0 });
    const geojson = JSON.parse(readFileSync(sharedFile('boundaries/nyc_community_districts_2013_dwillis.geojson'), 'utf8'));
    const layer = await importDistricts(deps, ADMIN, { layer: 'Community districts', nameProperty: 'BoroCD', geojson });
    expect(layer.districts).toBe(71);
    const idByCode = new Map((await deps.repos.districts.districts(layer.layer.id)).map((d) => [d.code, d.id]));

    let header: string[] | undefined;
    let named = 0;
    let agree = 0;
    let located = 0;
    for await (const row of readCsv(createReadStream(sharedFile('nyc311-csv/nyc311_1000rows_mzuber88.csv')))) {
      if (!header) {
        header = row;
        continue;
      }
      const get = (name: string) => row[header!.indexOf(name)]?.trim() ?? '';
      const lat = get('Latitude');
      const lng = get('Longitude');
      if (!lat || !lng) continue;
      located += 1;
      const { request } = await submitRequest(deps, IMPORT, {
        serviceCode: 'generic',
        channel: 'phone',
        description: `${get('Complaint Type')}: ${get('Descriptor')}`,
        location: { lat: Number(lat), lng: Number(lng) },
        address: get('Incident Address') || undefined,
        external: { system: 'nyc311', id: get('Unique Key') },
      });
      const m = /^(\d\d) (MANHATTAN|BRONX|BROOKLYN|QUEENS|STATEN ISLAND)$/.exec(get('Community Board'));
      if (!m) continue;
      named += 1;
      const expected = idByCode.get(String(BOROUGHS[m[2]!]! * 100 + Number(m[1])));
      if (expected !== undefined && request.districtIds.includes(expected)) agree += 1;
    }
    console.log(`NYC community districts: ${agree} of ${named} requests whose record names a community board land in it (${located} located requests submitted)`);
    expect(named).toBe(871);
    expect(agree).toBeGreaterThanOrEqual(867);
  });
});
