import { loadMigrations, pendingMigrations, type Migration } from '../db/migrate.js';
import type { AppContext } from './context.js';

export type NotReady = { reason: 'starting' | 'database_unreachable' | 'migrations_pending'; message: string };

const DB_TIMEOUT_MS = 2000;
let shipped: Migration[] | undefined; // read from disk once

/** Why this process should not be sent traffic now, or undefined when it may be. */
export async function readiness(ctx: AppContext): Promise<NotReady | undefined> {
  if (!ctx.ready()) return { reason: 'starting', message: 'the server is starting or shutting down' };
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${DB_TIMEOUT_MS} ms`)), DB_TIMEOUT_MS);
    });
    const pending = await Promise.race([pendingMigrations(ctx.handle, (shipped ??= loadMigrations())), timeout]);
    if (pending.length) return { reason: 'migrations_pending', message: `${pending.length} migration(s) not applied: ${pending.join(', ')}; run civicdesk migrate` };
    return undefined;
  } catch (err) {
    return { reason: 'database_unreachable', message: `the database does not answer: ${(err as Error).message.split('\n')[0]}` };
  } finally {
    clearTimeout(timer);
  }
}
