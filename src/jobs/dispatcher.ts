import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/connect.js';
import { makeRepos } from '../db/deps.js';
import {
  claimDeliveries,
  claimOutbox,
  completeOutbox,
  ensureScheduled,
  enqueue,
  failOutbox,
  insertDeliveries,
  recordAttempt,
  claimScheduled,
  type ClaimedDelivery,
  type OutboxJob,
} from '../db/repositories/job-queue.js';
import { closingPhoto, webhookSecret } from '../db/repositories/notify-facts.js';
import type { Db } from '../db/sql.js';
import { backoffMs } from '../domain/notifications.js';
import { localDay, nextLocalHour } from './digest.js';
import { fileMailer, smtpMailer, type Mailer } from './mail/mailer.js';
import { handlerTable, type JobHandler } from './topics.js';
import { postWebhook } from './webhooks.js';

interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** What the dispatcher reports as it works (Prometheus metrics in `serve`). */
export interface DispatchObserver {
  jobDone(topic: string, outcome: 'done' | 'failed' | 'dead', seconds: number): void;
  delivered(channel: string, outcome: 'delivered' | 'failed' | 'dead', seconds: number): void;
}

export interface DispatcherContext {
  handle: DatabaseHandle;
  config: Config;
  log?: Log;
  observer?: DispatchObserver;
  /** Defaults to SMTP_URL, or .eml files in <dataDir>/outbox-mail without it. */
  mailer?: Mailer;
  handlers?: readonly JobHandler[];
  batchSize?: number;
  /** Deliveries sent at once by this process. */
  concurrency?: number;
  /** How often to look for work when nothing wakes the dispatcher (other processes' work, retries). */
  pollMs?: number;
  /** Test hook: runs after a send and before its attempt is recorded (a crash here is the duplicate window). */
  afterSend?: (d: ClaimedDelivery) => void | Promise<void>;
}

export interface Dispatcher {
  /** Stops claiming, finishes what is in flight. */
  stop(): Promise<void>;
  /** Look for work now (called after a transaction that wrote to the outbox commits). */
  wake(): void;
  /** One pass: scheduled jobs, a batch of outbox jobs, a batch of deliveries. Returns how much it did. */
  runOnce(): Promise<number>;
  worker: string;
}

export const mailDir = (config: Config) => join(config.dataDir, 'outbox-mail');

