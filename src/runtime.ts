import type { Config } from './config.js';
import { connect, type DatabaseHandle } from './db/connect.js';
import { lockDataDir, type DataDirLock } from './db/data-dir-lock.js';
import { migrate } from './db/migrate.js';

/** An open, migrated database for a command, holding the embedded data directory's lock. */
export interface Runtime {
  handle: DatabaseHandle;
  lock: DataDirLock | undefined;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, command: string): Promise<Runtime> {
  const lock = config.databaseUrl ? undefined : lockDataDir(config.dataDir, command);
  try {
    const handle = await connect({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, poolSize: config.dbPoolSize });
    await migrate(handle);
    return {
      handle,
      lock,
      close: async () => {
        await handle.close();
        lock?.release();
      },
    };
  } catch (err) {
    lock?.release();
    throw err;
  }
}
