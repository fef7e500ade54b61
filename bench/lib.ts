import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Load generation and process helpers for the benchmarks. Figures are latencies measured by the
// client, so they include the HTTP stack; every figure is paired with a baseline of the same run.

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/** Runs `fn` from `concurrency` loops for `durationMs`; latencies in ms. */
export async function load(fn: (i: number) => Promise<void>, opts: { concurrency: number; durationMs: number; warmupMs?: number }): Promise<LoadResult> {
  const warmEnd = performance.now() + (opts.warmupMs ?? 1000);
  while (performance.now() < warmEnd) await fn(-1).catch(() => undefined);
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const start = performance.now();
  const end = start + opts.durationMs;
  await Promise.all(
    Array.from({ length: opts.concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          await fn(n++);
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { requests: latencies.length, errors, seconds, perSecond: latencies.length / seconds, p50: q(0.5), p99: q(0.99) };
}

/** Starts `civicdesk serve` and resolves once it says where it serves (and how long since spawn). */
export function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; spawnedAt: number }> {
  const spawnedAt = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}bin/civicdesk.js`, 'serve', '--port', '0', ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...env },
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d;
      const m = /serving at (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1]!.replace('0.0.0.0', '127.0.0.1'), spawnedAt });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function waitForAnswer(url: string, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms`);
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '-');
