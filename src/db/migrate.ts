import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { DatabaseHandle, Session } from './connect.js';

/** The one migration folder, shipped as .sql beside the code (src/ and dist/ alike). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface Migration {
  name: string;
  script: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((name) => ({ name, script: readFileSync(join(dir, name), 'utf8') }));
}

// Any fixed number: every CivicDesk process that migrates takes the same lock.
const MIGRATION_LOCK = 3110311;

async function appliedNames(s: Session): Promise<Set<string>> {
  const [t] = await s.query<{ t: string | null }>(`select to_regclass('schema_migrations')::text as t`);
  if (!t?.t) return new Set();
  return new Set((await s.query<{ name: string }>(`select name from schema_migrations`)).map((r) => r.name));
}

/**
 * Applies pending migrations, each in its own transaction, on one connection. On a server an
 * advisory lock makes concurrent starts (several API and worker processes) take turns.
 */
export async function migrate(handle: DatabaseHandle, migrations = loadMigrations()): Promise<string[]> {
  return handle.session(async (s) => {
    await s.exec(`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await s.exec(`create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`);
      const done = await appliedNames(s);
      const applied: string[] = [];
      for (const m of migrations) {
        if (done.has(m.name)) continue;
        try {
          await s.exec(`begin;\n${m.script}\n;\ninsert into schema_migrations (name) values ('${m.name.replace(/'/g, "''")}');\ncommit;`);
        } catch (err) {
          await s.exec('rollback').catch(() => undefined);
          throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
        }
        applied.push(m.name);
      }
      return applied;
    } finally {
      await s.exec(`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
}

/** True when every migration shipped with this code has been applied. */
export async function isMigrated(handle: DatabaseHandle, migrations = loadMigrations()): Promise<boolean> {
  return (await pendingMigrations(handle, migrations)).length === 0;
}

/** The names of the migrations shipped with this code that the database has not applied. */
export async function pendingMigrations(handle: DatabaseHandle, migrations = loadMigrations()): Promise<string[]> {
  const done = await handle.session(appliedNames);
  return migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
}
