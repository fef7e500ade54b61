import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, ROOT, runCli, startServer, stop, tempDataDir } from '../support/cli.js';

const embedded = cliEnv({ DATABASE_URL: undefined, HOST: '127.0.0.1' });

function fixture(dir: string): Promise<{ publicId: string; mediaId: number; sha256: string; events: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/cli/backup-fixture.ts', dir], { cwd: ROOT, env: embedded });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!)) : reject(new Error(`fixture failed (${code}):\n${out}`))));
  });
}

// The embedded paths run once, in the embedded run of the suite; the server run checks pg_dump.
if (!process.env.DATABASE_URL) describe('civicdesk backup and restore refuse what would lose data', () => {
  it('refuses a directory a running server holds (naming it), overwriting a file or a non-empty directory, and junk', async () => {
    // A directory that looks like an embedded database (its files are not opened by these refusals).
    const from = tempDataDir();
    writeFileSync(join(from, 'PG_VERSION'), '17\n');
    const work = tempDataDir();
    const file = join(work, 'city.tar.gz');
    const none = await runCli(['backup', file, '--data-dir', work], embedded);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('there is no embedded database in');

    // Refused while a running CivicDesk holds the directory (this test process stands in for the server).
    writeFileSync(join(from, 'civicdesk.lock'), JSON.stringify({ pid: process.pid, command: 'server', url: 'http://localhost:3311' }));
    const held = await runCli(['backup', file, '--data-dir', from], embedded);
    expect(held.code).toBe(1);
    expect(held.stderr).toMatch(/in use by a running CivicDesk server \(pid \d+ at http:\/\/localhost:3311\)/);
    expect(existsSync(file)).toBe(false);
    writeFileSync(join(from, 'civicdesk.lock'), JSON.stringify({ pid: 2 ** 22 + 1, command: 'server' })); // a stale lock: its process is gone

    const made = await runCli(['backup', file, '--data-dir', from], embedded);
    expect(made.code, made.stderr).toBe(0);
    expect((await runCli(['backup', file, '--data-dir', from], embedded)).stderr).toContain('--force');

    // Restore: never over data without --force, never from something that is not a backup.
    const occupied = tempDataDir();
    writeFileSync(join(occupied, 'keep.txt'), 'mine');
    const over = await runCli(['restore', file, '--data-dir', occupied], embedded);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('not empty');
    expect(readFileSync(join(occupied, 'keep.txt'), 'utf8')).toBe('mine');
    const junk = join(work, 'junk.tar.gz');
    writeFileSync(junk, 'not an archive at all');
    const bad = await runCli(['restore', junk, '--data-dir', join(work, 'never')], embedded);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a CivicDesk backup');
    const fresh = join(work, 'fresh');
    const ok = await runCli(['restore', file, '--data-dir', fresh], embedded);
    expect(ok.code, ok.stderr).toBe(0);
    expect(readFileSync(join(fresh, 'PG_VERSION'), 'utf8')).toBe('17\n');
    expect(existsSync(join(fresh, 'civicdesk.lock'))).toBe(false);
  });
});

if (process.env.DATABASE_URL) {
  describe('civicdesk backup on a PostgreSQL server', () => {
    it('runs pg_dump (custom format), and points restore to pg_restore', async () => {
      const file = join(tempDataDir(), 'server.dump');
      const env = cliEnv({ DATABASE_URL: process.env.DATABASE_URL });
      const r = await runCli(['backup', file], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
      const again = await runCli(['backup', file], env);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('--force');
      const restore = await runCli(['restore', file], env);
      expect(restore.code).toBe(1);
      expect(restore.stderr).toContain('pg_restore');
    });
  });
} else if (process.env.CI) {
  // A fresh embedded directory costs a PGlite start in the fixture and another in the server
  // (~40 s on a quiet machine, more on a busy one): registered in CI only.
  describe('civicdesk backup and restore of the embedded database', { timeout: 180_000 }, () => {
    it('round-trips a request with its events and its photo bytes, and refuses what would lose data', async () => {
      const from = tempDataDir();
      const wrote = await fixture(from);
      expect(wrote.events).toEqual(expect.arrayContaining(['created', 'media_added']));
      const work = tempDataDir();
      const file = join(work, 'city.tar.gz');

      const made = await runCli(['backup', file, '--data-dir', from], embedded);
      expect(made.stderr).toBe('');
      expect(made.code).toBe(0);
      expect(made.stdout).toMatch(/backed up .* \(\d+ files, [\d.]+ MiB/);
      expect(readFileSync(file).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip

      const to = join(work, 'restored');
      mkdirSync(to);
      const restored = await runCli(['restore', file, '--data-dir', to], embedded);
      expect(restored.stderr).toBe('');
      expect(restored.code).toBe(0);

      const server = await startServer(['--data-dir', to, '--port', '0'], embedded);
      try {
        expect((await fetch(`${server.url}/api/ready`)).status).toBe(200);
        const tracked = await fetch(`${server.url}/api/track/${wrote.publicId}`);
        expect(tracked.status).toBe(200);
        const body = (await tracked.json()) as { service: { code: string }; timeline: Array<{ type: string }>; photos: Array<{ id: number; url: string }> };
        expect(body.service.code).toBe('pothole');
        expect(body.timeline.map((e) => e.type)).toEqual(wrote.events);
        expect(body.photos.map((p) => p.id)).toEqual([wrote.mediaId]);
        const photo = await fetch(`${server.url}${body.photos[0]!.url}`);
        expect(photo.status).toBe(200);
        expect(createHash('sha256').update(Buffer.from(await photo.arrayBuffer())).digest('hex')).toBe(wrote.sha256);
      } finally {
        expect(await stop(server.child)).toBe(0);
      }
    });
  });
}
