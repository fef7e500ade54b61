import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Config } from '../config.js';

type Values = { args?: string[]; force?: boolean };

const mib = (n: number) => `${(n / 1_048_576).toFixed(1)} MiB`;

/** Runs a PostgreSQL client tool; undefined when it is not installed. */
function runTool(tool: string, args: string[]): Promise<number | undefined> {
  return new Promise((resolve) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ENOENT' ? undefined : 1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** civicdesk backup FILE | restore FILE: the embedded data directory, or pg_dump for a server. */
export const backupCommands: Record<string, (config: Config, values: Values) => Promise<number>> = {
  async backup(config, values) {
    const file = values.args?.[0];
    if (!file) throw new Error('backup needs a FILE to write (e.g. civicdesk-2026-11-23.tar.gz)');
    if (config.databaseUrl) {
      // A server's database is backed up by PostgreSQL's own tool, in its custom format.
      if (existsSync(file) && !values.force) throw new Error(`${file} exists; choose another name or pass --force to replace it`);
      const code = await runTool('pg_dump', ['--format=custom', '--no-owner', '--file', file, '--dbname', config.databaseUrl]);
      if (code === undefined) throw new Error('with DATABASE_URL the database is on a PostgreSQL server: back it up with pg_dump --format=custom (pg_dump is not installed here); see docs/OPERATIONS.md');
      if (code !== 0) throw new Error(`pg_dump failed (exit ${code}); see its message above`);
      process.stdout.write(`PostgreSQL server database dumped to ${file} with pg_dump (custom format; restore with pg_restore, see docs/OPERATIONS.md)\n`);
      return 0;
    }
    const { backupDataDir } = await import('../db/backup.js');
    const started = performance.now();
    const m = await backupDataDir(config.dataDir, file, { force: Boolean(values.force) });
    process.stdout.write(`backed up ${config.dataDir} (${m.files} files, ${mib(m.bytes)}: the database with its photos, and the mail folder) to ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  },

  async restore(config, values) {
    const file = values.args?.[0];
    if (!file) throw new Error('restore needs the backup FILE to read');
    if (config.databaseUrl) {
      throw new Error(
        `with DATABASE_URL the database is on a PostgreSQL server: restore a pg_dump file with pg_restore --no-owner --dbname <an empty database> ${file}; see docs/OPERATIONS.md`,
      );
    }
    const { restoreDataDir } = await import('../db/backup.js');
    const m = await restoreDataDir(file, config.dataDir, { force: Boolean(values.force) });
    process.stdout.write(`restored the backup of ${m.createdAt} (${m.files} files, ${mib(m.bytes)}) into ${config.dataDir}; start it with civicdesk serve --data-dir ${config.dataDir}\n`);
    return 0;
  },
};
