import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addWebhook } from '../../src/app/add-webhook.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { claimOutbox } from '../../src/db/repositories/job-queue.js';
import { one, rows, sql } from '../../src/db/sql.js';
import { SYSTEM } from '../../src/domain/actor.js';
import { smtpMailer, type Mailer } from '../../src/jobs/mail/mailer.js';
import { resetDb, testDb, usingServer } from '../support/db.js';
import { buildRequest, buildTinyCity, type TinyCity } from '../support/factories.js';
import { drain, pendingCount, startReceiver, startSmtp, testConfig, testDispatcher, waitFor, type TestSmtp } from './support.js';

// Nothing due is lost: the mail server going away, a worker dying mid-batch, several workers
// sharing the queue. Counted at the receiving end.

let handle: DatabaseHandle;
let city: TinyCity;
let smtp: TestSmtp;
const stoppers: Array<() => Promise<unknown> | unknown> = [];

beforeAll(async () => {
  handle = await testDb();
});
beforeEach(async () => {
  await resetDb(handle);
  city = await buildTinyCity(handle);
});
afterEach(async () => {
  while (stoppers.length) await stoppers.pop()!();
});

async function submitMany(n: number, withReporter = true, parallel = 4) {
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      await buildRequest(city.deps, withReporter ? { reporter: { email: `resident${i}@example.org` } } : {});
      // Requests arrive over time: let timers (the dispatcher's loop) run between them, as
      // HTTP traffic would; PGlite answers through microtasks that otherwise starve them.
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
}

const counts = async () =>
  (await one<{ total: number; delivered: number; dead: number }>(
    handle.db,
    sql`select count(*)::int as total, count(*) filter (where status = 'delivered')::int as delivered, count(*) filter (where status = 'dead')::int as dead from deliveries`,
  ))!;

/** Message-IDs received more than once. */
const repeated = (ids: string[]) => {
  const seen = new Map<string, number>();
  for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
};

