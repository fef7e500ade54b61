import { createWriteStream, readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { mappingSchema, type Mapping } from '../domain/import-mapping.js';
import { PRESETS } from '../domain/import-presets.js';
import { openRuntime } from '../runtime.js';
import { importRequests, type ImportProgress } from './import-requests.js';

// The command-line face of the importer: options to a mapping, rejects to stderr and a CSV file,
// a progress line on stderr when someone is watching.

export interface ImportCliValues {
  mapping?: string;
  preset?: string;
  'dry-run'?: boolean;
  source?: string;
  rejects?: string;
  progress?: boolean;
  /** Force the bulk load (one transaction, indexes and roll-ups rebuilt once); by default a first import of a large file is one. */
  bulk?: boolean;
}

export async function importRequestsCommand(config: Config, file: string | undefined, values: ImportCliValues): Promise<number> {
  if (!file) throw new Error('import requests needs a FILE.csv');
  const mapping = loadMapping(values);
  const rejectsFile = values.rejects ? createWriteStream(values.rejects) : undefined;
  rejectsFile?.write('line,reason,record\n');
  const showProgress = Boolean(values.progress) || process.stderr.isTTY;
  const rt = await openRuntime(config, 'import requests');
  try {
    const result = await importRequests({ handle: rt.handle }, file, {
      mapping,
      ...(values.source ? { system: values.source } : {}),
      dryRun: Boolean(values['dry-run']),
      ...(values.bulk ? { bulk: true } : {}),
      onStage: (what) => {
        if (showProgress) process.stderr.write(`\r\x1b[K${what} ...`);
      },
      onReject: (r) => {
        if (showProgress) process.stderr.write('\r\x1b[K');
        process.stderr.write(`line ${r.line}: ${r.reason}\n`);
        rejectsFile?.write(`${[String(r.line), r.reason, r.raw].map(csvField).join(',')}\n`);
      },
      ...(showProgress ? { onProgress: (p: ImportProgress) => process.stderr.write(`\r\x1b[K${progressLine(p)}`) } : {}),
    });
    if (showProgress) process.stderr.write('\n');
    const verb = result.dryRun ? 'would import' : 'imported';
    process.stdout.write(
      `${verb} ${result.inserted.toLocaleString('en-US')} new and ${result.updated.toLocaleString('en-US')} updated requests from ${result.rows.toLocaleString('en-US')} rows` +
        ` (${result.rejected.toLocaleString('en-US')} rejected; ${result.servicesCreated} services and ${result.departmentsCreated} departments ${result.dryRun ? 'to create' : 'created'})` +
        ` in ${result.seconds.toFixed(1)} s, ${Math.round(result.rows / Math.max(result.seconds, 0.001)).toLocaleString('en-US')} rows/s via ${result.via}${result.bulk ? ' (bulk load)' : ''}\n`,
    );
    return 0;
  } finally {
    await rt.close();
    await new Promise<void>((resolve) => (rejectsFile ? rejectsFile.end(() => resolve()) : resolve()));
  }
}

function loadMapping(values: ImportCliValues): Mapping {
  if (values.mapping && values.preset) throw new Error('give --mapping or --preset, not both');
  if (values.mapping) {
    const parsed = mappingSchema.safeParse(JSON.parse(readFileSync(values.mapping, 'utf8')));
    if (!parsed.success) throw new Error(`${values.mapping}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  }
  const preset = values.preset ?? 'nyc';
  if (!(preset in PRESETS)) throw new Error(`unknown preset ${preset} (nyc or boston)`);
  return PRESETS[preset as keyof typeof PRESETS];
}

export function progressLine(p: ImportProgress): string {
  const s = p.elapsedMs / 1000;
  const rate = p.rows / Math.max(s, 0.001);
  const share = p.totalBytes ? p.bytes / p.totalBytes : null;
  const left = share && share > 0 ? (s / share) * (1 - share) : null;
  const bar = share === null ? '' : `[${'#'.repeat(Math.round(share * 20)).padEnd(20, '.')}] ${(share * 100).toFixed(0)}% `;
  return `${bar}${p.rows.toLocaleString('en-US')} rows, ${Math.round(rate).toLocaleString('en-US')} rows/s${left === null ? '' : `, ${formatDuration(left)} left`}`;
}

const formatDuration = (s: number) => (s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.round(s)}s`);

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
