import type { FastifyInstance } from 'fastify';

// The JSON body parser, stricter than Fastify's default: bytes that are not UTF-8 and text with
// lone surrogates are refused (never turned into U+FFFD and stored), a charset other than UTF-8
// is refused, and __proto__ / constructor.prototype keys are refused as the default does.

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** A 400 'bad_request', as Fastify's own parser answers a body that is not JSON. */
class BadBody extends Error {
  readonly statusCode = 400;
}
const refuse = (message: string) => new BadBody(message);

export function strictJsonParser(app: FastifyInstance) {
  // No route takes plain text: without this, Fastify's built-in text/plain parser lets a route that
  // has no body schema (a revoke, a sign-out) act on a body it never reads. Now such a body is a 415.
  app.removeContentTypeParser('text/plain');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(String(req.headers['content-type'] ?? ''))?.[1]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      return done(Object.assign(new Error(`send JSON as UTF-8, not ${charset}`), { statusCode: 415 }), undefined);
    }
    const bytes = body as Buffer;
    if (bytes.length === 0) return done(refuse('the JSON body is empty'), undefined);
    let text: string;
    try {
      text = UTF8.decode(bytes);
    } catch {
      return done(refuse('the body is not UTF-8 text'), undefined);
    }
    try {
      const value: unknown = JSON.parse(text, (key, v: unknown) => {
        if (key === '__proto__' || (key === 'constructor' && v && typeof v === 'object' && 'prototype' in v)) throw refuse('the body has a forbidden property name');
        if (typeof v === 'string' && LONE_SURROGATE.test(v)) throw refuse('the body has text that is not valid Unicode (a lone surrogate)');
        return v;
      });
      done(null, value);
    } catch (err) {
      // A RangeError here is nesting too deep to walk: bad input, not a fault of ours.
      done(err instanceof BadBody ? err : refuse(`the body is not valid JSON: ${(err as Error).message.slice(0, 200)}`), undefined);
    }
  });
}
