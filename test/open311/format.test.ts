import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { escapeXml, toXml } from '../../src/open311/xml.js';
import { resetDb, testDb } from '../support/db.js';
import { buildRequest, buildService, buildTinyCity, type TinyCity } from '../support/factories.js';
import { asXmlText, ISO_WITH_ZONE, parseOpen311Xml, SPEC, type Parsed } from './open311-xml.js';
import { newKey, startServer } from './support.js';

// XML and JSON, element by element against the spec's names, read by the same parser that reads
// real cities' responses.

// ../shared beside the project (CI, a clone of main); ../../shared from a worktree in wt/.
const REAL = ['../shared', '../../shared'].map((p) => join(process.cwd(), p, 'data/open311-responses')).find((p) => existsSync(p))!;
const real = (path: string) => readFileSync(join(REAL, path), 'utf8');

let handle: DatabaseHandle;
let city: TinyCity;
let server: Awaited<ReturnType<typeof startServer>>;
const servers: FastifyInstance[] = [];

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  city = await buildTinyCity(handle);
  server = await startServer(handle, city.deps);
  servers.push(server.app);
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function both(path: string) {
  const [x, j] = await Promise.all(['xml', 'json'].map((f) => fetch(`${server.endpoint}${path.replace('{f}', f)}`)));
  expect(x!.status).toBe(200);
  expect(j!.status).toBe(200);
  expect(x!.headers.get('content-type')).toBe('text/xml; charset=utf-8');
  expect(j!.headers.get('content-type')).toBe('application/json; charset=utf-8');
  const xmlText = await x!.text();
  expect(xmlText.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<')).toBe(true);
  return { xml: parseOpen311Xml(xmlText), json: (await j!.json()) as unknown, xmlText };
}

const keysOf = (v: Parsed | unknown) => Object.keys(v as object);

describe('XML and JSON, element by element', () => {
  it('serves services, a definition and discovery with the spec names in both formats, carrying the same values', async () => {
    const services = await both('services.{f}');
    expect(services.xml.root).toBe('services');
    expect(Array.isArray(services.json)).toBe(true);
    expect(services.xml.value).toEqual(asXmlText(services.json));
    for (const s of services.json as object[]) expect(keysOf(s)).toEqual([...SPEC.service]);

    const def = await both('services/pothole.{f}');
    expect(def.xml.root).toBe('service_definition');
    expect(def.xml.value).toEqual(asXmlText(def.json));
    expect(keysOf(def.json)).toEqual([...SPEC.definition]);
    const attr = (def.json as { attributes: Array<Record<string, unknown>> }).attributes[0]!;
    expect(keysOf(attr)).toEqual([...SPEC.attribute]);
    expect(keysOf((attr.values as object[])[0])).toEqual([...SPEC.value]);
    expect(def.xmlText).toContain('<attributes><attribute><variable>true</variable><code>size</code>');

    const disc = await both('discovery.{f}');
    expect(disc.xml.root).toBe('discovery');
    expect(disc.xml.value).toEqual(asXmlText(disc.json));
    expect(disc.xmlText).toContain('<formats><format>text/xml</format><format>application/json</format></formats>');
  });

  it('serves requests as arrays with string ids and zoned datetimes, the same in XML and JSON', async () => {
    const r = await buildRequest(city.deps, { description: 'Needs <fixing> & "soon"', address: '1 Elm St', zipcode: '91730' });
    const list = await both('requests.{f}');
    expect(list.xml.root).toBe('service_requests');
    expect(list.xml.value).toEqual(asXmlText(list.json));
    const [item] = list.json as Array<Record<string, unknown>>;
    expect(keysOf(item)).toEqual([...SPEC.request]);
    expect(item!.service_request_id).toBe(r.publicId);
    expect(typeof item!.service_request_id).toBe('string');
    for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(String(item![k])).toMatch(ISO_WITH_ZONE);
    expect(list.xmlText).toContain('<description>Needs &lt;fixing&gt; &amp; &quot;soon&quot;</description>');

    const single = await both(`requests/${r.publicId}.{f}`);
    expect(Array.isArray(single.json)).toBe(true);
    expect((single.json as unknown[]).length).toBe(1);
    expect(single.xml.value).toEqual(asXmlText(single.json));

    const key = await newKey(city.deps);
    const posted = await Promise.all(
      ['xml', 'json'].map((f) =>
        fetch(`${server.endpoint}requests.${f}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ api_key: key, service_code: 'tree', address_string: '3 Oak Ave' }).toString(),
        }),
      ),
    );
    const postXml = parseOpen311Xml(await posted[0]!.text());
    const postJson = (await posted[1]!.json()) as Array<Record<string, unknown>>;
    expect(postXml.root).toBe('service_requests');
    expect(keysOf((postXml.value as Parsed[])[0])).toEqual([...SPEC.postAnswer]);
    expect(Array.isArray(postJson) && postJson.length === 1).toBe(true);
    expect(keysOf(postJson[0])).toEqual([...SPEC.postAnswer]);

    const tok = await both(`tokens/${postJson[0]!.token}.{f}`);
    expect(tok.xml.value).toEqual(asXmlText(tok.json));
    expect(keysOf((tok.json as object[])[0])).toEqual([...SPEC.token]);
  });

  it('adds extended_attributes and notes[] with extensions=true, in both formats', async () => {
    const r = await buildRequest(city.deps);
    const ext = await both(`requests/${r.publicId}.{f}?extensions=true`);
    expect(ext.xml.value).toEqual(asXmlText(ext.json));
    const [item] = ext.json as Array<Record<string, unknown>>;
    expect(keysOf(item)).toEqual([...SPEC.request, 'extended_attributes', 'notes']);
    expect(keysOf(item!.extended_attributes)).toEqual([...SPEC.extended]);
    expect(keysOf((item!.notes as object[])[0])).toEqual([...SPEC.note]);
    expect(ext.xmlText).toContain('<notes><note><datetime>');
  });
});

describe('the OpenAPI document', () => {
  it('lists the Open311 routes under their own tag', async () => {
    const doc = (await server.app.inject('/docs/json')).json() as { paths: Record<string, Record<string, { tags?: string[] }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/open311/v2/{file}', '/open311/v2/requests/{file}', '/media/{id}']));
    expect(doc.paths['/open311/v2/{file}']!.post!.tags).toEqual(['open311']);
  });
});

describe('the XML writer', () => {
  it('escapes markup and drops characters XML 1.0 forbids', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(escapeXml('bell\u0007 nul\u0000 esc\u001b ok\ttab\nline \uFFFE\uFFFF lone\uD800 pair\uD83D\uDE00')).toBe('bell nul esc ok\ttab\nline  lone pair\uD83D\uDE00');
    const doc = toXml('service_requests', [{ service_request_id: '1', description: 'x\u0001<y>', lat: 1.5, flag: true, none: null }]);
    expect(doc).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<service_requests><request><service_request_id>1</service_request_id><description>x&lt;y&gt;</description><lat>1.5</lat><flag>true</flag><none/></request></service_requests>\n');
    expect(parseOpen311Xml(doc).value).toEqual([{ service_request_id: '1', description: 'x<y>', lat: '1.5', flag: 'true', none: '' }]);
  });

  it('keeps a request whose text has invalid XML characters readable', async () => {
    await buildService(handle, { code: 'odd', name: 'Odd \u0001 name', group: 'G', departmentId: city.departments.works });
    const r = await buildRequest(city.deps, { serviceCode: 'odd', answers: {}, description: 'before\u000bafter \uFFFE end' });
    const res = await fetch(`${server.endpoint}requests/${r.publicId}.xml`);
    const parsed = parseOpen311Xml(await res.text()).value as Array<Record<string, string>>;
    expect(parsed[0]!.description).toBe('beforeafter  end');
    expect(parsed[0]!.service_name).toBe('Odd  name');
  });
});

describe("real cities' responses, read by the same parser", () => {
  it('reads every fixture, and their elements are the spec names ours use', () => {
    const files = readdirSync(REAL, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.xml'));
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const f of files) expect(() => parseOpen311Xml(real(f)), f).not.toThrow();

    const dcServices = parseOpen311Xml(real('dc-boston_node-open311/dc-services.xml'));
    expect(dcServices.root).toBe('services');
    expect((dcServices.value as Parsed[]).length).toBe(86);
    for (const s of dcServices.value as Parsed[]) expect(SPEC.service).toEqual(expect.arrayContaining(keysOf(s)));

    // Giessen: <services is_array="true"> and empty <keywords/>.
    const giessen = parseOpen311Xml(real('toronto-giessen_open311status/services_giessen.xml'));
    expect(giessen.root).toBe('services');
    const gs = giessen.value as Array<Record<string, string>>;
    expect(gs).toHaveLength(8);
    expect(gs[0]).toMatchObject({ service_code: '015', keywords: '', description: '' });
    expect(gs.find((s) => s.service_code === '012')!.service_name).toBe('Verkehrsschild beschädigt');
    for (const s of gs) expect(SPEC.service).toEqual(expect.arrayContaining(keysOf(s)));

    const sf = parseOpen311Xml(real('dc_sferik-open311/services.xml'));
    expect((sf.value as Array<Record<string, string>>)[0]!.service_code).toBe('001'); // an id that must stay text

    for (const f of ['dc-boston_node-open311/dc-services-S0301.xml', 'dc_sferik-open311/service_definition.xml']) {
      const def = parseOpen311Xml(real(f));
      expect(def.root).toBe('service_definition');
      expect(keysOf(def.value)).toEqual([...SPEC.definition]);
      for (const a of (def.value as { attributes: Parsed[] }).attributes) {
        expect(SPEC.attribute).toEqual(expect.arrayContaining(keysOf(a)));
        for (const v of (a as { values: Parsed[] }).values) expect(keysOf(v)).toEqual([...SPEC.value]);
      }
    }

    for (const f of ['dc-boston_node-open311/service-requests.xml', 'dc_sferik-open311/service_requests.xml', 'toronto-giessen_open311status/requests_many.xml', 'toronto-giessen_open311status/requests_single.xml', 'dc-boston_node-open311/service-request.xml']) {
      const doc = parseOpen311Xml(real(f));
      expect(doc.root).toBe('service_requests');
      for (const r of doc.value as Parsed[]) expect([...keysOf(r)].sort()).toEqual([...SPEC.request].sort());
    }
    const toronto = (parseOpen311Xml(real('toronto-giessen_open311status/requests_single.xml')).value as Array<Record<string, string>>)[0]!;
    expect(toronto).toMatchObject({ service_request_id: '101005420892', updated_datetime: '', lat: '43.691104288' });
    expect(toronto.requested_datetime).toMatch(ISO_WITH_ZONE);

    const postAnswer = parseOpen311Xml(real('dc_sferik-open311/post_service_request.xml'));
    expect(SPEC.postAnswer).toEqual(expect.arrayContaining(keysOf((postAnswer.value as Parsed[])[0])));
    for (const f of ['dc-boston_node-open311/token.xml', 'dc_sferik-open311/request_id_from_token.xml', 'dc-boston_node-open311/boston-submitrequest-token.xml']) {
      const tok = parseOpen311Xml(real(f));
      expect(SPEC.token).toEqual(expect.arrayContaining(keysOf((tok.value as Parsed[])[0])));
    }

    const bostonError = parseOpen311Xml(real('dc-boston_node-open311/boston-err-submitrequest-base_is_duplicate.xml'));
    expect(bostonError).toEqual({ root: 'errors', value: [{ code: '400', description: 'Invalid service request: base is a duplicate.' }] });
    // DC's 403 (captured with its status line) is a bare <error>, not the spec's <errors>: we read it, we don't copy it.
    expect(parseOpen311Xml(real('dc_sferik-open311/403.xml')).root).toBe('error');

    const dc = parseOpen311Xml(real('dc-boston_node-open311/discovery-dc.xml'));
    expect(keysOf(dc.value)).toEqual([...SPEC.discovery]);
    for (const e of (dc.value as { endpoints: Parsed[] }).endpoints) expect([...keysOf(e)].sort()).toEqual([...SPEC.endpoint].sort());
  });

  it("reads Boston's JSON discovery, whose changeset is not ISO 8601, while ours is", async () => {
    const boston = JSON.parse(real('dc-boston_node-open311/discovery-boston.json')) as Record<string, unknown>;
    expect(keysOf(boston).sort()).toEqual([...SPEC.discovery].sort());
    expect(boston.changeset).toBe('2011-09-1 17:35');
    expect(String(boston.changeset)).not.toMatch(ISO_WITH_ZONE);
    for (const e of boston.endpoints as object[]) expect(keysOf(e).sort()).toEqual([...SPEC.endpoint].sort());
    const ours = (await (await fetch(`${server.endpoint}discovery.json`)).json()) as Record<string, unknown>;
    expect(String(ours.changeset)).toMatch(ISO_WITH_ZONE);
    expect(keysOf(ours)).toEqual(keysOf(boston).sort((a, b) => SPEC.discovery.indexOf(a as never) - SPEC.discovery.indexOf(b as never)));
  });
});
