import pino from 'pino';
import type { Config } from '../config.js';
import { makeDeps } from '../db/deps.js';
import { openRuntime } from '../runtime.js';
import { buildApp } from './app.js';
import { startSweeps } from '../jobs/sweeps.js';
import { startDispatcher, type Dispatcher } from '../jobs/dispatcher.js';

export interface ServeOptions {
  /** Seed the demo city into an empty database. */
  demo: boolean;
  /** Seed the demo city before serving (called with the open database). */
  seedDemo?: (rt: Awaited<ReturnType<typeof openRuntime>>, log: (line: string) => void) => Promise<boolean>;
  onListening?: (url: string) => void;
}

/** `civicdesk serve`: open and migrate the database, optionally seed the demo city, listen. */
export async function serve(config: Config, opts: ServeOptions) {
  const started = performance.now();
  const logger = pino({ level: config.logLevel, base: { service: 'civicdesk' } });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const rt = await openRuntime(config, 'server');
  let seeded = false;
  if (opts.demo && opts.seedDemo) seeded = await opts.seedDemo(rt, say);
  // Notifications and webhooks are sent from here too unless DISPATCHER_IN_SERVE=false
  // (then `civicdesk worker` processes do it); a committed change wakes the dispatcher.
  let dispatcher: Dispatcher | undefined;
  const deps = makeDeps(rt.handle, { afterCommit: () => dispatcher?.wake() });
  if (config.delivery.inServe) dispatcher = startDispatcher({ handle: rt.handle, config, log: logger.child({ component: 'dispatcher' }) });
  const app = await buildApp({ config, handle: rt.handle, deps, ready: () => true }, { logger, open311Limits: config.open311Limits });
  const address = await app.listen({ port: config.port, host: config.host });
  const port = new URL(address).port;
  const url = config.publicUrl.includes(`:${config.port}`) ? config.publicUrl.replace(`:${config.port}`, `:${port}`) : config.publicUrl;
  rt.lock?.update({ url });
  const db = rt.handle.kind === 'embedded' ? `embedded PostgreSQL in ${config.dataDir}` : 'PostgreSQL server (DATABASE_URL)';
  say(`CivicDesk is serving at ${url} on the ${db} (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  say(`  API health   ${url}/api/health`);
  say(`  API docs     ${url}/docs`);
  if (opts.demo) {
    say(`  Demo city    Alderbrook${seeded ? ' (seeded just now)' : ''}; staff sign-in: admin@alderbrook.example.gov / civicdesk-demo (and every demo staff e-mail with the same password)`);
  }
  opts.onListening?.(url);
  // Scheduled sweeps (overdue targets) run in every serving process; they are safe side by side.
  const stopSweeps = startSweeps(deps, { intervalMs: 60_000, onError: (err) => logger.error({ err }, 'sweep failed') });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    await app.close(); // stops accepting, lets in-flight requests finish
    await stopSweeps();
    await dispatcher?.stop(); // finishes the deliveries in flight; the rest wait in the database
    await rt.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  return { app, url, close: () => stop('close') };
}
