import { rows, sql, type Db } from './sql.js';

// A bulk load into requests and request_events (a large first import, `seed scale`): inside the
// caller's transaction, the report roll-up triggers are turned off and the secondary indexes (and,
// when asked, the foreign keys) of the tables are dropped; restore() builds them again in one pass
// each and turns the triggers back on. The caller rebuilds the roll-ups afterwards (ensureRollups):
// nothing here knows the triggers by name beyond their `report_` prefix, so migrations may change them.

export interface BulkLoadOptions {
  tables: string[];
  /** Indexes to keep (e.g. the unique index an ON CONFLICT needs). */
  keepIndexes?: string[];
  /** Drop the tables' own foreign keys too, and add them back (one validating join each instead of a check per row). */
  foreignKeys?: boolean;
}

export interface BulkLoad {
  triggers: string[];
  dropped: number;
  restore(): Promise<void>;
}

export async function beginBulkLoad(q: Db, opts: BulkLoadOptions): Promise<BulkLoad> {
  const tables = `{${opts.tables.join(',')}}`;
  // Every roll-up trigger on the tables (0008's and those added since), found rather than listed.
  const triggers = await rows<{ tbl: string; tgname: string }>(
    q,
    sql`select c.relname as tbl, t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where c.relname = any(${tables}::text[]) and c.relnamespace = 'public'::regnamespace
          and not t.tgisinternal and t.tgname like 'report\_%' and t.tgenabled = 'O' order by 1, 2`,
  );
  const byTable = new Map<string, string[]>();
  for (const t of triggers) byTable.set(t.tbl, [...(byTable.get(t.tbl) ?? []), t.tgname]);
  const toggle = async (how: 'enable' | 'disable') => {
    for (const [table, names] of byTable) await q.execute(sql.raw(`alter table ${table} ${names.map((n) => `${how} trigger ${n}`).join(', ')}`));
  };
  await toggle('disable');
  const restoreFks = opts.foreignKeys ? await dropForeignKeys(q, opts.tables) : [];
  const restoreIndexes = await dropIndexes(q, opts.tables, opts.keepIndexes ?? []);
  return {
    triggers: triggers.map((t) => t.tgname),
    dropped: restoreIndexes.length + restoreFks.length,
    async restore() {
      for (const d of restoreIndexes) await q.execute(sql.raw(d));
      for (const d of restoreFks) await q.execute(sql.raw(d));
      await toggle('enable');
    },
  };
}

/** Drops the tables' indexes (the primary keys and `keep` stay) and returns the statements that build them again. */
export async function dropIndexes(q: Db, tables: string[], keep: string[] = []): Promise<string[]> {
  const found = await rows<{ name: string; table: string; constraint: string | null; def: string }>(
    q,
    sql`select i.relname as name, t.relname as "table", c.conname as "constraint",
          coalesce('alter table ' || quote_ident(t.relname) || ' add constraint ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid), pg_get_indexdef(i.oid)) as def
        from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
        left join pg_constraint c on c.conindid = x.indexrelid and c.contype = 'u'
        where t.relname = any(${`{${tables.join(',')}}`}::text[]) and t.relnamespace = 'public'::regnamespace and not x.indisprimary
          and not i.relname = any(${`{${keep.join(',')}}`}::text[])`,
  );
  for (const f of found) {
    await q.execute(sql.raw(f.constraint ? `alter table ${f.table} drop constraint ${f.constraint}` : `drop index ${f.name}`));
  }
  return found.map((f) => f.def);
}

/** Drops the tables' own foreign keys and returns the statements that add (and validate) them again. */
async function dropForeignKeys(q: Db, tables: string[]): Promise<string[]> {
  const found = await rows<{ table: string; name: string; def: string }>(
    q,
    sql`select t.relname as "table", c.conname as name,
          'alter table ' || quote_ident(t.relname) || ' add constraint ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid) as def
        from pg_constraint c join pg_class t on t.oid = c.conrelid
        where c.contype = 'f' and t.relname = any(${`{${tables.join(',')}}`}::text[]) and t.relnamespace = 'public'::regnamespace`,
  );
  for (const f of found) await q.execute(sql.raw(`alter table ${f.table} drop constraint ${f.name}`));
  return found.map((f) => f.def);
}