const SILENT: Log = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function createDispatcher(ctx: DispatcherContext): Dispatcher & { start(): void } {
  const handlers = handlerTable(ctx.handlers); // checked at start-up: every topic has exactly one handler
  const { config } = ctx;
  const db: Db = ctx.handle.db;
  const log = ctx.log ?? SILENT;
  const d = config.delivery;
  const worker = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const batchSize = ctx.batchSize ?? 20;
  const concurrency = ctx.concurrency ?? 4;
  const pollMs = ctx.pollMs ?? 1000;
  const mailer = ctx.mailer ?? (config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom, concurrency) : fileMailer(mailDir(config), config.mailFrom));
  let nextScheduleCheck = 0;

  async function runScheduled() {
    if (Date.now() < nextScheduleCheck) return 0;
    nextScheduleCheck = Date.now() + 30_000;
    const tz = (await makeRepos(db).settings.calendar()).timeZone;
    const now = new Date();
    await ensureScheduled(db, 'digest.overdue', nextLocalHour(now, tz, d.digestHour));
    const won = await db.transaction(async (t) => {
      const tx = t as unknown as Db;
      if (!(await claimScheduled(tx, 'digest.overdue', nextLocalHour(now, tz, d.digestHour)))) return false;
      await enqueue(tx, 'digest.overdue', { day: localDay(now, tz) });
      return true;
    });
    return won ? 1 : 0;
  }

  /** Fans a batch of jobs out at once: their deliveries are computed side by side, then written in one transaction. */
  async function runJobs(jobs: OutboxJob[]) {
    const done: Array<{ job: OutboxJob; list: Awaited<ReturnType<JobHandler['run']>> }> = [];
    await inLanes(jobs, concurrency, async (job) => {
      const handler = handlers.get(job.topic);
      const started = performance.now();
      try {
        if (!handler) throw new Error(`no handler for topic ${job.topic}`);
        done.push({ job, list: await handler.run(db, config, job.payload) });
        ctx.observer?.jobDone(job.topic, 'done', (performance.now() - started) / 1000);
      } catch (err) {
        const dead = !handler || job.attempts >= d.maxAttempts;
        ctx.observer?.jobDone(job.topic, dead ? 'dead' : 'failed', (performance.now() - started) / 1000);
        log.error({ err, job: job.id, topic: job.topic, dead }, 'outbox job failed');
        await failOutbox(db, job.id, (err as Error).message ?? String(err), dead ? null : backoffMs(job.attempts, d.backoffMs, d.backoffMaxMs));
      }
    });
    if (!done.length) return;
    done.sort((a, b) => a.job.id - b.job.id); // deliveries in the order the events happened
    // Every job's deliveries in one insert and the jobs marked done in one update: two statements a batch.
    await db.transaction(async (t) => {
      await insertDeliveries(t as unknown as Db, done.flatMap((d) => d.list));
      await completeOutbox(t as unknown as Db, done.map((d) => d.job.id));
    });
  }

  async function send(dl: ClaimedDelivery): Promise<{ ok: boolean; response: string; permanent?: boolean }> {
    if (dl.channel === 'webhook') {
      const sub = dl.subscriptionId === null ? undefined : await webhookSecret(db, dl.subscriptionId);
      if (!sub?.active) return { ok: false, response: 'the subscription was removed', permanent: true };
      return postWebhook(sub.url, sub.secret, dl.messageId, String(dl.payload.body));
    }
    const p = dl.payload as { subject: string; text: string; html: string; headers?: Record<string, string>; closingPhoto?: { requestId: number; closedAt: string } };
    const attachments = [];
    if (p.closingPhoto) {
      const photo = await closingPhoto(db, p.closingPhoto.requestId, new Date(p.closingPhoto.closedAt));
      if (photo) {
        const ext = photo.contentType.split('/')[1]?.replace('jpeg', 'jpg') ?? 'bin';
        attachments.push({ filename: photo.filename ?? `photo-${photo.id}.${ext}`, content: photo.data, contentType: photo.contentType });
      }
    }
    try {
      const response = await mailer.send({ to: dl.recipient, subject: p.subject, text: p.text, html: p.html, messageId: dl.messageId, headers: p.headers ?? {}, attachments });
      return { ok: true, response };
    } catch (err) {
      const e = err as Error & { code?: string; responseCode?: number };
      // 5xx from the server about the address itself will not get better by retrying.
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 550 && e.responseCode < 560;
      return { ok: false, response: `${e.code ?? 'error'}: ${e.message}`, permanent };
    }
  }

  async function deliver(dl: ClaimedDelivery) {
    const started = performance.now();
    const r = await send(dl);
    await ctx.afterSend?.(dl);
    const outcome = r.ok ? 'delivered' : r.permanent || dl.attempts >= d.maxAttempts ? 'dead' : 'failed';
    ctx.observer?.delivered(dl.channel, outcome, (performance.now() - started) / 1000);
    if (!r.ok) log.warn({ delivery: dl.id, attempt: dl.attempts, outcome, response: r.response }, 'delivery failed');
    await recordAttempt(db, dl.id, {
      outcome,
      response: r.response,
      durationMs: performance.now() - started,
      worker,
      retryInMs: backoffMs(dl.attempts, d.backoffMs, d.backoffMaxMs),
    });
  }

  async function runOnce(): Promise<number> {
    let did = await runScheduled();
    const jobs = await claimOutbox(db, { limit: batchSize, leaseMs: d.leaseMs });
    await runJobs(jobs);
    did += jobs.length;
    const batch = await claimDeliveries(db, { limit: batchSize, leaseMs: d.leaseMs, worker });
    await inLanes(batch, concurrency, deliver);
    return did + batch.length;
  }

  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;
  const wake = () => {
    woken = true;
    wakeUp?.();
  };
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken) return resolve();
      const timer = setTimeout(resolve, ms);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  return {
    worker,
    wake,
    runOnce,
    start() {
      if (running) return;
      running = true;
      log.info({ worker, mail: mailer.describe }, 'dispatcher started');
      loop = (async () => {
        while (running) {
          woken = false;
          let did = 0;
          try {
            did = await runOnce();
          } catch (err) {
            log.error({ err }, 'dispatcher pass failed; retrying');
            await pause(pollMs);
          }
          if (did === 0 && running) await pause(pollMs);
          wakeUp = undefined;
        }
      })();
    },
    async stop() {
      running = false;
      wake();
      await loop;
      mailer.close();
    },
  };
}

/** Runs fn over the items, at most `lanes` at a time. */
async function inLanes<T>(items: T[], lanes: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}

/** The dispatcher running in this process (civicdesk serve, civicdesk worker). */
export function startDispatcher(ctx: DispatcherContext): Dispatcher {
  const dispatcher = createDispatcher(ctx);
  dispatcher.start();
  return dispatcher;
}