describe('the mail server is down while requests come in', () => {
  const outageMs = process.env.CI ? 30_000 : 4_000;

  it(`delivers every due message once it is back (${outageMs / 1000} s outage, 200 requests), none lost, no (event, recipient) twice`, async () => {
    smtp = await startSmtp();
    const config = testConfig({ SMTP_URL: smtp.url, DELIVERY_MAX_ATTEMPTS: '100', DELIVERY_BACKOFF_SECONDS: '0.1', DELIVERY_BACKOFF_MAX_SECONDS: '2' });
    const dispatcher = testDispatcher(handle, config);
    stoppers.push(() => dispatcher.stop());
    await smtp.stop();
    const downAt = Date.now();
    dispatcher.start();
    await submitMany(200);
    const remaining = outageMs - (Date.now() - downAt);
    if (remaining > 0) await new Promise((r) => setTimeout(r, remaining));
    await waitFor(async () => (await counts()).total === 400, 60_000, 'the fan-out while the mail server is down');
    const during = await counts();
    expect(during.total).toBe(400); // a liaison e-mail and a receipt per request
    expect(during.delivered).toBe(0);
    expect(smtp.mails).toHaveLength(0);
    const failedAttempts = (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from delivery_attempts where outcome = 'failed'`))!.n;
    expect(failedAttempts).toBeGreaterThan(0); // it kept trying

    await smtp.start();
    await waitFor(async () => (await pendingCount(handle)) === 0, 120_000, 'every delivery to complete');
    const after = await counts();
    expect(after).toEqual({ total: 400, delivered: 400, dead: 0 });
    expect(smtp.mails).toHaveLength(400);
    expect(repeated(smtp.mails.map((m) => m.messageId))).toEqual([]);
    const pairs = new Set(smtp.mails.map((m) => `${String(m.headers.get('x-civicdesk-event'))}|${m.to}`));
    expect(pairs.size).toBe(400);
    expect(smtp.to('wendy@city.example')).toHaveLength(200);
    for (let i = 0; i < 200; i += 37) expect(smtp.to(`resident${i}@example.org`)).toHaveLength(1);
  }, 240_000);
});

if (!usingServer()) {
  // The embedded database belongs to one process: the crash is simulated in-process — a
  // dispatcher stops dead after sending, before recording, holding leases on a batch.
  describe('a worker dies in the middle of a batch (embedded: in-process)', () => {
    it('leaves its leased work to be taken over when the lease runs out; only the message between send and record repeats, with the same Message-ID', async () => {
      smtp = await startSmtp();
      stoppers.push(() => smtp.close());
      const config = testConfig({ SMTP_URL: smtp.url, DELIVERY_LEASE_SECONDS: '1' });
      await submitMany(30);
      // Another worker claimed some outbox jobs and died before fanning them out.
      const orphaned = await claimOutbox(handle.db, { limit: 5, leaseMs: 1000 });
      expect(orphaned).toHaveLength(5);

      class Crash extends Error {}
      let crashed = false;
      let sends = 0;
      const sentUnrecorded = new Set<string>();
      const real = smtpMailer(smtp.url, config.mailFrom);
      const dying: Mailer = {
        describe: 'dying',
        close: () => real.close(),
        async send(m) {
          if (crashed) throw new Crash('the process is gone');
          return real.send(m);
        },
      };
      const victim = testDispatcher(handle, config, {
        mailer: dying,
        batchSize: 20,
        afterSend: (d) => {
          if (crashed) {
            if (smtp.mails.some((m) => m.messageId === d.messageId)) sentUnrecorded.add(d.messageId);
            throw new Crash('killed');
          }
          if (++sends === 7) {
            crashed = true; // SIGKILL here: sent, not recorded
            sentUnrecorded.add(d.messageId);
            throw new Crash('killed');
          }
        },
      });
      await expect(victim.runOnce()).rejects.toBeInstanceOf(Crash);
      await new Promise((r) => setTimeout(r, 200)); // let its other lanes fall over too
      const leased = (await one<{ n: number }>(handle.db, sql`select count(*)::int as n from deliveries where status = 'pending' and locked_until > now()`))!.n;
      expect(leased).toBeGreaterThan(0);

      const survivor = testDispatcher(handle, config);
      stoppers.push(() => survivor.stop());
      await drain(handle, survivor, 30_000);
      expect(await counts()).toEqual({ total: 60, delivered: 60, dead: 0 });

      const ids = smtp.mails.map((m) => m.messageId);
      const dupes = repeated(ids);
      expect(dupes.length).toBeGreaterThanOrEqual(1);
      expect(dupes.length).toBeLessThanOrEqual(4); // at most what was in flight (the concurrency)
      for (const id of dupes) expect(sentUnrecorded.has(id)).toBe(true);
      expect(new Set(ids).size).toBe(60); // every (event, recipient) arrived
      real.close();
    }, 120_000);
  });
}

if (usingServer()) {
  const ROOT = fileURLToPath(new URL('../../', import.meta.url));

  function spawnWorker(env: Record<string, string>): ChildProcess {
    // The same runWorker as `civicdesk worker`, without loading the rest of the CLI.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/notify/worker-process.ts'], {
      cwd: ROOT,
      env: { ...process.env, CIVICDESK_FROM_SOURCE: '1', LOG_LEVEL: 'silent', PUBLIC_URL: 'https://311.city.example', DELIVERY_BACKOFF_SECONDS: '0.1', DELIVERY_BACKOFF_MAX_SECONDS: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code, signal) => {
      if (code && code !== 0) console.error(`worker exited ${code} ${signal ?? ''}: ${err}`);
    });
    stoppers.push(() => stopChild(child));
    return child;
  }

  const stopChild = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });

  describe('worker processes on a PostgreSQL server', () => {
    it('a worker killed with SIGKILL mid-batch: after restart every delivery completes; duplicates only between send and record, with the same Message-ID', async () => {
      smtp = await startSmtp({ delayMs: 40 });
      stoppers.push(() => smtp.close());
      await submitMany(100); // 200 e-mails
      const first = spawnWorker({ SMTP_URL: smtp.url, DELIVERY_LEASE_SECONDS: '3' });
      await waitFor(() => smtp.mails.length >= 50, 60_000, 'the worker to be busy');
      await stopChild(first, 'SIGKILL');
      const atKill = smtp.mails.length;
      const { delivered } = await counts();
      expect(delivered).toBeLessThan(200);

      spawnWorker({ SMTP_URL: smtp.url, DELIVERY_LEASE_SECONDS: '3' });
      await waitFor(async () => (await counts()).delivered === 200, 120_000, 'every delivery to complete');
      const ids = smtp.mails.map((m) => m.messageId);
      expect(new Set(ids).size).toBe(200);
      const dupes = repeated(ids);
      expect(dupes.length).toBeLessThanOrEqual(4); // at most the sends in flight at the kill
      // A duplicate is a delivery whose claim by the killed worker sent but never recorded.
      for (const id of dupes) {
        const r = await one<{ claims: number; recorded: number }>(
          handle.db,
          sql`select d.attempts as claims, (select count(*)::int from delivery_attempts a where a.delivery_id = d.id) as recorded from deliveries d where d.message_id = ${id}`,
        );
        expect(r!.claims).toBe(r!.recorded + 1);
      }
      expect(atKill).toBeGreaterThanOrEqual(50);
      console.info(`SIGKILL after ${atKill} of 200 e-mails received (${delivered} recorded); after restart: ${ids.length} received, ${dupes.length} repeated`);
    }, 240_000);

    it('two workers deliver 1,000 events with no event delivered twice (counted at the receiver)', async () => {
      smtp = await startSmtp();
      stoppers.push(() => smtp.close());
      const receiver = await startReceiver(() => 204);
      stoppers.push(() => receiver.close());
      await addWebhook(city.deps, SYSTEM, { url: receiver.url, events: ['request.created'] });
      await submitMany(1000, false, 8);
      spawnWorker({ SMTP_URL: smtp.url });
      spawnWorker({ SMTP_URL: smtp.url });
      await waitFor(async () => (await counts()).delivered === 2000, 180_000, '2,000 deliveries');
      const hookIds = receiver.calls.map((c) => String(c.headers['webhook-id']));
      expect(receiver.calls).toHaveLength(1000);
      expect(new Set(hookIds).size).toBe(1000);
      const events = new Set(receiver.calls.map((c) => JSON.parse(c.body).data.event.id));
      expect(events.size).toBe(1000);
      expect(smtp.mails).toHaveLength(1000);
      expect(new Set(smtp.mails.map((m) => m.messageId)).size).toBe(1000);
      const workers = await rows<{ worker: string }>(handle.db, sql`select distinct worker from delivery_attempts`);
      expect(workers.length).toBe(2); // both took part
      const split = await rows<{ worker: string; n: number }>(handle.db, sql`select worker, count(*)::int as n from delivery_attempts group by worker`);
      console.info(`two workers: ${split.map((w) => w.n).join(' + ')} deliveries, ${receiver.calls.length} webhook calls and ${smtp.mails.length} e-mails received`);
    }, 300_000);
  });
}
