import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, ROOT, startServer, tempDataDir } from '../support/cli.js';

// Graceful shutdown, on a real `civicdesk serve` / `civicdesk worker` child process. The slow
// request is a real one: a sign-out whose body the client is still sending when SIGTERM arrives.
// Each child start on a fresh embedded directory costs ~15-30 s here: the worker and the
// second-signal tests run on the embedded database in CI only.

let dir: string;
const env = () => cliEnv({ DATABASE_URL: process.env.DATABASE_URL || undefined, HOST: '127.0.0.1', LOG_LEVEL: 'info' });

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a POST whose body arrives in two parts; `finish()` sends the rest and resolves with the answer. */
function heldRequest(url: string) {
  const body = JSON.stringify({ reason: 'x'.repeat(64) });
  const half = Math.floor(body.length / 2);
  const req = request(`${url}/api/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
  const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
  });
  answer.catch(() => undefined); // awaited by the test; a forced exit makes it fail on purpose
  req.write(body.slice(0, half));
  return { finish: () => (req.end(body.slice(half)), answer), answer: () => answer };
}

/** Waits until the server has logged one more incoming request than `before` (the held one has reached it). */
async function reached(output: () => string, before: number) {
  await expect.poll(() => incoming(output()), { timeout: 30_000, interval: 50 }).toBeGreaterThan(before);
}
const incoming = (out: string) => out.split('incoming request').length - 1;

describe('graceful shutdown', { timeout: 240_000 }, () => {
  beforeAll(() => {
    dir = tempDataDir();
  });

  it('on SIGTERM stops accepting, finishes the request in flight, and exits 0', async () => {
    const server = await startServer(['--data-dir', dir, '--port', '0'], env());
    server.child.removeAllListeners('exit');
    expect((await fetch(`${server.url}/api/ready`)).status).toBe(200);
    const before = incoming(server.output());
    const held = heldRequest(server.url);
    await reached(server.output, before); // a signal before the server has the request would find nothing in flight
    server.child.kill('SIGTERM');
    await sleep(700);
    expect(server.child.exitCode).toBeNull(); // still waiting for the request in flight
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow(); // but no longer accepting
    const answer = await held.finish();
    expect(answer.status, answer.body).toBe(204);
    expect(await exited(server.child)).toBe(0);
    expect(server.output()).toContain('stopped cleanly');
  });

  if (!process.env.CI && !process.env.DATABASE_URL) return; // quick on a server: its children start in seconds

  it('runs `civicdesk worker` until SIGTERM, then exits 0 after its current work', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/civicdesk.js'), 'worker', '--data-dir', dir], { env: env(), cwd: ROOT });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    await expect.poll(() => out, { timeout: 120_000, interval: 200 }).toContain('delivering from');
    child.kill('SIGTERM');
    expect(await exited(child), out).toBe(0);
    expect(out).toContain('stopped cleanly');
  });

  it('exits at once, with 1, on a second signal', async () => {
    const server = await startServer(['--data-dir', dir, '--port', '0'], env());
    server.child.removeAllListeners('exit');
    const before = incoming(server.output());
    const held = heldRequest(server.url);
    await reached(server.output, before);
    server.child.kill('SIGTERM');
    await sleep(500);
    expect(server.child.exitCode).toBeNull();
    const started = performance.now();
    server.child.kill('SIGINT');
    expect(await exited(server.child)).toBe(1);
    expect(performance.now() - started).toBeLessThan(5000);
    await expect(held.answer()).rejects.toThrow();
    expect(server.output()).toContain('second signal');
  });
});
