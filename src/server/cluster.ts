import cluster from 'node:cluster';
import { ConfigError, type Config } from '../config.js';
import { openRuntime } from '../runtime.js';
import { serve, type ServeOptions } from './serve.js';

/**
 * `civicdesk serve --cluster N` (or CIVICDESK_CLUSTER=N): N serving processes share the port (node:cluster),
 * so one server uses more than one core. The primary migrates (and seeds the demo city) once, forks the
 * workers, replaces one that dies, and on SIGTERM/SIGINT stops them all (each drains as `serve` does).
 * A PostgreSQL server only: the embedded database is one process's.
 *
 * Each worker keeps its own Open311 rate-limit counters, so each allows 1/N of the configured rates
 * (rounded up): a client never gets more than the configured rate in all.
 */
export async function serveCluster(config: Config, opts: ServeOptions): Promise<void> {
  const workers = config.cluster;
  if (!config.databaseUrl) throw new ConfigError('--cluster (CIVICDESK_CLUSTER) needs a PostgreSQL server (DATABASE_URL): the embedded database serves one process');
  if (cluster.isWorker) {
    const share = (n: number) => Math.max(1, Math.ceil(n / workers));
    const limits = { readsPerMinute: share(config.open311Limits.readsPerMinute), writesPerMinute: share(config.open311Limits.writesPerMinute) };
    await serve({ ...config, open311Limits: limits }, { ...opts, demo: false });
    return;
  }
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const rt = await openRuntime(config, 'server');
  try {
    if (opts.demo && opts.seedDemo) await opts.seedDemo(rt, say);
  } finally {
    await rt.close();
  }
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  say(`CivicDesk cluster: ${workers} serving processes share port ${config.port}`);
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return;
    say(`serving process ${w.process.pid} ended (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    if (stopping) return process.exit(1); // a second signal: at once
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w) => w && !w.isDead());
    if (alive.length === 0) process.exit(0);
    let left = alive.length;
    for (const w of alive) {
      w!.once('exit', () => {
        if (--left === 0) process.exit(0);
      });
      w!.process.kill('SIGTERM');
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
