import type { Config } from '../config.js';
import { makeDeps } from '../db/deps.js';
import { openRuntime } from '../runtime.js';
import { buildApp } from './app.js';
import { startReportFold, startSweeps } from '../jobs/sweeps.js';
import { privacyRepo } from '../db/repositories/privacy.js';
import { startDispatcher, type Dispatcher } from '../jobs/dispatcher.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { onShutdownSignals } from '../shutdown.js';

export interface ServeOptions {
  /** Seed the demo city into an empty database. */
  demo: boolean;
  /** Seed the demo city before serving (called with the open database). */
  seedDemo?: (rt: Awaited<ReturnType<typeof openRuntime>>, log: (line: string) => void) => Promise<boolean>;
  onListening?: (url: string) => void;
}

/** How often a serving process folds the report counters' deltas into the roll-ups. */
export const REPORT_FOLD_EVERY_MS = 5_000;

/** `civicdesk serve`: open and migrate the database, optionally seed the demo city, listen. */
export async function serve(config: Config, opts: ServeOptions) {
  const started = performance.now();
  const logger = createLogger(config, 'civicdesk');
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const rt = await openRuntime(config, 'server');
  let seeded = false;
  if (opts.demo && opts.seedDemo) seeded = await opts.seedDemo(rt, say);
  // Notifications and webhooks are sent from here too unless DISPATCHER_IN_SERVE=false
  // (then `civicdesk worker` processes do it); a committed change wakes the dispatcher.
  let dispatcher: Dispatcher | undefined;
  const metrics = createMetrics(rt.handle);
  const deps = makeDeps(rt.handle, { afterCommit: () => dispatcher?.wake(), onSubmitted: metrics.requestSubmitted });
  if (config.delivery.inServe) dispatcher = startDispatcher({ handle: rt.handle, config, log: logger.child({ component: 'dispatcher' }), observer: metrics.dispatch });
  let serving = false;
  const app = await buildApp({ config, handle: rt.handle, deps, ready: () => serving, metrics }, { logger, open311Limits: config.open311Limits });
  const address = await app.listen({ port: config.port, host: config.host });
  const port = new URL(address).port;
  const url = config.publicUrl.includes(`:${config.port}`) ? config.publicUrl.replace(`:${config.port}`, `:${port}`) : config.publicUrl;
  rt.lock?.update({ url });
  serving = true;
  const db = rt.handle.kind === 'embedded' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server (DATABASE_URL)';
  say(`CivicDesk is serving at ${url} on the ${db} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  say(`  API health   ${url}/api/health (live), ${url}/api/ready (ready), ${url}/metrics (Prometheus)`);
  say(`  API docs     ${url}/docs`);
  if (opts.demo) {
    say(`  Demo city    Alderbrook${seeded ? ' (seeded just now)' : ''}; staff sign-in: admin@alderbrook.example.gov / civicdesk-demo (and every demo staff e-mail with the same password)`);
  }
  opts.onListening?.(url);
  // Scheduled sweeps (overdue targets) run in every serving process; they are safe side by side.
  const stopSweeps = startSweeps(deps, { intervalMs: 60_000, privacy: { clock: deps.clock, privacy: privacyRepo(rt.handle.db) }, onError: (err) => logger.error({ err }, 'sweep failed') });
  // The report counters' deltas into the roll-ups (0018): reports stay exact either way, this keeps them fast.
  let folds = 0;
  const fold = async () => {
    await rt.handle.exec('select report_fold()');
    // The folded rows are dead rows a report's scan of report_delta would read: vacuum them once a minute.
    if (++folds % 12 === 0) await rt.handle.exec('vacuum (skip_locked) report_delta');
  };
  const stopFold = startReportFold(fold, { intervalMs: REPORT_FOLD_EVERY_MS, onError: (err) => logger.error({ err }, 'report fold failed') });

  // SIGTERM: /api/ready turns 503, no new connections, requests in flight finish, the dispatcher
  // finishes its current job, the database closes, exit 0. A second signal exits at once.
  const stop = onShutdownSignals(logger, async () => {
    serving = false;
    await Promise.all([app.close(), stopSweeps(), stopFold(), dispatcher?.stop()]);
    await rt.close();
  });
  return { app, url, close: () => stop('close') };
}
