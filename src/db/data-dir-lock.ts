import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../domain/errors.js';

// The embedded database belongs to one process at a time: two PGlite instances on one data
// directory would corrupt it. A lock file names the holder; a stale one (dead pid) is taken over.

export interface DataDirLock {
  release(): void;
  update(info: { url?: string }): void;
}

interface Holder {
  pid: number;
  command: string;
  url?: string;
}

export function lockDataDir(dir: string, command: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'civicdesk.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      const holder: Holder = { pid: process.pid, command };
      writeFileSync(fd, JSON.stringify(holder));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
      process.once('exit', release);
      return { release, update: (info) => writeFileSync(path, JSON.stringify({ ...holder, ...info })) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(path);
      if (holder && holder.pid !== process.pid && alive(holder.pid)) {
        const where = holder.url ? ` at ${holder.url}` : '';
        throw new AppError(
          'locked',
          `the data directory ${dir} is in use by a running CivicDesk ${holder.command} (pid ${holder.pid}${where}); stop it first, or use its web admin and API`,
        );
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new AppError('locked', `could not lock the data directory ${dir}`);
}

function readHolder(path: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Holder;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
