import type { Deps } from '../app/ports.js';
import { sweepOverdue } from '../app/sweep-overdue.js';
import type { PrivacyDeps } from '../app/privacy/ports.js';
import { purgeIfRetentionSet } from '../app/privacy/purge-reporters.js';
import { SYSTEM } from '../domain/actor.js';

/** The privacy purge (reporters past the retention setting) runs at most this often. */
export const PURGE_EVERY_MS = 86_400_000;

export interface SweepOptions {
  intervalMs: number;
  /** Where a failed sweep is reported; the next one runs anyway. */
  onError?: (err: unknown) => void;
  /** Called after each sweep that marked something. */
  onSweep?: (result: { marked: number }) => void;
  /** When given, the privacy purge runs on the first sweep and then daily (if a retention is set). */
  privacy?: PrivacyDeps;
}

/**
 * Runs the scheduled sweeps (today: overdue targets) now and then every intervalMs, never two at once.
 * Safe in several processes at the same time: the sweep skips rows another one holds and marks each
 * request once. Returns a stop function that waits for a sweep in flight to finish.
 */
export function startSweeps(deps: Deps, opts: SweepOptions): () => Promise<void> {
  if (!(opts.intervalMs > 0)) throw new RangeError(`intervalMs must be > 0, got ${opts.intervalMs}`);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastPurge = -Infinity;

  const tick = () => {
    running = (async () => {
      try {
        const result = await sweepOverdue(deps);
        if (result.marked) opts.onSweep?.(result);
        if (opts.privacy && Date.now() - lastPurge >= PURGE_EVERY_MS) {
          lastPurge = Date.now();
          await purgeIfRetentionSet(opts.privacy, SYSTEM);
        }
      } catch (err) {
        opts.onError?.(err);
      }
    })();
    void running.then(() => {
      if (!stopped) timer = setTimeout(tick, opts.intervalMs);
    });
  };
  timer = setTimeout(tick, 0);

  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}

/**
 * Folds the report counters' deltas (migration 0018's report_delta) into the roll-ups now and then every
 * intervalMs. Reports are exact without it (they add the unfolded deltas); folding keeps what they add small.
 * Safe in several processes: the database lets one fold at a time and the others return at once.
 */
export function startReportFold(fold: () => Promise<unknown>, opts: { intervalMs: number; onError?: (err: unknown) => void }): () => Promise<void> {
  if (!(opts.intervalMs > 0)) throw new RangeError(`intervalMs must be > 0, got ${opts.intervalMs}`);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = fold().then(
      () => undefined,
      (err: unknown) => opts.onError?.(err),
    );
    void running.then(() => {
      if (!stopped) timer = setTimeout(tick, opts.intervalMs);
    });
  };
  timer = setTimeout(tick, opts.intervalMs);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
