import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { AppError } from '../domain/errors.js';
import { commands } from './commands.js';

const USAGE = `usage: civicdesk <command> [options]

  serve [--port N] [--data-dir DIR] [--demo] [--cluster N]
                                               serve the API and web app (--demo seeds the demo city into an empty database;
                                               --cluster N: N processes share the port, PostgreSQL server only)
  migrate [--data-dir DIR]                     apply database migrations
  seed demo [--data-dir DIR]                   seed the demo city into an empty database
  reports rebuild [--data-dir DIR]             rebuild the report roll-ups from the requests (after a calendar change)
  user add --email E --role R [--department CODE ...] [--name N] [--password P]
                                               add or update a staff user (prints a generated password once)
  worker                                       deliver notifications and webhooks (run any number with DATABASE_URL)
  webhook add URL --events a,b [--name N]      subscribe a URL to event types (prints the signing secret once)
  apikey create --name NAME [--kind open311|integration]
                                               create an API key; prints the key alone, once (only its hash is kept)
  apikey list                                  list API keys (id, kind, prefix, name, created, last used, revoked)
  apikey revoke ID                             revoke an API key at once
  import districts FILE.geojson --layer NAME --name-property PROP [--code-property PROP] [--city-limits]
                                               load (or reload) a layer of districts and place every request in them
  import addresses FILE.csv                    load the master address list (columns: address id, full address, lat, long, zip)
  import requests FILE.csv [--mapping FILE.json | --preset nyc|boston] [--dry-run] [--source NAME]
                   [--rejects FILE.csv] [--progress] [--bulk]
                                               import a legacy system's requests with their history; a re-run updates
                                               them; a large first import (or --bulk) is one bulk load
  import services FILE [--definitions FILE ...] [--department CODE]
                                               import an Open311 services.xml/services.json and its definitions
  seed scale --requests N                      add N requests that follow the demo city's distributions (benchmarks)
  privacy retention [--days N | --off]         show or set how long after closing reporters' names, e-mails and phones are kept
  privacy purge [--days N]                     anonymise reporters of requests closed longer ago than that (the sweep does it daily)
  backup FILE [--force]                        archive the embedded data directory (database, photos, mail) into FILE;
                                               refuses while a server holds it; with DATABASE_URL runs pg_dump
  restore FILE [--data-dir DIR] [--force]      unpack a backup into an empty data directory (--force replaces one)

Every command uses DATABASE_URL (a PostgreSQL server) when it is set, else the embedded
database in --data-dir (default ./data, or CIVICDESK_DATA_DIR).`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string' },
      cluster: { type: 'string' },
      'data-dir': { type: 'string' },
      demo: { type: 'boolean', default: false },
      email: { type: 'string' },
      role: { type: 'string' },
      department: { type: 'string', multiple: true },
      name: { type: 'string' },
      password: { type: 'string' },
      events: { type: 'string' },
      kind: { type: 'string' },
      layer: { type: 'string' },
      'name-property': { type: 'string' },
      'code-property': { type: 'string' },
      'city-limits': { type: 'boolean', default: false },
      mapping: { type: 'string' },
      preset: { type: 'string' },
      'dry-run': { type: 'boolean' },
      source: { type: 'string' },
      rejects: { type: 'string' },
      progress: { type: 'boolean' },
      bulk: { type: 'boolean' },
      definitions: { type: 'string', multiple: true },
      requests: { type: 'string' },
      days: { type: 'string' },
      off: { type: 'boolean' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  const overrides: Partial<Config> = {};
  const env = { ...process.env };
  if (values['data-dir']) env.CIVICDESK_DATA_DIR = values['data-dir'];
  if (values.port !== undefined) {
    if (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535) throw new ConfigError(`--port must be a port number, not ${values.port}`);
    overrides.port = Number(values.port);
  }
  if (values.cluster !== undefined) {
    if (!/^\d{1,2}$/.test(values.cluster) || Number(values.cluster) < 1 || Number(values.cluster) > 64) throw new ConfigError(`--cluster must be a number of processes from 1 to 64, not ${values.cluster}`);
    env.CIVICDESK_CLUSTER = values.cluster;
  }
  const config = loadConfig(env, overrides);
  // The longest command name that the words start with; the words after it are its arguments.
  const words = [command, ...rest];
  let n = words.length;
  while (n > 0 && !commands[words.slice(0, n).join(' ')]) n--;
  const run = n > 0 ? commands[words.slice(0, n).join(' ')] : undefined;
  if (!run) throw new UsageError(`unknown command: ${words.join(' ')}`);
  return run(config, { ...values, args: words.slice(n) });
}

export class UsageError extends Error {}

export async function runCli(argv: string[]) {
  try {
    const code = await main(argv);
    if (code !== -1) process.exitCode = code;
  } catch (err) {
    const message = err instanceof AppError || err instanceof ConfigError || err instanceof UsageError ? err.message : (err as Error)?.message ?? String(err);
    // TypeError from parseArgs (unknown option) is a usage error too.
    process.stderr.write(`civicdesk: ${message.split('\n')[0]}\n`);
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(`${USAGE}\n`);
    if (process.env.CIVICDESK_DEBUG && !(err instanceof AppError)) console.error(err);
    process.exit(err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1);
  }
}
