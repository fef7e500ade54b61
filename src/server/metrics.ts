import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DatabaseHandle } from '../db/connect.js';
import { rows, sql } from '../db/sql.js';
import type { DispatchObserver } from '../jobs/dispatcher.js';
import { AppError } from '../domain/errors.js';
import type { Channel } from '../domain/vocabulary.js';

/** One process's Prometheus metrics: HTTP, delivery, intake, and the outbox as the database sees it. */
export interface Metrics {
  registry: Registry;
  /** Counts a request once its submission committed. */
  requestSubmitted(channel: Channel): void;
  /** Handed to the dispatcher running in this process. */
  dispatch: DispatchObserver;
  observeHttp(method: string, route: string, status: number, seconds: number): void;
}

export function createMetrics(handle: DatabaseHandle): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labels = ['method', 'route', 'status'] as const;
  const httpTotal = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by route template and status', labelNames: labels, registers: [registry] });
  const httpSeconds = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template and status',
    labelNames: labels,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const submitted = new Counter({ name: 'civicdesk_requests_submitted_total', help: 'Service requests submitted through this process, by channel', labelNames: ['channel'], registers: [registry] });
  const jobSeconds = new Histogram({
    name: 'civicdesk_outbox_job_duration_seconds',
    help: 'Time to fan one outbox job out into its deliveries, by topic and outcome (done, failed, dead)',
    labelNames: ['topic', 'outcome'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  const deliveries = new Counter({ name: 'civicdesk_deliveries_total', help: 'Delivery attempts by channel (email, webhook) and outcome (delivered, failed, dead)', labelNames: ['channel', 'outcome'], registers: [registry] });
  const deliverySeconds = new Histogram({
    name: 'civicdesk_delivery_duration_seconds',
    help: 'Time to send one e-mail or webhook, by channel and outcome',
    labelNames: ['channel', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  // The queue is shared by every process, so it is read from the database at scrape time.
  new Gauge({
    name: 'civicdesk_outbox_jobs',
    help: 'Outbox jobs (queue: outbox) and deliveries (queue: deliveries) that are pending or dead',
    labelNames: ['queue', 'status'],
    registers: [registry],
    async collect() {
      const counts = await rows(
        handle.db,
        sql`select 'outbox' as queue, status, count(*)::int as n from outbox where status in ('pending', 'dead') group by status
            union all select 'deliveries', status, count(*)::int from deliveries where status in ('pending', 'dead') group by status`,
      );
      for (const queue of ['outbox', 'deliveries']) for (const status of ['pending', 'dead']) this.set({ queue, status }, 0);
      for (const c of counts) this.set({ queue: String(c.queue), status: String(c.status) }, Number(c.n));
    },
  });
  new Gauge({
    name: 'civicdesk_outbox_oldest_pending_seconds',
    help: 'Age of the oldest outbox job that is due and not yet done (0 when none): delivery is falling behind when it grows',
    registers: [registry],
    async collect() {
      const [r] = await rows(handle.db, sql`select coalesce(extract(epoch from now() - min(available_at)), 0)::float8 as age from outbox where status = 'pending' and available_at <= now()`);
      this.set(Math.max(0, Number(r?.age ?? 0)));
    },
  });

  return {
    registry,
    requestSubmitted: (channel) => submitted.inc({ channel }),
    observeHttp(method, route, status, seconds) {
      const l = { method, route, status: String(status) };
      httpTotal.inc(l);
      httpSeconds.observe(l, seconds);
    },
    dispatch: {
      jobDone: (topic, outcome, seconds) => jobSeconds.observe({ topic, outcome }, seconds),
      delivered(channel, outcome, seconds) {
        deliveries.inc({ channel, outcome });
        deliverySeconds.observe({ channel, outcome }, seconds);
      },
    },
  };
}

/**
 * GET /metrics. Open to a scraper on this machine (a loopback connection that no proxy forwarded);
 * with METRICS_TOKEN set, only to `Authorization: Bearer <token>`, from anywhere.
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, token: string | undefined) {
  app.addHook('onResponse', async (req, reply) => {
    // Unknown paths share one label: the route template keeps the number of series bounded.
    metrics.observeHttp(req.method, req.is404 || !req.routeOptions.url ? 'unmatched' : req.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (!mayScrape(req, token)) throw new AppError('forbidden', token ? 'metrics need Authorization: Bearer METRICS_TOKEN' : 'metrics are open to this machine only; set METRICS_TOKEN to scrape from elsewhere');
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  });
}

function mayScrape(req: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const given = Buffer.from(String(req.headers.authorization ?? ''));
    const wanted = Buffer.from(`Bearer ${token}`);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }
  // req.ip would believe X-Forwarded-For (trustProxy); the socket's own peer is what counts, and a
  // request a local reverse proxy forwarded from the internet is not a local one.
  const peer = req.raw.socket.remoteAddress ?? '';
  const loopback = peer === '::1' || /^(::ffff:)?127\./.test(peer);
  return loopback && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}
