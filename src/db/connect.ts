import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { postgis } from '@electric-sql/pglite-postgis';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { PassThrough, pipeline as pipelineCb, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Db } from './sql.js';

export type DatabaseKind = 'embedded' | 'server';

export interface DatabaseHandle {
  kind: DatabaseKind;
  db: Db;
  /** Runs a multi-statement SQL script (resets, maintenance). */
  exec(script: string): Promise<void>;
  /** Runs fn on one dedicated connection (session-level locks, multi-statement scripts). */
  session<T>(fn: (s: Session) => Promise<T>): Promise<T>;
  /** Server only: runs fn in one transaction on a dedicated connection that can also COPY FROM STDIN. */
  copyTransaction?<T>(fn: (db: Db, copyIn: CopyIn) => Promise<T>): Promise<T>;
  /**
   * Server only: the output of a `COPY (...) TO STDOUT` statement as a byte stream, read from the server only as
   * fast as it is consumed. Its pooled connection goes back to the pool at the end; on an error, or when the
   * reader destroys the stream early (a download the client hung up on), the connection is closed instead,
   * which ends the COPY on the server.
   */
  copyOut?(statement: string): Readable;
  close(): Promise<void>;
}

/** Streams text-format lines into a COPY ... FROM STDIN statement. */
export type CopyIn = (statement: string, lines: Iterable<string>) => Promise<void>;

export interface Session {
  exec(script: string): Promise<void>;
  query<T = Record<string, unknown>>(text: string): Promise<T[]>;
}

export interface ConnectOptions {
  /** postgres://... for a server; absent for the embedded database. */
  databaseUrl?: string | undefined;
  /** Embedded data directory; absent means in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
}

// node-postgres returns int8 and numeric as strings; PGlite returns numbers for int8.
// Counts and ids stay far below 2^53, so both become numbers here, at the edge.
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

export async function connect(options: ConnectOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? connectServer(options.databaseUrl, options.poolSize ?? 10) : connectEmbedded(options.dataDir);
}

async function connectServer(url: string, max: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes, options: '-c TimeZone=UTC' });
  pool.on('error', () => undefined); // an idle client's error must not crash the process; the next query reports it
  const probe = await pool.connect();
  probe.release();
  return {
    kind: 'server',
    db: drizzlePg({ client: pool }) as unknown as Db,
    exec: async (script) => {
      await pool.query(script);
    },
    session: async (fn) => {
      const c = await pool.connect();
      try {
        return await fn({
          exec: async (script) => void (await c.query(script)),
          query: async <T>(text: string) => (await c.query(text)).rows as T[],
        });
      } finally {
        c.release();
      }
    },
    copyTransaction: async (fn) => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        const result = await fn(drizzlePg({ client: c }) as unknown as Db, (statement, lines) => copyIn(c, statement, lines));
        await c.query('commit');
        return result;
      } catch (err) {
        await c.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },
    copyOut: (statement) => copyOut(pool, statement),
    close: () => pool.end(),
  };
}

function copyOut(pool: pg.Pool, statement: string): Readable {
  const out = new PassThrough({ highWaterMark: 65_536 });
  pool.connect().then(
    (c) => {
      if (out.destroyed) return c.release();
      const source = c.query(copyTo(statement));
      // pg reports the closed connection on the COPY stream after the pipeline is over: nobody listens then.
      source.on('error', () => undefined);
      // A destroyed reader ends the pipeline with an error: the connection is then closed (a client in the
      // middle of a COPY can't be reused; closing its socket makes the server end the statement).
      pipelineCb(source, out, (err) => c.release(err ?? undefined));
    },
    (err: Error) => out.destroy(err),
  );
  return out;
}

async function copyIn(client: pg.PoolClient, statement: string, lines: Iterable<string>): Promise<void> {
  // Lines are grouped into ~64 KiB chunks: one write per line would cost more than the COPY saves.
  function* chunks() {
    let buf = '';
    for (const l of lines) {
      buf += l;
      if (buf.length >= 65_536) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  await pipeline(Readable.from(chunks()), client.query(copyFrom(statement)));
}

async function connectEmbedded(dataDir: string | undefined): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    extensions: { postgis, pg_trgm },
    parsers: { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) },
  });
  return {
    kind: 'embedded',
    db: drizzlePglite({ client }) as unknown as Db,
    exec: async (script) => {
      await client.exec(script);
    },
    session: (fn) =>
      fn({
        exec: async (script) => void (await client.exec(script)),
        query: async <T>(text: string) => (await client.query<T>(text)).rows,
      }),
    close: () => client.close(),
  };
}
