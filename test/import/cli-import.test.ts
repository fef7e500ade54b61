import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, ROOT, runCli, tempDataDir } from '../support/cli.js';

const DATA = [join(ROOT, '../shared/data'), join(ROOT, '../../shared/data')].find((d) => existsSync(d))!;

// The command line on the embedded database: rejects on stderr and in --rejects FILE.csv, a dry run,
// the progress line only when asked (stderr is not a TTY here).
describe('civicdesk import requests (CLI)', { timeout: 300_000 }, () => {
  it('imports, reports rejects with line numbers to stderr and a CSV file, and shows progress when asked', async () => {
    const dir = tempDataDir();
    const lines = readFileSync(join(DATA, 'nyc311-csv/nyc311_1000rows_mzuber88.csv'), 'utf8').split('\n');
    const file = join(dir, 'sample.csv');
    writeFileSync(file, [lines[0], lines[1], lines[2]!.replace(/^\d+/, ''), lines[3], ''].join('\n'));
    const rejects = join(dir, 'rejects.csv');
    const env = cliEnv({ DATABASE_URL: undefined, CIVICDESK_DATA_DIR: join(dir, 'data') });
    const dry = await runCli(['import', 'requests', file, '--preset', 'nyc', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would import 2 new and 0 updated requests from 3 rows \(1 rejected/);
    const r = await runCli(['import', 'requests', file, '--preset', 'nyc', '--rejects', rejects, '--progress'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 2 new and 0 updated requests/);
    expect(r.stderr).toMatch(/line 3: no Unique Key/);
    expect(r.stderr).toMatch(/rows\/s/);
    expect(readFileSync(rejects, 'utf8').split('\n')[1]).toMatch(/^3,no Unique Key,/);
    const again = await runCli(['import', 'requests', file, '--preset', 'nyc'], env);
    expect(again.stdout).toMatch(/imported 0 new and 2 updated requests/);
    expect(again.stderr).not.toMatch(/rows\/s/);
  });

  it('imports Washington DC services and seeds a scale database on an empty one', async () => {
    const env = cliEnv({ DATABASE_URL: undefined, CIVICDESK_DATA_DIR: join(tempDataDir(), 'data') });
    const s = await runCli(['import', 'services', join(DATA, 'open311-responses/dc-boston_node-open311/dc-services.xml')], env);
    expect(s.stdout).toMatch(/imported 86 services \(1 with definitions, 6 attributes\)/);
    const bad = await runCli(['seed', 'scale'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--requests N/);
  });
});
