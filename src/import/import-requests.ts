import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { ensureRollups } from '../app/reports/prepare.js';
import type { ReportDeps } from '../app/reports/ports.js';
import { beginBulkLoad } from '../db/bulk-load.js';
import type { CopyIn, DatabaseHandle } from '../db/connect.js';
import { reportsRepo } from '../db/repositories/reports.js';
import { settingsRepo } from '../db/repositories/geo-settings.js';
import { insertHistoricRequests, type HistoricEventRow, type HistoricRequestRow } from '../db/repositories/history.js';
import { one, rows, sql, type Db } from '../db/sql.js';
import { locateColumns, mapRecord, type ImportedRow, type Mapping } from '../domain/import-mapping.js';
import { formatPublicId, localYear } from '../domain/public-id.js';
import { CatalogueMatcher } from './catalogue-matcher.js';

// `civicdesk import requests`: a legacy system's CSV export streamed in batches (flat memory), every
// record through the same pure rules (src/domain/import-mapping.ts), written with its history by
// insertHistoricRequests: one JSON parameter per batch, or COPY into staging on a server. Re-running
// the same file updates the requests it created (matched by external system and id) and appends
// only the history they lack. History is not news: nothing is queued for notification.

export interface ImportDeps {
  handle: DatabaseHandle;
  clock?: { now(): Date };
}

export interface Reject {
  line: number;
  reason: string;
  raw: string;
}

export interface ImportProgress {
  rows: number;
  bytes: number;
  totalBytes: number | null;
  elapsedMs: number;
}

export interface ImportOptions {
  mapping: Mapping;
  /** Overrides mapping.system (requests.external_system). */
  system?: string;
  dryRun?: boolean;
  batchSize?: number;
  /** Use COPY on a server (default true); false forces the JSON path. */
  copy?: boolean;
  /**
   * Load as a bulk load, in one transaction: report triggers off, the secondary indexes and foreign keys of
   * requests and request_events dropped and rebuilt once, the roll-ups rebuilt once at the end. Default: when
   * the file holds at least BULK_MIN_ROWS rows and at least as many as the city has requests (a first import).
   */
  bulk?: boolean;
  onReject?: (r: Reject) => void;
  onProgress?: (p: ImportProgress) => void;
  /** The bulk load's steps after the last row (indexes, roll-ups), with the seconds since the start. */
  onStage?: (what: string, seconds: number) => void;
}

export interface ImportResult {
  rows: number;
  inserted: number;
  updated: number;
  rejected: number;
  /** The first 100 rejects (all of them go to onReject). */
  rejects: Reject[];
  departmentsCreated: number;
  servicesCreated: number;
  via: 'copy' | 'json';
  bulk: boolean;
  dryRun: boolean;
  seconds: number;
}

interface Pending {
  row: ImportedRow;
  line: number;
}

/** Below this many rows a file is imported batch by batch, through the triggers and indexes. */
export const BULK_MIN_ROWS = 50_000;

type Write = (fn: (db: Db, copyIn?: CopyIn) => Promise<void>) => Promise<void>;

