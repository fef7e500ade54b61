import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The tile server's origin for img-src: "{s}.tile.example.org" becomes "*.tile.example.org". */
export function tileOrigin(tileUrl: string): string | null {
  const m = /^(https?:\/\/)([^/?#]+)/i.exec(tileUrl);
  return m ? `${m[1]}${m[2]!.replace(/\{[^}]*\}/g, '*')}` : null;
}

export function contentSecurityPolicy(tileUrl: string, frameable: boolean): string {
  const tiles = tileOrigin(tileUrl);
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Leaflet and React set style attributes from script; /docs (Swagger UI) has inline styles.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${tiles ? ` ${tiles}` : ''}`,
    "connect-src 'self'",
    "font-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    // The report widget (/embed) is meant to sit in the city's own site; nothing else may be framed.
    `frame-ancestors ${frameable ? '*' : "'none'"}`,
  ].join('; ');
}

/**
 * Security headers on every answer (API, Open311, photos and the web app). A route that sets its
 * own Content-Security-Policy (photos: default-src 'none') keeps it. HSTS only over https: the
 * public URL is https, or the TLS proxy in front says so (x-forwarded-proto, trustProxy).
 */
export const securityHeaders = fp(async (app: FastifyInstance, opts: { tileUrl: string; publicUrl: string }) => {
  const framed = contentSecurityPolicy(opts.tileUrl, true);
  const unframed = contentSecurityPolicy(opts.tileUrl, false);
  const httpsByConfig = opts.publicUrl.startsWith('https:');
  app.addHook('onSend', async (req, reply, payload) => {
    const embed = /^\/embed(\/|\?|$)/.test(req.url);
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', embed ? framed : unframed);
    if (!embed) reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('permissions-policy', 'camera=(self), geolocation=(self), microphone=(), payment=(), usb=()');
    reply.header('cross-origin-opener-policy', 'same-origin');
    if (httpsByConfig || req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    return payload;
  });
});
