import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { resetDb, testDb } from '../support/db.js';
import { buildService, buildTinyCity, type TinyCity } from '../support/factories.js';
import { ISO_WITH_ZONE, SPEC } from './open311-xml.js';
import { client, newKey, startServer } from './support.js';

// The npm package open311 (codeforamerica/node-open311, a third-party client) against our server
// on a real port, through every call it has. It runs in JSON mode: its XML parsers (sparkxml from
// a git URL, xml2json on native node-expat 1.4) cannot be installed on Node 20 (see package.json
// "overrides"); our XML is read by the same parser as real cities' XML in format.test.ts.

let handle: DatabaseHandle;
let city: TinyCity;
let server: Awaited<ReturnType<typeof startServer>>;
let servers: FastifyInstance[] = [];

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  city = await buildTinyCity(handle);
  await buildService(handle, { code: 'graffiti', name: 'Graffiti', group: 'Streets', departmentId: city.departments.works, notice: 'Graffiti is removed within 24 hours.', keywords: ['paint', 'tag'] });
  await city.deps.repos.settings.set('city', { name: 'Testville', jurisdictionId: 'testville.gov' });
  server = await startServer(handle, city.deps);
  servers.push(server.app);
});
afterAll(async () => {
  for (const s of servers) await s.close();
  servers = [];
});

describe('the open311 npm client against CivicDesk', () => {
  it('discovers the endpoint and caches it', async () => {
    const c = client({ discovery: `${server.base}/open311/v2/discovery.json` });
    const d = await c.discovery({ cache: true });
    expect(Object.keys(d)).toEqual([...SPEC.discovery]);
    const endpoints = d.endpoints as Array<Record<string, unknown>>;
    expect(Object.keys(endpoints[0]!)).toEqual([...SPEC.endpoint]);
    expect(endpoints[0]!.formats).toEqual(['text/xml', 'application/json']);
    expect(String(d.changeset)).toMatch(ISO_WITH_ZONE);
    // The client's own rule: it takes the production GeoReport_v2 endpoint and adds a slash.
    expect(c.raw.endpoint).toBe(`${server.base}/open311/v2/`);
    expect((await c.services()).length).toBeGreaterThan(0);
  });

  it('lists services without internal ones, and gives a definition', async () => {
    const c = client({ endpoint: server.endpoint, jurisdiction: 'testville.gov' });
    const list = await c.services();
    expect(list.map((s) => s.service_code)).toEqual(expect.arrayContaining(['pothole', 'tree', 'graffiti']));
    expect(list.map((s) => s.service_code)).not.toContain('workorder');
    for (const s of list) expect(Object.keys(s)).toEqual([...SPEC.service]);
    const pothole = list.find((s) => s.service_code === 'pothole')!;
    expect(pothole).toMatchObject({ service_name: 'Pothole', metadata: true, type: 'realtime', group: 'Streets' });
    expect(list.find((s) => s.service_code === 'graffiti')).toMatchObject({ metadata: false, keywords: 'paint, tag' });

    const def = await c.definition('pothole');
    expect(Object.keys(def)).toEqual([...SPEC.definition]);
    const attrs = def.attributes as Array<Record<string, unknown>>;
    expect(attrs.map((a) => a.code)).toEqual(['size', 'lane']);
    for (const a of attrs) expect(Object.keys(a)).toEqual([...SPEC.attribute]);
    expect(attrs[0]).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: true, order: 1, description: 'How big is it?', values: [{ key: 'small', name: 'Small' }, { key: 'large', name: 'Large' }] });
    await expect(c.definition('workorder')).rejects.toThrow(/404/);
    await expect(c.definition('nope')).rejects.toThrow(/404/);
  });

  it('submits a request, exchanges its token, and reads it back by id and in the list', async () => {
    const apiKey = await newKey(city.deps);
    const c = client({ endpoint: server.endpoint, jurisdiction: 'testville.gov', apiKey });
    const answer = await c.submit({
      service_code: 'graffiti',
      lat: 34.0612,
      long: -117.6201,
      address_string: '12 Main St',
      description: 'Tag on the underpass <b>wall</b> & "fence"',
      email: 'reporter@example.com',
      first_name: 'Rita',
      last_name: 'Reporter',
      phone: '555-0100',
      account_id: 'acct-7',
    });
    expect(answer).toHaveLength(1);
    expect(Object.keys(answer[0]!)).toEqual([...SPEC.postAnswer]);
    const id = answer[0]!.service_request_id as string;
    expect(id).toMatch(/^\d{2}-\d{6}$/);
    expect(answer[0]).toMatchObject({ service_notice: 'Graffiti is removed within 24 hours.', account_id: 'acct-7' });

    const tok = await c.token(answer[0]!.token as string);
    expect(tok).toEqual([{ service_request_id: id, token: answer[0]!.token }]);
    await expect(c.token('no-such-token')).rejects.toThrow(/404/);

    const one = await c.request(id);
    expect(one).toHaveLength(1);
    const r = one[0]!;
    expect(Object.keys(r)).toEqual([...SPEC.request]);
    expect(r).toMatchObject({ service_request_id: id, status: 'open', service_code: 'graffiti', service_name: 'Graffiti', agency_responsible: 'Public Works', address: '12 Main St', lat: 34.0612, long: -117.6201 });
    expect(r.description).toBe('Tag on the underpass <b>wall</b> & "fence"');
    // The client turns the datetimes into Dates: they must parse.
    expect(Number.isNaN((r.requested_datetime as Date).getTime())).toBe(false);
    const body = JSON.stringify(one);
    for (const secret of ['Rita', 'Reporter', 'reporter@example.com', '555-0100']) expect(body).not.toContain(secret);

    const list = await c.requests({ status: 'open' });
    expect(list.map((x) => x.service_request_id)).toContain(id);
    const byIds = await c.request([id, '26-999999']);
    expect(byIds.map((x) => x.service_request_id)).toEqual([id]);
    // Baltimore's page_size, as the client's own example sends it.
    const two = await c.submit({ service_code: 'tree', lat: 34.06, long: -117.62 });
    const page = await c.requests({ page_size: 1 });
    expect(page.map((x) => x.service_request_id)).toEqual([two[0]!.service_request_id]);
  });

  it('answers a refused POST with a status the client reports as an error', async () => {
    const c = client({ endpoint: server.endpoint, apiKey: 'not-a-key' });
    await expect(c.submit({ service_code: 'graffiti', lat: 34, long: -117 })).rejects.toMatchObject({ status: 403 });
    const wrongJurisdiction = client({ endpoint: server.endpoint, jurisdiction: 'elsewhere.gov', apiKey: await newKey(city.deps) });
    await expect(wrongJurisdiction.submit({ service_code: 'graffiti', lat: 34, long: -117 })).rejects.toMatchObject({ status: 400 });
  });
});
