import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_PHOTO_BYTES, type PhotoUpload } from '../app/attach-media.js';
import { open311Feed } from '../db/repositories/open311-feed.js';
import type { AppContext } from '../server/context.js';
import type { Open311Context } from './context.js';
import { discovery } from './discovery.js';
import { open311Error, toOpen311Error } from './errors.js';
import { checkJurisdiction } from './jurisdiction.js';
import { checkControls, fromFields, parseUrlEncoded, Params } from './params.js';
import { requestGet } from './request-get.js';
import { requestsGet } from './requests-get.js';
import { requestsPost } from './requests-post.js';
import { serviceDefinition } from './service-definition.js';
import { services } from './services.js';
import { updatesGet, updatesPost } from './servicerequestupdates.js';
import { token } from './tokens.js';
import { toXml, type Value } from './xml.js';

// Open311 GeoReport v2 under /open311/v2/: every answer, errors included, in the format the URL
// asks for (.xml or .json), XML by default. Parameters are read by our own strict decoder (query
// and form body alike), so an empty parameter is an absent one and non-UTF-8 bytes are refused.

type Format = 'xml' | 'json';

export interface Open311Limits {
  /** Reads per minute per api_key (or per address without one). */
  readsPerMinute: number;
  /** POSTs per minute per api_key. */
  writesPerMinute: number;
}

export const DEFAULT_LIMITS: Open311Limits = { readsPerMinute: 600, writesPerMinute: 60 };
/** A 5 MB description must reach validation and get its own clear error, not a bare 413. */
const FORM_LIMIT = 8 * 1024 * 1024;

function splitFile(file: string): { name: string; format: Format | undefined } {
  const dot = file.lastIndexOf('.');
  const ext = dot < 0 ? '' : file.slice(dot + 1).toLowerCase();
  return { name: dot < 0 ? file : file.slice(0, dot), format: ext === 'json' || ext === 'xml' ? ext : undefined };
}

const formatOf = (url: string): Format => (/\.json$/i.test(url.split('?')[0]!) ? 'json' : 'xml');

function send(reply: FastifyReply, format: Format, root: string, value: Value, status = 200) {
  if (format === 'json') return reply.status(status).type('application/json; charset=utf-8').send(JSON.stringify(value));
  return reply.status(status).type('text/xml; charset=utf-8').send(toXml(root, value));
}

/** An error in Open311's format (for the URLs the router refuses before the plugin sees them). */
export function sendOpen311Error(req: FastifyRequest, reply: FastifyReply, err: unknown) {
  const { error } = toOpen311Error(err);
  const status = error.status === 404 || error.status === 403 ? error.status : 400;
  return send(reply, formatOf(req.url), 'errors', error.errors.map((e) => ({ code: status, description: e.description })), status);
}

function queryParams(req: FastifyRequest): Params {
  const q = req.url.indexOf('?');
  return q < 0 ? Params.empty() : parseUrlEncoded(req.url.slice(q + 1));
}

/** A multipart body, read by our own hook (so it works whether or not another plugin registered @fastify/multipart). */
class MultipartBody {
  constructor(
    readonly fields: Array<[string, string]>,
    readonly file: PhotoUpload | undefined,
  ) {}
}

/** The form body (url-encoded or multipart), and the uploaded photo if any. */
function bodyParams(req: FastifyRequest): { params: Params; file: PhotoUpload | undefined } {
  const body = req.body as unknown;
  if (body === undefined || body === null) return { params: Params.empty(), file: undefined };
  if (body instanceof Params) return { params: body, file: undefined };
  if (body instanceof MultipartBody) return { params: fromFields(body.fields), file: body.file };
  throw open311Error(400, 'send the parameters as application/x-www-form-urlencoded (or multipart/form-data with a media file)');
}

