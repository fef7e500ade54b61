import { addStaffUser } from '../app/add-staff-user.js';
import { apiKeyCommands } from './apikey-commands.js';
import { privacyCommands } from './privacy-commands.js';
import { backupCommands } from './backup-commands.js';
import type { Config } from '../config.js';
import type { ServeOptions } from '../server/serve.js';
import { argon2id } from '../db/deps.js';
import { staffWriter } from '../db/repositories/catalogue.js';
import { openRuntime } from '../runtime.js';
import { SYSTEM } from '../domain/actor.js';

type Values = {
  demo?: boolean;
  email?: string;
  role?: string;
  department?: string[];
  name?: string;
  password?: string;
  events?: string;
  kind?: string;
  /** Words after the command's name (e.g. the ID of apikey revoke ID). */
  args?: string[];
  layer?: string;
  'name-property'?: string;
  'code-property'?: string;
  'city-limits'?: boolean;
  mapping?: string;
  preset?: string;
  'dry-run'?: boolean;
  source?: string;
  rejects?: string;
  progress?: boolean;
  bulk?: boolean;
  definitions?: string[];
  requests?: string;
  days?: string;
  off?: boolean;
  force?: boolean;
};

// Heavy modules (the server, the demo city) load only for the commands that use them.
/** Each command returns its exit code; -1 means "keep running" (serve). */
export const commands: Record<string, (config: Config, values: Values) => Promise<number>> = {
  async serve(config, values) {
    const { serve } = await import('../server/serve.js');
    const { seedDemo } = await import('../demo/seed.js');
    const opts: ServeOptions = { demo: Boolean(values.demo), seedDemo: async (rt, say) => seedDemo(rt.handle, { log: say }) };
    if (config.cluster > 1) {
      const { serveCluster } = await import('../server/cluster.js');
      await serveCluster(config, opts);
    } else await serve(config, opts);
    return -1;
  },

  async migrate(config) {
    const rt = await openRuntime(config, 'migrate');
    await rt.close();
    process.stdout.write('database is up to date\n');
    return 0;
  },

  async 'seed demo'(config) {
    const { seedDemo } = await import('../demo/seed.js');
    const rt = await openRuntime(config, 'seed');
    try {
      const seeded = await seedDemo(rt.handle, { log: (l) => process.stdout.write(`${l}\n`) });
      if (!seeded) process.stdout.write('the database already has a city; nothing seeded\n');
      return 0;
    } finally {
      await rt.close();
    }
  },

  async worker(config) {
    const { runWorker } = await import('../jobs/worker.js');
    await runWorker(config);
    return -1;
  },

  async 'webhook add'(config, values) {
    const url = values.args?.[0];
    if (!url || !values.events) throw new Error('webhook add needs a URL and --events a,b (e.g. request.created,request.closed)');
    const { addWebhook } = await import('../app/add-webhook.js');
    const { makeDeps } = await import('../db/deps.js');
    const rt = await openRuntime(config, 'webhook add');
    try {
      const r = await addWebhook(makeDeps(rt.handle), SYSTEM, { url, events: values.events.split(','), description: values.name });
      process.stdout.write(`webhook ${r.subscription.id} -> ${r.subscription.url} for ${r.subscription.events.join(', ')}\nsigning secret: ${r.secret}\n(shown once; verify webhook-signature with it)\n`);
      return 0;
    } finally {
      await rt.close();
    }
  },

  async 'import requests'(config, values) {
    const { importRequestsCommand } = await import('../import/cli-import.js');
    return importRequestsCommand(config, values.args?.[0], values);
  },

  async 'import services'(config, values) {
    const file = values.args?.[0];
    if (!file) throw new Error('import services needs a services.xml or services.json FILE');
    const { importServices } = await import('../import/import-services.js');
    const rt = await openRuntime(config, 'import services');
    try {
      const r = await importServices({ handle: rt.handle }, file, { ...(values.definitions ? { definitions: values.definitions } : {}), ...(values.department?.[0] ? { department: values.department[0] } : {}) });
      process.stdout.write(`imported ${r.services} services (${r.withDefinitions} with definitions, ${r.attributes} attributes)\n`);
      return 0;
    } finally {
      await rt.close();
    }
  },

  async 'reports rebuild'(config) {
    const { makeDeps } = await import('../db/deps.js');
    const { makeReportDeps } = await import('../db/report-deps.js');
    const { rebuildReports } = await import('../app/reports/rebuild-reports.js');
    const rt = await openRuntime(config, 'reports rebuild');
    try {
      const started = performance.now();
      await rebuildReports(makeReportDeps(rt.handle, makeDeps(rt.handle)), SYSTEM);
      process.stdout.write(`report roll-ups rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      return 0;
    } finally {
      await rt.close();
    }
  },

  async 'seed scale'(config, values) {
    const n = Number(values.requests);
    if (!values.requests || !Number.isInteger(n) || n < 1) throw new Error('seed scale needs --requests N (a whole number)');
    const { seedScale } = await import('../demo/scale.js');
    const rt = await openRuntime(config, 'seed scale');
    try {
      const r = await seedScale(rt.handle, { requests: n, log: (l) => process.stdout.write(`${l}\n`) });
      process.stdout.write(`${r.requests.toLocaleString('en-US')} requests written in ${r.seconds.toFixed(1)} s\n`);
      return 0;
    } finally {
      await rt.close();
    }
  },

  async 'user add'(config, values) {
    if (!values.email || !values.role) throw new Error('user add needs --email and --role');
    const rt = await openRuntime(config, 'user add');
    try {
      const result = await addStaffUser(staffWriter(rt.handle.db), argon2id, {
        email: values.email,
        role: values.role,
        name: values.name,
        password: values.password,
        departmentCodes: values.department ?? [],
      });
      process.stdout.write(`user ${result.email} saved (id ${result.id})\n`);
      if (result.generatedPassword) process.stdout.write(`password: ${result.generatedPassword}\n(shown once; change it after signing in)\n`);
      return 0;
    } finally {
      await rt.close();
    }
  },

  ...apiKeyCommands,
  ...privacyCommands,
  ...backupCommands,
  'import districts': async (config, values) => (await import('./import-commands.js')).importDistrictsCommand(config, values),
  'import addresses': async (config, values) => (await import('./import-commands.js')).importAddressesCommand(config, values),
};