export async function importRequests(deps: ImportDeps, source: string | Readable, options: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  const { handle } = deps;
  const dryRun = Boolean(options.dryRun);
  const totalBytes = typeof source === 'string' ? statSync(source).size : null;
  const copy = options.copy !== false && handle.copyTransaction ? handle.copyTransaction.bind(handle) : undefined;
  const bulk = !dryRun && (options.bulk ?? (typeof source === 'string' && (await firstImport(handle.db, source, totalBytes!))));
  const run = (db: Db, write: Write) => importInto(deps, db, write, source, totalBytes, { ...options, batchSize: options.batchSize ?? (bulk ? 20_000 : 5000) }, started, copy ? 'copy' : 'json', bulk);
  if (!bulk) {
    // Each batch in its own transaction (through COPY on a server).
    return run(handle.db, copy ? (fn) => copy((db, copyIn) => fn(db, copyIn)) : (fn) => handle.db.transaction((tx) => fn(tx as unknown as Db)));
  }
  // One transaction for the whole file: a failure leaves nothing half-written.
  const stage = (what: string) => options.onStage?.(what, (performance.now() - started) / 1000);
  const whole = async (db: Db, copyIn?: CopyIn) => {
    if (copyIn) await db.execute(sql`set local maintenance_work_mem = '512MB'`);
    const load = await beginBulkLoad(db, { tables: ['requests', 'request_events'], keepIndexes: ['requests_external_key'], foreignKeys: true });
    const result = await run(db, (fn) => fn(db, copyIn));
    stage(`rows written; rebuilding ${load.dropped} indexes and keys`);
    await load.restore();
    stage('indexes rebuilt; rebuilding the report roll-ups');
    // The roll-ups, once, from every request (with the business clock, as `civicdesk reports rebuild` does).
    await ensureRollups({ reports: reportsRepo(db), settings: settingsRepo(db) } as unknown as ReportDeps, true);
    stage('roll-ups rebuilt; committing');
    return result;
  };
  const result = copy ? await copy(whole) : await handle.db.transaction((tx) => whole(tx as unknown as Db));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** True when the file looks like a city's first import: many rows, at least as many as there are requests. */
async function firstImport(db: Db, file: string, totalBytes: number): Promise<boolean> {
  if (totalBytes < BULK_MIN_ROWS * 100) return false;
  // The rows in the file, estimated from the line ends in its first megabyte.
  const head = Buffer.alloc(Math.min(totalBytes, 1 << 20));
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  let lines = 0;
  for (let i = head.indexOf(10); i !== -1; i = head.indexOf(10, i + 1)) lines++;
  const estimate = Math.floor((lines / head.length) * totalBytes);
  if (estimate < BULK_MIN_ROWS) return false;
  const have = await one<{ n: number }>(db, sql`select count(*)::int as n from (select 1 from requests limit ${estimate + 1}) r`);
  return (have?.n ?? 0) <= estimate;
}

async function importInto(
  deps: ImportDeps,
  db: Db,
  write: Write,
  source: string | Readable,
  totalBytes: number | null,
  options: ImportOptions & { batchSize: number },
  started: number,
  via: 'copy' | 'json',
  bulk: boolean,
): Promise<ImportResult> {
  const now = deps.clock?.now() ?? new Date();
  const system = options.system ?? options.mapping.system;
  const dryRun = Boolean(options.dryRun);
  const batchSize = options.batchSize;
  const calendar = await settingsRepo(db).calendar();
  const timeZone = options.mapping.timeZone ?? calendar.timeZone;
  const matcher = await CatalogueMatcher.load(db, dryRun);
  const sequences = new Set<number>();
  const result: ImportResult = { rows: 0, inserted: 0, updated: 0, rejected: 0, rejects: [], departmentsCreated: 0, servicesCreated: 0, via, bulk, dryRun, seconds: 0 };
  const reject = (r: Reject) => {
    result.rejected++;
    if (result.rejects.length < 100) result.rejects.push(r);
    options.onReject?.(r);
  };

  const input = typeof source === 'string' ? createReadStream(source) : source;
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_records_with_error: true, skip_empty_lines: true, info: true, raw: true }));
  parser.on('skip', (err: Error & { lines?: number; raw?: string }) => reject({ line: err.lines ?? 0, reason: err.message.replace(/ at line \d+.*$/, ''), raw: err.raw ?? '' }));
  input.on('error', (err: Error) => parser.destroy(err));

  let header: string[] | undefined;
  let columns: { index: Record<string, number[]>; labels: Record<string, string> } = { index: {}, labels: {} };
  let batch: Pending[] = [];
  let bytes = 0;

  // One batch is written while the next is read and mapped (the database works on its own core meanwhile);
  // writes stay in order, one at a time.
  let writing: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (!batch.length) return;
    const mine = batch;
    const at = { rows: result.rows, bytes };
    batch = [];
    await writing;
    writing = writeBatch(db, write, mine, { system, now, dryRun, matcher, sequences, timeZone: calendar.timeZone }).then((counts) => {
      result.inserted += counts.inserted;
      result.updated += counts.updated;
      options.onProgress?.({ rows: at.rows, bytes: at.bytes, totalBytes, elapsedMs: performance.now() - started });
    });
    writing.catch(() => undefined); // awaited at the next flush or the end
  };

  try {
    for await (const { record, info, raw } of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number }; raw: string }>) {
      const body = raw.replace(/^[\r\n]+/, '').replace(/[\r\n]+$/, '');
      const line = info.lines - (body.match(/\n/g)?.length ?? 0);
      bytes = info.bytes;
      if (!header) {
        header = record;
        const located = locateColumns(options.mapping, header);
        if (located.missing.length) {
          parser.destroy();
          throw new ImportError(`the file has no ${located.missing.join(', ')} column (is this the right mapping?)`);
        }
        columns = located;
        continue;
      }
      result.rows++;
      if (record.length !== header.length) {
        reject({ line, reason: `${record.length} fields where the header has ${header.length}`, raw: body });
        continue;
      }
      const mapped = mapRecord(options.mapping, columns, record, timeZone, now);
      if ('reason' in mapped) {
        reject({ line, reason: mapped.reason, raw: body });
        continue;
      }
      batch.push({ row: mapped, line });
      if (batch.length >= batchSize) await flush();
    }
  } finally {
    // A write that failed ends the loop: the file we opened is closed with it.
    if (typeof source === 'string') input.destroy();
  }
  if (!header) throw new ImportError('the file is empty');
  await flush();
  await writing;
  result.departmentsCreated = matcher.departmentsCreated;
  result.servicesCreated = matcher.servicesCreated;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

export class ImportError extends Error {}

interface BatchContext {
  system: string;
  now: Date;
  dryRun: boolean;
  matcher: CatalogueMatcher;
  sequences: Set<number>;
  timeZone: string;
}

