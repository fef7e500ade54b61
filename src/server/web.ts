import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The web app (web/dist, built by `npm run build`) served beside the API. Paths the app owns
// (/report, /track/26-000123 ...) fall back to index.html; the API's own paths never do.

/** src/server/ and dist/server/ are both two levels below the package root. */
export const WEB_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

const NOT_THE_APP = /^\/(api|open311|docs|media)(\/|$|\?)/;

export async function registerWebApp(app: FastifyInstance, root = WEB_DIST): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root,
    // One route per built file (not a catch-all), so unknown /open311 paths reach Open311's own 404.
    wildcard: false,
    index: false,
    preCompressed: true,
    // Hashed assets never change; everything else (index.html, sw.js, the manifest) is revalidated.
    setHeaders: (res, path) => {
      res.header('cache-control', path.includes(join('dist', 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  // The static handler answers a directory with 403; the root is the app.
  app.get('/', { schema: { hide: true } }, (_req, reply) => sendWebApp(reply));
  return true;
}

/** True when a request that matched no route should get the web app's index.html. */
export function wantsWebApp(req: FastifyRequest): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !NOT_THE_APP.test(req.url) && !/\.[a-z0-9]{2,5}$/i.test(req.url.split('?')[0]!);
}

export function sendWebApp(reply: FastifyReply) {
  return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
}