export async function open311Plugin(app: FastifyInstance, opts: { ctx: AppContext; limits?: Partial<Open311Limits> }) {
  const { ctx } = opts;
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const o: Open311Context = {
    deps: ctx.deps,
    feed: open311Feed(ctx.handle.db),
    get publicUrl() {
      return ctx.config.publicUrl;
    },
    jurisdictionId: async () => ctx.config.jurisdictionId ?? (await ctx.deps.repos.settings.get<{ jurisdictionId?: string }>('city'))?.jurisdictionId ?? undefined,
  };

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: FORM_LIMIT }, (_req, body, done) => {
    try {
      done(null, parseUrlEncoded(body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  if (!app.hasRequestDecorator('isMultipart')) await app.register(multipart);
  app.addHook('preValidation', async (req) => {
    if (!req.isMultipart() || req.body !== undefined) return;
    const fields: Array<[string, string]> = [];
    let file: PhotoUpload | undefined;
    let stray: string | undefined;
    for await (const part of req.parts({ limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fieldSize: FORM_LIMIT, fields: 200, parts: 201 } })) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer(); // read it all, even a stray one, so the stream ends cleanly
        if (part.fieldname === 'media') file = { bytes, contentType: part.mimetype, filename: part.filename };
        else stray = part.fieldname;
      } else {
        fields.push([part.fieldname, String(part.value ?? '')]);
      }
    }
    if (stray !== undefined) throw open311Error(400, `${stray.slice(0, 100)}: only one file, named media, is accepted`);
    req.body = new MultipartBody(fields, file);
  });

  // Requests whose handler started: an untyped error before that came from reading the body
  // (a broken multipart stream, say), which is the caller's doing, not ours.
  const handling = new WeakSet<FastifyRequest>();
  app.addHook('preHandler', async (req) => {
    handling.add(req);
  });

  app.setErrorHandler((err, req, reply) => {
    const mapped = toOpen311Error(err);
    const { error, internal } =
      mapped.internal && !handling.has(req) ? { error: open311Error(400, `the request body could not be read: ${(err as Error).message}`), internal: false } : mapped;
    if (internal) req.log.error({ err }, 'unhandled error in Open311');
    else req.log.info({ status: error.status, msg: error.message }, 'Open311 request refused');
    // Open311 speaks 400, 403 and 404 (and 429 when a key goes too fast, 409 when an
    // Idempotency-Key is reused for a different request).
    const status = [400, 403, 404, 409, 429, 500].includes(error.status) ? error.status : 400;
    return send(reply, formatOf(req.url), 'errors', error.errors.map((e) => ({ code: status, description: e.description })), status);
  });
  app.setNotFoundHandler((req, reply) => send(reply, formatOf(req.url), 'errors', [{ code: 404, description: `no Open311 resource at ${req.url.split('?')[0]}` }], 404));

  const keyOf = (req: FastifyRequest) => {
    try {
      const body = req.body instanceof Params ? req.body : undefined;
      const multi = req.body instanceof MultipartBody ? fromFields(req.body.fields) : undefined;
      const key = queryParams(req).get('api_key') ?? body?.get('api_key') ?? multi?.get('api_key');
      return key ? `key:${key}` : `ip:${req.ip}`;
    } catch {
      return `ip:${req.ip}`;
    }
  };
  const read = (summary: string) => ({
    schema: { tags: ['open311'], summary, description: 'Open311 GeoReport v2: see docs/open311.md. Answers in XML or JSON by the extension.' },
    config: { rateLimit: { max: limits.readsPerMinute, timeWindow: '1 minute', hook: 'preHandler' as const, keyGenerator: keyOf } },
  });
  const write = (summary: string) => ({
    schema: { tags: ['open311'], summary, description: 'Form-encoded (or multipart with a media file), with an api_key: see docs/open311.md.' },
    config: { rateLimit: { max: limits.writesPerMinute, timeWindow: '1 minute', hook: 'preHandler' as const, keyGenerator: keyOf } },
  });

  const format = (file: string) => {
    const f = splitFile(checkControls(file));
    if (!f.format) throw open311Error(404, `ask for ${f.name}.xml or ${f.name}.json`);
    return f as { name: string; format: Format };
  };

  app.get<{ Params: { file: string } }>('/v2/:file', read('discovery, services, requests or servicerequestupdates .{xml,json}'), async (req, reply) => {
    const { name, format: fmt } = format(req.params.file);
    const params = queryParams(req);
    const now = ctx.deps.clock.now();
    switch (name) {
      case 'discovery':
        return send(reply, fmt, 'discovery', await discovery(o));
      case 'services':
        await checkJurisdiction(o, params);
        return send(reply, fmt, 'services', await services(o));
      case 'requests':
        await checkJurisdiction(o, params);
        return send(reply, fmt, 'service_requests', await requestsGet(o, params, now));
      case 'servicerequestupdates':
        return send(reply, fmt, 'service_request_updates', await updatesGet(o, params, now));
      default:
        throw open311Error(404, `no Open311 resource named ${name}`);
    }
  });

  app.post<{ Params: { file: string } }>('/v2/:file', write('requests or servicerequestupdates .{xml,json}'), async (req, reply) => {
    const { name, format: fmt } = format(req.params.file);
    const { params: body, file } = bodyParams(req);
    const params = queryParams(req).merge(body);
    switch (name) {
      case 'requests':
        return send(reply, fmt, 'service_requests', await requestsPost(o, params, file, req.headers['idempotency-key']));
      case 'servicerequestupdates':
        if (file) throw open311Error(400, 'media: send a media_url with an update');
        return send(reply, fmt, 'service_request_updates', await updatesPost(o, params));
      default:
        throw open311Error(404, `no Open311 resource named ${name} to POST to`);
    }
  });

  app.get<{ Params: { file: string } }>('/v2/services/:file', read('a service definition: services/{service_code}.{xml,json}'), async (req, reply) => {
    const { name, format: fmt } = format(req.params.file);
    const params = queryParams(req);
    await checkJurisdiction(o, params);
    return send(reply, fmt, 'service_definition', await serviceDefinition(o, name));
  });

  app.get<{ Params: { file: string } }>('/v2/requests/:file', read('one request: requests/{service_request_id}.{xml,json}'), async (req, reply) => {
    const { name, format: fmt } = format(req.params.file);
    const params = queryParams(req);
    await checkJurisdiction(o, params);
    return send(reply, fmt, 'service_requests', await requestGet(o, name, params));
  });

  app.get<{ Params: { file: string } }>('/v2/tokens/:file', read('a token: tokens/{token}.{xml,json}'), async (req, reply) => {
    const { name, format: fmt } = format(req.params.file);
    const params = queryParams(req);
    await checkJurisdiction(o, params);
    return send(reply, fmt, 'service_requests', await token(o, name));
  });
}
