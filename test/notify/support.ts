import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { loadConfig, type Config } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { one, sql } from '../../src/db/sql.js';
import { createDispatcher, type DispatcherContext } from '../../src/jobs/dispatcher.js';

// Real parts for the notification tests: an SMTP server on 127.0.0.1 whose messages are read
// with mailparser, HTTP receivers on 127.0.0.1, and a dispatcher with fast retries.

export interface ReceivedMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: ParsedMail['headers'];
  attachments: ParsedMail['attachments'];
}

export interface TestSmtp {
  url: string;
  port: number;
  mails: ReceivedMail[];
  /** Stops accepting connections (the mail server is down). */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
  to(address: string): ReceivedMail[];
}

export async function startSmtp(opts: { delayMs?: number } = {}): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 100,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then(async (m) => {
            if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
            const to = Array.isArray(m.to) ? m.to.map((a) => a.text).join(', ') : (m.to?.text ?? '');
            mails.push({ messageId: m.messageId ?? '', to, subject: m.subject ?? '', text: m.text ?? '', html: typeof m.html === 'string' ? m.html : '', headers: m.headers, attachments: m.attachments });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
  const makeQuiet = () => {
    const s = make();
    s.on('error', () => undefined); // a client killed mid-message resets its connection: expected here
    return s;
  };
  let server = makeQuiet();
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = server.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        resolve();
      });
      s.once('error', reject);
    });
  await listen();
  let up = true;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (!up) return resolve();
      up = false;
      server.close(() => resolve());
    });
  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    mails,
    stop,
    async start() {
      if (up) return;
      server = makeQuiet();
      await listen();
      up = true;
    },
    close: stop,
    to: (address) => mails.filter((m) => m.to.toLowerCase().includes(address.toLowerCase())),
  };
}

export interface ReceivedCall {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
}

/** A node:http receiver; `respond` decides each answer's status. */
export async function startReceiver(respond: (call: { headers: IncomingHttpHeaders; body: string }, n: number) => number = () => 200) {
  const calls: ReceivedCall[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = respond({ headers: req.headers, body }, calls.length + 1);
      calls.push({ headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'try again');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The receiver's own check of a Standard Webhooks signature (not CivicDesk's code). */
export function verifyStandardWebhook(secret: string, headers: IncomingHttpHeaders, body: string, toleranceS = 300): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const ts = String(headers['webhook-timestamp'] ?? '');
  const sigs = String(headers['webhook-signature'] ?? '').split(' ');
  if (!id || !/^\d+$/.test(ts) || Math.abs(Date.now() / 1000 - Number(ts)) > toleranceS) return false;
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest();
  return sigs.some((s) => {
    const [version, b64] = s.split(',');
    if (version !== 'v1' || !b64) return false;
    const got = Buffer.from(b64, 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    CIVICDESK_DATA_DIR: mkdtempSync(join(tmpdir(), 'civicdesk-notify-')),
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'https://311.city.example',
    DELIVERY_BACKOFF_SECONDS: '0.05',
    DELIVERY_BACKOFF_MAX_SECONDS: '0.5',
    DELIVERY_MAX_ATTEMPTS: '5',
    ...env,
  });
}

export function testDispatcher(handle: DatabaseHandle, config: Config, extra: Partial<DispatcherContext> = {}) {
  return createDispatcher({ handle, config, pollMs: 50, ...extra });
}

export async function pendingCount(handle: DatabaseHandle) {
  const r = await one<{ o: number; d: number }>(
    handle.db,
    sql`select (select count(*)::int from outbox where status = 'pending') as o, (select count(*)::int from deliveries where status = 'pending') as d`,
  );
  return r!.o + r!.d;
}

/** Runs passes until nothing is pending (retries included), or fails after timeoutMs. */
export async function drain(handle: DatabaseHandle, d: { runOnce(): Promise<number> }, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while ((await pendingCount(handle)) > 0) {
    if (Date.now() > until) throw new Error(`still ${await pendingCount(handle)} pending after ${timeoutMs} ms`);
    if ((await d.runOnce()) === 0) await new Promise((r) => setTimeout(r, 25));
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
