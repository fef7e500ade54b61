import { existsSync, createReadStream, createWriteStream, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createGunzip, createGzip } from 'node:zlib';
import { AppError } from '../domain/errors.js';
import { lockDataDir } from './data-dir-lock.js';
import { extractTar, tarPath, tarWriter } from './tar.js';

// `civicdesk backup` / `restore` for the embedded database. The data directory is the whole
// installation: PostgreSQL's files (requests, events, photos: media live in the database) and the
// outbox-mail folder. A backup takes the directory's lock, so no CivicDesk process has the database
// open while its files are copied: the copy is consistent, and a running server is refused by name.

const MANIFEST = 'civicdesk-backup.json';
const FORMAT = 'civicdesk-embedded-backup';
/** Files that belong to a running process, not to the data. */
const TRANSIENT = new Set(['civicdesk.lock', 'postmaster.pid']);

export interface BackupManifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  postgres: string;
  files: number;
  bytes: number;
}

function isDatabaseDir(dir: string) {
  return existsSync(join(dir, 'PG_VERSION'));
}

function* walk(dir: string, rel = ''): Generator<{ rel: string; path: string; dir: boolean; size: number; mtime: number }> {
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (!rel && TRANSIENT.has(name)) continue;
    const path = join(dir, r);
    const st = lstatSync(path);
    if (st.isDirectory()) {
      yield { rel: r, path, dir: true, size: 0, mtime: st.mtimeMs };
      yield* walk(dir, r);
    } else if (st.isFile()) yield { rel: r, path, dir: false, size: st.size, mtime: st.mtimeMs };
  }
}

/** Archives the embedded data directory into `file` (.tar.gz), written whole or not at all. */
export async function backupDataDir(dataDir: string, file: string, opts: { force?: boolean } = {}): Promise<BackupManifest> {
  if (!isDatabaseDir(dataDir)) throw new AppError('not_found', `there is no embedded database in ${dataDir}`);
  if (existsSync(file) && !opts.force) throw new AppError('conflict', `${file} exists; choose another name or pass --force to replace it`);
  const lock = lockDataDir(dataDir, 'backup'); // refuses while a server or worker holds the directory
  const partial = join(dirname(file), `.${basename(file)}.partial`);
  try {
    const entries = [...walk(dataDir)];
    const manifest: BackupManifest = {
      format: FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      postgres: readFileSync(join(dataDir, 'PG_VERSION'), 'utf8').trim(),
      files: entries.filter((e) => !e.dir).length,
      bytes: entries.reduce((n, e) => n + e.size, 0),
    };
    const gzip = createGzip({ level: 6 });
    const out = createWriteStream(partial);
    gzip.pipe(out);
    const tar = tarWriter(gzip);
    const json = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await tar.file(MANIFEST, json, json.length, Date.now());
    for (const e of entries) {
      if (e.dir) await tar.directory(tarPath('data', e.rel), e.mtime);
      else await tar.file(tarPath('data', e.rel), e.path, e.size, e.mtime);
    }
    await tar.end();
    if (!out.writableFinished) await new Promise<void>((resolve, reject) => out.once('finish', () => resolve()).once('error', reject));
    renameSync(partial, file);
    return manifest;
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    lock.release();
  }
}

/** Unpacks a backup into `dataDir`, which must be empty (or `force`: its contents are replaced). */
export async function restoreDataDir(file: string, dataDir: string, opts: { force?: boolean } = {}): Promise<BackupManifest> {
  if (!existsSync(file)) throw new AppError('not_found', `no backup file ${file}`);
  const occupied = existsSync(dataDir) && readdirSync(dataDir).length > 0;
  if (occupied && !opts.force) throw new AppError('conflict', `${dataDir} is not empty; restore into an empty directory, or pass --force to replace what it holds`);
  mkdirSync(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir, 'restore'); // refuses while a server holds it, even with --force
  // Unpack beside the target first, so a damaged archive leaves the directory as it was.
  const staging = join(dirname(dataDir), `.${basename(dataDir)}.restoring-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  try {
    let manifest: BackupManifest | undefined;
    await extractTar(
      createReadStream(file).pipe(createGunzip()),
      staging,
      (e) => {
        if (!manifest && e.name !== MANIFEST) throw new Error(`${file} is not a CivicDesk backup (no ${MANIFEST} first)`);
        if (e.name === MANIFEST) return 'buffer';
        return e.name.startsWith('data/') || e.name === 'data' ? 'extract' : 'skip';
      },
      (e, data) => {
        const m = JSON.parse(data.toString('utf8')) as BackupManifest;
        if (m.format !== FORMAT) throw new Error(`${file} is not a CivicDesk embedded backup`);
        manifest = m;
      },
    ).catch((err: Error) => {
      throw new AppError('validation', err.message.includes('incorrect header') ? `${file} is not a CivicDesk backup (not gzip)` : err.message);
    });
    if (!manifest || !isDatabaseDir(join(staging, 'data'))) throw new AppError('validation', `${file} holds no database`);
    for (const name of readdirSync(dataDir)) if (name !== 'civicdesk.lock') rmSync(join(dataDir, name), { recursive: true, force: true });
    for (const name of readdirSync(join(staging, 'data'))) renameSync(join(staging, 'data', name), join(dataDir, name));
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    lock.release();
  }
}
