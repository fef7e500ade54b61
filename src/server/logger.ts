import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config.js';

// Logs are JSON lines. They carry no personal data: residents' names, e-mails and phones, passwords,
// tokens, cookies and Authorization headers are censored wherever a log call puts them, and a request
// is logged by its route template (never the raw URL, whose path may hold a tracking or survey token
// and whose query string may hold anything).

const SECRET_KEYS = ['email', 'phone', 'name', 'password', 'token', 'secret', 'apiKey', 'api_key', 'csrfToken', 'cookie', 'authorization', 'reporter', 'first_name', 'last_name', 'recipient', 'to'];

export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

/** An incoming X-Request-Id is kept when it is a plain id; anything else is replaced by a new one. */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : globalThis.crypto.randomUUID();
}

type RouteRequest = IncomingMessage & { routeOptions?: { url?: string }; method?: string; ip?: string };

const serializers = {
  req: (req: RouteRequest) => ({
    method: req.method,
    // The route template (/api/surveys/:token), or for an unknown route its path without the query.
    route: req.routeOptions?.url ?? String(req.url ?? '').split('?')[0]!.slice(0, 200),
  }),
  res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
};

// A last net for what no key names: an e-mail address inside a message (an SMTP server's
// "550 <someone@example.org> rejected", a database error quoting a value) is masked on the way out.
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
export const maskEmails = (line: string) => line.replace(EMAIL_IN_TEXT, '[email]');

/** The one logger factory of `serve` and `worker` (and of tests that read the log stream). */
export function createLogger(config: Pick<Config, 'logLevel'>, service: string, destination?: DestinationStream): Logger {
  const options = { level: config.logLevel, base: { service }, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers, hooks: { streamWrite: maskEmails } };
  return destination ? pino(options, destination) : pino(options);
}
