import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { importServices } from '../../src/import/import-services.js';
import { resetDb, testDb, usingServer } from '../support/db.js';
import { ROOT } from '../support/cli.js';

const DATA = [join(ROOT, '../shared/data'), join(ROOT, '../../shared/data')].find((d) => existsSync(d))!;
const DC = join(DATA, 'open311-responses/dc-boston_node-open311/dc-services.xml');
const GIESSEN = join(DATA, 'open311-responses/toronto-giessen_open311status/services_giessen.xml');

let handle: DatabaseHandle;

describe(`import services (${usingServer() ? 'server' : 'embedded'})`, { timeout: 300_000 }, () => {
  // The first test file to open the shared database pays for PGlite's start and the migrations.
  beforeAll(async () => {
    handle = await testDb();
  }, 300_000);
  beforeEach(async () => resetDb(handle), 300_000);

  it("imports Washington DC's services.xml with the pothole definition beside it, twice without duplicates", async () => {
    for (let i = 0; i < 2; i++) {
      const r = await importServices({ handle }, DC, { department: 'ddot' });
      expect(r).toEqual({ services: 86, withDefinitions: 1, attributes: 6 });
    }
    expect((await one<{ n: number }>(handle.db, sql`select count(*)::int as n from services`))!.n).toBe(86);
    const s = (await one<Record<string, unknown>>(handle.db, sql`select s.name, s.group_name, d.code from services s join departments d on d.id = s.department_id where s.code = 'S0301'`))!;
    expect(s).toMatchObject({ name: 'Pothole', code: 'ddot' });
    const attrs = await rows<{ code: string; datatype: string; required: boolean; position: number; values: Array<{ key: string }> }>(
      handle.db,
      sql`select a.code, a.datatype, a.required, a.position, a.values from service_attributes a join services s on s.id = a.service_id where s.code = 'S0301' order by a.position`,
    );
    expect(attrs[0]).toMatchObject({ code: 'WHISPOLO', datatype: 'singlevaluelist', required: true, position: 1 });
    expect(attrs[0]!.values.map((v) => v.key)).toEqual(['ALLEY002', 'STREE001']);
  });

  it("keeps Giessen's codes with leading zeros and its empty keywords", async () => {
    const r = await importServices({ handle }, GIESSEN);
    expect(r.services).toBe(8);
    expect((await one<{ name: string }>(handle.db, sql`select name from services where code = '015'`))!.name).toBe('Abwasser und Wasser');
  });
});