async function writeBatch(db: Db, write: Write, pending: Pending[], ctx: BatchContext): Promise<{ inserted: number; updated: number }> {
  // The same key twice in one batch: the later record is the newer state.
  const byKey = new Map<string, Pending>();
  for (const p of pending) byKey.set(p.row.externalId, p);
  const list = [...byKey.values()];
  const existing = new Set(
    (await rows<{ external_id: string }>(db, sql`select external_id from requests where external_system = ${ctx.system} and external_id = any(${`{${list.map((p) => `"${p.row.externalId.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[])`)).map(
      (r) => r.external_id,
    ),
  );
  const resolved: Array<{ serviceId: number; departmentId: number }> = [];
  for (const { row } of list) {
    const dep = await ctx.matcher.department(row.departmentCode, row.departmentName);
    const svc = await ctx.matcher.service(row.serviceCode, row.serviceName, dep, row.departmentName ?? row.departmentCode);
    resolved.push({ serviceId: svc.id, departmentId: svc.departmentId });
  }
  const counts = { inserted: list.length - existing.size, updated: existing.size };
  if (ctx.dryRun) return counts;

  const numbers = await reserveNumbers(db, list.filter((p) => !existing.has(p.row.externalId)).map((p) => localYear(p.row.createdAt, ctx.timeZone)), ctx.sequences);
  let next = 0;
  const tokens = randomBytes(18 * list.length);
  const requests: HistoricRequestRow[] = [];
  const events: HistoricEventRow[] = [];
  for (const [i, { row, line }] of list.entries()) {
    const isNew = !existing.has(row.externalId);
    const created = row.createdAt.toISOString();
    const closed = row.closedAt?.toISOString() ?? null;
    const acknowledgedAt = row.status !== 'new' ? (row.status === 'closed' ? closed : (row.resolutionAt ?? row.createdAt).toISOString()) : null;
    requests.push({
      publicId: isNew ? numbers[next++]! : `import:${row.externalId}`, // an existing row keeps its public id
      token: tokens.subarray(18 * i, 18 * i + 18).toString('base64url'),
      serviceId: resolved[i]!.serviceId,
      departmentId: resolved[i]!.departmentId,
      assigneeId: null,
      status: row.status,
      closeReason: row.closeReason,
      priority: 'normal',
      channel: row.channel,
      description: row.description,
      lat: row.lat,
      lng: row.lng,
      address: row.address,
      addressId: null,
      zipcode: row.zipcode,
      reporterId: null,
      locale: 'en',
      answers: {},
      externalSystem: ctx.system,
      externalId: row.externalId,
      ackDueAt: null,
      resolveDueAt: null,
      acknowledgedAt,
      closedAt: closed,
      resolvedAt: row.closeReason === 'resolved' ? closed : null,
      createdAt: created,
      updatedAt: new Date(Math.max(row.createdAt.getTime(), row.closedAt?.getTime() ?? 0, row.resolutionAt?.getTime() ?? 0)).toISOString(),
    });
    const by = { actorType: 'import', actorId: null, actorName: ctx.system, public: true } as const;
    events.push({ request: i, type: 'created', ...by, data: { channel: row.channel, serviceCode: row.serviceCode, source: { system: ctx.system, id: row.externalId, line } }, createdAt: created });
    if (row.status === 'closed') {
      events.push({ request: i, type: 'closed', ...by, data: { reason: row.closeReason, note: row.resolution, sourceStatus: row.sourceStatus }, createdAt: closed! });
    } else if (row.status !== 'new') {
      events.push({ request: i, type: 'status_changed', ...by, data: { from: 'new', to: row.status, note: row.resolution, sourceStatus: row.sourceStatus }, createdAt: acknowledgedAt! });
    }
  }
  // Districts are placed as the rows are written (placeRequestsInDistricts's rule, without a second write of each row).
  await write((q, copyIn) => insertHistoricRequests(q, requests, events, { upsert: true, placeInDistricts: true, ...(copyIn ? { copy: copyIn } : {}) }).then(() => undefined));
  return counts;
}

/** Public ids for new requests, from each year's sequence (shared with live intake, so never reused). */
async function reserveNumbers(db: Db, years: number[], known: Set<number>): Promise<string[]> {
  const need = new Map<number, number>();
  for (const y of years) need.set(y, (need.get(y) ?? 0) + 1);
  const taken = new Map<number, number[]>();
  for (const [year, k] of need) {
    const seq = sql.raw(`request_number_${Math.trunc(year)}`);
    if (!known.has(year)) {
      await db.execute(sql`create sequence if not exists ${seq}`).catch(() => undefined);
      known.add(year);
    }
    taken.set(year, (await rows<{ n: number }>(db, sql`select nextval('${seq}') as n from generate_series(1, ${k})`)).map((r) => Number(r.n)).sort((a, b) => a - b));
  }
  // (Array.shift is linear: on 20,000 numbers it was most of the batch's JavaScript time.)
  const used = new Map<number, number>();
  return years.map((y) => {
    const i = used.get(y) ?? 0;
    used.set(y, i + 1);
    return formatPublicId(y, taken.get(y)![i]!);
  });
}
