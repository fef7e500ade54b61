import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, startServer, stop, tempDataDir } from '../support/cli.js';

// Creating an embedded database (PostGIS included) costs seconds: the tests share one directory.
let dir: string;

describe('the civicdesk command line', { timeout: 240_000 }, () => {
  beforeAll(async () => {
    dir = tempDataDir();
    const migrate = await runCli(['migrate', '--data-dir', dir]);
    expect(migrate.stderr).toBe('');
    expect(migrate.code).toBe(0);
    expect(existsSync(join(dir, 'civicdesk.lock'))).toBe(false); // released on exit
  }, 240_000);

  it('prints usage, and refuses an unknown command with a one-line reason and a non-zero exit', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('user add --email E --role R');
    const bad = await runCli(['frobnicate']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('civicdesk: unknown command: frobnicate');
    const badPort = await runCli(['serve', '--port', 'eighty']);
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr).toContain('--port must be a port number');
  });

  it('adds staff users to a migrated data directory, refusing bad input clearly', async () => {
    const added = await runCli(['user', 'add', '--email', 'Chief@City.example', '--role', 'admin', '--data-dir', dir]);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/user chief@city\.example saved \(id \d+\)/);
    expect(added.stdout).toMatch(/password: \S{20}/);

    const badRole = await runCli(['user', 'add', '--email', 'x@city.example', '--role', 'wizard', '--data-dir', dir]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr.trim().split('\n')).toHaveLength(1);
    expect(badRole.stderr).toContain('role: must be one of admin, supervisor');

    const noDept = await runCli(['user', 'add', '--email', 'y@city.example', '--role', 'department_staff', '--department', 'nope', '--data-dir', dir]);
    expect(noDept.code).toBe(1);
    expect(noDept.stderr).toContain('no department with code nope');
  });

  it('refuses to open a data directory that a running server holds, naming the server', async () => {
    const server = await startServer(['--data-dir', dir, '--port', '0'], cliEnv({ DATABASE_URL: undefined, HOST: '127.0.0.1' }));
    try {
      const health = await fetch(`${server.url}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const second = await runCli(['user', 'add', '--email', 'z@city.example', '--role', 'admin', '--data-dir', dir]);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/in use by a running CivicDesk server \(pid \d+ at http:\/\/localhost:\d+\)/);
    } finally {
      expect(await stop(server.child)).toBe(0); // graceful shutdown
    }
    // Once the server is gone the directory is free again.
    const after = await runCli(['migrate', '--data-dir', dir]);
    expect(after.code).toBe(0);
  });

  it('honours DATABASE_URL the same way (the server when the suite runs on one)', async () => {
    const url = process.env.DATABASE_URL;
    const r = await runCli(['migrate', '--data-dir', dir], cliEnv({ DATABASE_URL: url }));
    expect(r.code).toBe(0);
    const broken = await runCli(['migrate'], cliEnv({ DATABASE_URL: 'mysql://nope' }));
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('DATABASE_URL: must be a postgres:// URL');
  });
});
