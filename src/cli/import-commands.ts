import { createReadStream, readFileSync } from 'node:fs';
import { importAddresses } from '../app/import-addresses.js';
import { importDistricts } from '../app/import-districts.js';
import type { Config } from '../config.js';
import { makeDeps } from '../db/deps.js';
import type { Actor } from '../domain/actor.js';
import { openRuntime } from '../runtime.js';
import { addressRows } from './address-csv.js';
import { UsageError } from './main.js';

// The command line is the administrator at the machine.
const ADMIN: Actor = { type: 'staff', userId: 0, name: 'civicdesk import', role: 'admin', departmentIds: [] };

const say = (line: string) => process.stdout.write(`${line}\n`);

function oneFile(values: { args?: string[] }, what: string): string {
  const [file, ...extra] = values.args ?? [];
  if (!file || extra.length) throw new UsageError(`import ${what} takes one file`);
  return file;
}

export async function importDistrictsCommand(config: Config, values: { args?: string[]; layer?: string; 'name-property'?: string; 'code-property'?: string; 'city-limits'?: boolean }) {
  const file = oneFile(values, 'districts');
  if (!values.layer || !values['name-property']) throw new UsageError('import districts needs --layer NAME and --name-property PROP');
  let geojson: unknown;
  try {
    geojson = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  const rt = await openRuntime(config, 'import districts');
  try {
    const r = await importDistricts(makeDeps(rt.handle), ADMIN, {
      layer: values.layer,
      nameProperty: values['name-property'],
      codeProperty: values['code-property'],
      cityLimits: values['city-limits'],
      geojson,
    });
    say(`layer ${r.layer.code} (${r.layer.name}${r.layer.isCityLimits ? ', the city limits' : ''}): ${r.districts} districts (${r.added} new, ${r.updated} updated, ${r.removed} removed); ${r.requestsPlaced} requests placed again`);
    return 0;
  } finally {
    await rt.close();
  }
}

export async function importAddressesCommand(config: Config, values: { args?: string[] }) {
  const file = oneFile(values, 'addresses');
  const rt = await openRuntime(config, 'import addresses');
  try {
    const started = performance.now();
    const r = await importAddresses(makeDeps(rt.handle), ADMIN, addressRows(createReadStream(file)));
    say(`${r.imported} addresses imported in ${((performance.now() - started) / 1000).toFixed(1)} s${r.rejected ? `; ${r.rejected} rows skipped:` : ''}`);
    for (const i of r.issues) say(`  ${i.field}: ${i.message}`);
    if (r.rejected > r.issues.length) say(`  ... and ${r.rejected - r.issues.length} more`);
    return 0;
  } finally {
    await rt.close();
  }
}
