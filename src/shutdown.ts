import type { Logger } from 'pino';

export const SHUTDOWN_GRACE_MS = 30_000;

/**
 * SIGTERM or SIGINT runs `stop` once (finish what is in flight, close the database) and exits 0.
 * A second signal, or a stop that takes longer than the grace period, exits 1 at once: the
 * database is crash-safe, and work in flight is taken over when its lease runs out.
 */
export function onShutdownSignals(log: Logger, stop: () => Promise<void>, graceMs = SHUTDOWN_GRACE_MS): (reason: string) => Promise<void> {
  let stopping: Promise<void> | undefined;
  const begin = (reason: string) => {
    if (stopping) {
      log.warn({ reason }, 'second signal: exiting now without finishing');
      process.exit(1);
    }
    log.info({ reason }, 'shutting down: finishing work in flight (a second signal forces)');
    setTimeout(() => {
      log.error({ graceMs }, 'shutdown took too long: exiting now');
      process.exit(1);
    }, graceMs).unref();
    stopping = stop().then(
      () => {
        log.info('stopped cleanly');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
    return stopping;
  };
  process.on('SIGINT', () => void begin('SIGINT'));
  process.on('SIGTERM', () => void begin('SIGTERM'));
  return begin;
}
