import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../support/cli.js';
import { northSouth, ORIGIN } from './geo.js';

describe('civicdesk import', { timeout: 240_000 }, () => {
  it('loads a district layer and an address list into a data directory, refusing bad input in one line', async () => {
    const dir = tempDataDir();
    const layer = join(dir, 'wards.geojson');
    writeFileSync(layer, JSON.stringify(northSouth()));
    const districts = await runCli(['import', 'districts', layer, '--layer', 'Wards', '--name-property', 'name', '--data-dir', dir]);
    expect(districts.stderr).toBe('');
    expect(districts.stdout).toContain('layer wards (Wards): 2 districts (2 new, 0 updated, 0 removed)');

    const csv = join(dir, 'addresses.csv');
    writeFileSync(csv, `address id,full address,lat,long,zip\n1,1 Main Street,${ORIGIN.lat},${ORIGIN.lng},91701\n2,2 Main Street,north,south,\n`);
    const addresses = await runCli(['import', 'addresses', csv, '--data-dir', dir]);
    expect(addresses.code).toBe(0);
    expect(addresses.stdout).toMatch(/^1 addresses imported in [\d.]+ s; 1 rows skipped:\n {2}line 3: lat north/);

    const noLayer = await runCli(['import', 'districts', layer, '--data-dir', dir]);
    expect(noLayer.code).toBe(2);
    expect(noLayer.stderr.split('\n')[0]).toBe('civicdesk: import districts needs --layer NAME and --name-property PROP');
    const badProperty = await runCli(['import', 'districts', layer, '--layer', 'Wards', '--name-property', 'WARD', '--data-dir', dir]);
    expect(badProperty.code).toBe(1);
    expect(badProperty.stderr.trim().split('\n')).toHaveLength(1);
    expect(badProperty.stderr).toContain('features[0].properties.WARD: missing');
  });
});
