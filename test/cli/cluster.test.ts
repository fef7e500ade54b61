import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, startServer, stop, tempDataDir } from '../support/cli.js';

// `civicdesk serve --cluster N` (CIVICDESK_CLUSTER): N serving processes share one port, on a PostgreSQL
// server only.

describe('serve --cluster', { timeout: 240_000 }, () => {
  it('is refused on the embedded database, and --cluster must be a number of processes', async () => {
    const embedded = await runCli(['serve', '--cluster', '2', '--data-dir', tempDataDir(), '--port', '0']);
    expect(embedded.code).not.toBe(0);
    expect(embedded.stderr).toContain('DATABASE_URL');
    const bad = await runCli(['serve', '--cluster', 'two', '--data-dir', tempDataDir()]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--cluster must be a number of processes');
  });

  if (process.env.DATABASE_URL) {
    it('two processes answer on one port; SIGTERM stops them all and exits 0', async () => {
      const server = await startServer(['--cluster', '2', '--port', '0'], cliEnv({ DATABASE_URL: process.env.DATABASE_URL, HOST: '127.0.0.1' }));
      server.child.removeAllListeners('exit');
      // Both processes say they serve, at the same address.
      await expect.poll(() => server.output().split('CivicDesk is serving at').length - 1, { timeout: 120_000, interval: 200 }).toBe(2);
      const urls = [...server.output().matchAll(/serving at (http:\/\/\S+)/g)].map((m) => m[1]);
      expect(new Set(urls).size).toBe(1);
      for (let i = 0; i < 4; i++) expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      expect(await stop(server.child)).toBe(0);
      await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    });
  }
});
