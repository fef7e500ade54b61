import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { makeDeps } from '../../src/db/deps.js';
import { seedDemo } from '../../src/demo/seed.js';
import { buildApp } from '../../src/server/app.js';
import { resetDb, testDb } from '../../test/support/db.js';
import { png } from './png.js';

// A running CivicDesk with the demo city for the browser tests: the real server in this process
// on a free port of 127.0.0.1, on the test database, and Debian's Chromium driven by playwright-core.

export interface Portal {
  url: string;
  handle: DatabaseHandle;
  app: FastifyInstance;
  /** A tile server on 127.0.0.1 that serves one plain tile, or a closed port when tiles must fail. */
  tiles: Server | null;
  close(): Promise<void>;
}

export async function startPortal(opts: { tiles: 'local' | 'failing' } = { tiles: 'local' }): Promise<Portal> {
  const handle = await testDb();
  await resetDb(handle);
  await seedDemo(handle, { perYear: 300 });
  let tiles: Server | null = null;
  let tileUrl = 'http://127.0.0.1:9/{z}/{x}/{y}.png'; // discard port: nothing listens, tiles fail at once
  if (opts.tiles === 'local') {
    const tile = png(256, 256, (x, y) => (x % 64 === 0 || y % 64 === 0 ? [205, 214, 224] : [232, 236, 240]));
    tiles = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(tile));
    await new Promise<void>((r) => tiles!.listen(0, '127.0.0.1', r));
    const port = (tiles.address() as { port: number }).port;
    tileUrl = `http://127.0.0.1:${port}/{z}/{x}/{y}.png`;
  }
  const config = loadConfig({ CIVICDESK_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', TILE_URL: tileUrl });
  const app = await buildApp({ config, handle, deps: makeDeps(handle), ready: () => true });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: address,
    handle,
    app,
    tiles,
    close: async () => {
      await app.close();
      if (tiles) await new Promise((r) => tiles!.close(r));
    },
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Debian's Chromium in a fresh profile (never a downloaded browser). */
export async function openBrowser(opts: { width?: number; height?: number; locale?: string; geolocation?: { latitude: number; longitude: number } } = {}): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'civicdesk-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    locale: opts.locale ?? 'en-US',
    ...(opts.geolocation ? { geolocation: opts.geolocation, permissions: ['geolocation'] } : {}),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
