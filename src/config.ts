import { resolve } from 'node:path';
import { z } from 'zod';

// Configuration is read once, at start, from the environment; a bad value stops the process
// with a message naming the variable. Runtime settings (services, targets, routing) live in
// the database instead. docs/CONFIGURATION.md documents every variable.

const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  CIVICDESK_DATA_DIR: z.string().default('./data'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3311),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JURISDICTION_ID: z.string().optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().default('CivicDesk <no-reply@civicdesk.local>'),
  TILE_URL: z.string().default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  DELIVERY_BACKOFF_SECONDS: z.coerce.number().min(0.01).max(86_400).default(30),
  DELIVERY_BACKOFF_MAX_SECONDS: z.coerce.number().min(0.01).max(7 * 86_400).default(6 * 3600),
  DELIVERY_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  DISPATCHER_IN_SERVE: z.enum(['true', 'false']).default('true'),
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  OPEN311_READS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  OPEN311_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  CIVICDESK_CLUSTER: z.coerce.number().int().min(1).max(64).default(1),
});

export type Env = z.infer<typeof schema>;

export interface Config {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  publicUrl: string;
  logLevel: Env['LOG_LEVEL'];
  jurisdictionId: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  tileUrl: string;
  dbPoolSize: number;
  /** `civicdesk serve` processes sharing the port (node:cluster); more than 1 needs a PostgreSQL server. */
  cluster: number;
  /** Open311 calls per minute allowed to one API key (or one address without a key). */
  open311Limits: { readsPerMinute: number; writesPerMinute: number };
  delivery: DeliveryConfig;
  /** Bearer token for GET /metrics; unset, /metrics answers loopback connections only. */
  metricsToken?: string | undefined;
}

export interface DeliveryConfig {
  /** Attempts before a delivery becomes a dead letter. */
  maxAttempts: number;
  backoffMs: number;
  backoffMaxMs: number;
  /** How long a claimed job is a worker's before another may take it over (a crashed worker's work). */
  leaseMs: number;
  /** Run the dispatcher inside `civicdesk serve` (else run `civicdesk worker` processes). */
  inServe: boolean;
  /** Local hour (city time zone) of the daily overdue digest. */
  digestHour: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const port = overrides.port ?? e.PORT;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.CIVICDESK_DATA_DIR),
    port,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    jurisdictionId: e.JURISDICTION_ID,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    tileUrl: e.TILE_URL,
    dbPoolSize: e.DB_POOL_SIZE,
    cluster: e.CIVICDESK_CLUSTER,
    metricsToken: e.METRICS_TOKEN,
    open311Limits: { readsPerMinute: e.OPEN311_READS_PER_MINUTE, writesPerMinute: e.OPEN311_WRITES_PER_MINUTE },
    delivery: {
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      backoffMs: e.DELIVERY_BACKOFF_SECONDS * 1000,
      backoffMaxMs: e.DELIVERY_BACKOFF_MAX_SECONDS * 1000,
      leaseMs: e.DELIVERY_LEASE_SECONDS * 1000,
      inServe: e.DISPATCHER_IN_SERVE === 'true',
      digestHour: e.DIGEST_HOUR,
    },
    ...overrides,
  };
}

export class ConfigError extends Error {}
