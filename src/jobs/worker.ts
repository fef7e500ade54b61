import type { Config } from '../config.js';
import { openRuntime } from '../runtime.js';
import { makeDeps } from '../db/deps.js';
import { startDispatcher } from './dispatcher.js';
import { startSweeps } from './sweeps.js';
import { privacyRepo } from '../db/repositories/privacy.js';
import { createLogger } from '../server/logger.js';
import { onShutdownSignals } from '../shutdown.js';

/**
 * `civicdesk worker`: the dispatcher and the scheduled sweeps, without HTTP. With a PostgreSQL server any number may run at
 * once (work is claimed with FOR UPDATE SKIP LOCKED under a lease); SIGTERM finishes the
 * deliveries in flight, SIGKILL leaves them to be taken over when their lease runs out.
 */
export async function runWorker(config: Config): Promise<void> {
  const logger = createLogger(config, 'civicdesk-worker');
  const rt = await openRuntime(config, 'worker');
  const dispatcher = startDispatcher({ handle: rt.handle, config, log: logger });
  const deps = makeDeps(rt.handle, { afterCommit: () => dispatcher.wake() });
  const stopSweeps = startSweeps(deps, { intervalMs: 60_000, privacy: { clock: deps.clock, privacy: privacyRepo(rt.handle.db) }, onError: (err) => logger.error({ err }, 'sweep failed') });
  const db = rt.handle.kind === 'embedded' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server (DATABASE_URL)';
  process.stdout.write(`CivicDesk worker ${dispatcher.worker} delivering from the ${db}\n`);
  // SIGTERM: the dispatcher finishes the job and deliveries in flight, the database closes, exit 0.
  onShutdownSignals(logger, async () => {
    await Promise.all([stopSweeps(), dispatcher.stop()]);
    await rt.close();
  });
}
