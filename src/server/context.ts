import type { Deps } from '../app/ports.js';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/connect.js';
import type { Metrics } from './metrics.js';

/** What every route and plugin may use: configuration, the database and the use cases' deps. */
export interface AppContext {
  config: Config;
  handle: DatabaseHandle;
  deps: Deps;
  /** Set once migrations have run and the database answers. */
  ready: () => boolean;
  /** This process's Prometheus metrics (made by buildApp when absent). */
  metrics?: Metrics;
}
