import { purgeReporters } from '../app/privacy/purge-reporters.js';
import type { Config } from '../config.js';
import { privacyRepo } from '../db/repositories/privacy.js';
import { SYSTEM } from '../domain/actor.js';
import { checkRetentionDays } from '../domain/privacy.js';
import { openRuntime } from '../runtime.js';

type Values = { days?: string; off?: boolean };

const days = (v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^\d{1,6}$/.test(v)) throw new Error(`--days must be a whole number of days, not ${v}`);
  return checkRetentionDays(Number(v));
};

/** civicdesk privacy purge | retention: anonymise reporters of requests closed long ago. */
export const privacyCommands: Record<string, (config: Config, values: Values) => Promise<number>> = {
  async 'privacy purge'(config, values) {
    const n = days(values.days);
    const rt = await openRuntime(config, 'privacy purge');
    try {
      const deps = { clock: { now: () => new Date() }, privacy: privacyRepo(rt.handle.db) };
      const r = await purgeReporters(deps, SYSTEM, { days: n });
      process.stdout.write(
        `reporters of requests closed before ${r.cutoff.toISOString().slice(0, 10)} (${r.days} days): ${r.requests} requests anonymised, ${r.residents} residents erased, ${r.followers} followers removed\n`,
      );
      return 0;
    } finally {
      await rt.close();
    }
  },

  async 'privacy retention'(config, values) {
    const n = days(values.days);
    const rt = await openRuntime(config, 'privacy retention');
    try {
      const repo = privacyRepo(rt.handle.db);
      if (values.off) await repo.setRetentionDays(null);
      else if (n !== undefined) await repo.setRetentionDays(n);
      const now = await repo.retentionDays();
      process.stdout.write(now === null ? 'no retention set: reporters are kept until erased\n' : `reporters are anonymised ${now} days after their request closes (the daily sweep and \`privacy purge\`)\n`);
      return 0;
    } finally {
      await rt.close();
    }
  },
};
