import { connect, type DatabaseHandle } from '../../src/db/connect.js';
import { migrate } from '../../src/db/migrate.js';
import { rows, sql } from '../../src/db/sql.js';

// One database per test process: PGlite in memory by default, the server when DATABASE_URL is
// set. Tests reset the data, never the schema.
let shared: Promise<DatabaseHandle> | undefined;

export function testDb(): Promise<DatabaseHandle> {
  shared ??= (async () => {
    const handle = await connect({ databaseUrl: process.env.DATABASE_URL || undefined });
    await migrate(handle);
    return handle;
  })();
  return shared;
}

const KEEP = new Set(['schema_migrations', 'spatial_ref_sys']);

export async function resetDb(handle: DatabaseHandle): Promise<void> {
  const tables = (await rows<{ t: string }>(handle.db, sql`select tablename as t from pg_tables where schemaname = 'public'`))
    .map((r) => r.t)
    .filter((t) => !KEEP.has(t));
  const seqs = (await rows<{ s: string }>(handle.db, sql`select sequencename as s from pg_sequences where schemaname = 'public' and sequencename like 'request_number_%'`)).map((r) => r.s);
  await handle.exec(
    `truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade;` + seqs.map((s) => `drop sequence if exists "${s}";`).join(''),
  );
}

export const usingServer = () => Boolean(process.env.DATABASE_URL);
