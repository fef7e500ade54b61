import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, ROOT, startServer, stop, tempDataDir } from '../support/cli.js';
import { usingServer } from '../support/db.js';

// Nothing acknowledged is lost: 32 clients submit requests (each with an Idempotency-Key) to a
// real `civicdesk serve` process, which is killed with SIGKILL in the middle of the load. After a
// restart every request whose POST was answered with an id is there with its events and its
// outbox rows, and the clients' retries of the POSTs that got no answer, with the same keys,
// make no second request. On the embedded database this is also PGlite recovering its data
// directory after kill -9. Slow on embedded (three PGlite starts), so there it runs in CI only.

const CLIENTS = 32;
const KILL_AFTER_ACKS = 120;

interface Census {
  requests: Array<{ id: number; public_id: string; description: string; events: number; outbox: number; keys: number }>;
}

function dbScript(command: 'seed' | 'census', env: NodeJS.ProcessEnv): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/trust/crash-db.ts', command], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`crash-db ${command} exited ${code}: ${err}`))));
  });
}

interface Sent {
  key: string;
  description: string;
  id?: number;
}

const report = (description: string) => ({ serviceCode: 'pothole', channel: 'web', description, location: { lat: 34.06, lng: -117.62 }, answers: { size: 'large' } });

async function submit(url: string, s: Sent): Promise<{ status: number; id?: number; replayed: boolean }> {
  const res = await fetch(`${url}/api/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': s.key },
    body: JSON.stringify(report(s.description)),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await res.json()) as { id?: number };
  return { status: res.status, id: body.id, replayed: res.headers.get('idempotent-replayed') === 'true' };
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function crashRun(kind: 'embedded' | 'server') {
  const started = Date.now();
  const dataDir = tempDataDir();
  dirs.push(dataDir);
  const env = cliEnv({
    ...(kind === 'server' ? { DATABASE_URL: process.env.DATABASE_URL } : { DATABASE_URL: undefined, CIVICDESK_DATA_DIR: dataDir }),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'error',
    // The outbox rows stay pending, as they would for a worker that is not running yet.
    DISPATCHER_IN_SERVE: 'false',
  });
  await dbScript('seed', env);

  let server = await startServer(['--port', '0'], env);
  const acked: Sent[] = [];
  const unanswered: Sent[] = [];
  let killed = false;
  let onKillPoint: () => void = () => undefined;
  const killPoint = new Promise<void>((r) => (onKillPoint = r));
  const client = async (c: number) => {
    for (let n = 0; !killed; n++) {
      const s: Sent = { key: randomUUID(), description: `client ${c} report ${n} ${randomUUID()}` };
      try {
        const r = await submit(server.url, s);
        expect(r.status).toBe(201);
        acked.push({ ...s, id: r.id });
        if (acked.length >= KILL_AFTER_ACKS) onKillPoint();
      } catch (err) {
        if (!killed) throw err;
        unanswered.push(s); // the connection died with the server: no answer, so the client retries
      }
    }
  };
  const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
  await Promise.race([killPoint, Promise.all(clients)]);
  killed = true;
  await stop(server.child, 'SIGKILL');
  await Promise.all(clients);
  const ackedAtKill = acked.length;

  // Restart on the same database (or data directory, with its stale lock) and retry.
  server = await startServer(['--port', '0'], env);
  let replayed = 0;
  const retried = await Promise.all(
    unanswered.map(async (s) => {
      const r = await submit(server.url, s);
      expect(r.status).toBe(201);
      if (r.replayed) replayed++;
      return { ...s, id: r.id };
    }),
  );
  // A retry of an answered POST (its answer lost on the way, say) names the same request.
  for (const s of acked.slice(0, 10)) {
    const r = await submit(server.url, s);
    expect([r.status, r.id, r.replayed]).toEqual([201, s.id, true]);
  }
  await stop(server.child, 'SIGTERM');

  const census = (await dbScript('census', env)) as Census;
  const byId = new Map(census.requests.map((r) => [r.id, r]));
  for (const s of acked) {
    const r = byId.get(s.id!);
    expect(r, `acknowledged request ${s.id}`).toBeDefined();
    expect(r!.description).toBe(s.description);
    expect(r!.events).toBe(1); // its 'created' event
    expect(r!.outbox).toBe(r!.events); // and the outbox row that will notify about it
    expect(r!.keys).toBe(1);
  }
  for (const s of retried) expect(byId.get(s.id!)?.description).toBe(s.description);
  // No request twice: one per key, every description once.
  expect(census.requests).toHaveLength(acked.length + retried.length);
  expect(new Set(census.requests.map((r) => r.description)).size).toBe(census.requests.length);
  expect(census.requests.every((r) => r.events === 1 && r.outbox === 1 && r.keys === 1)).toBe(true);
  expect(ackedAtKill).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

  console.info(
    `kill -9 (${kind}): ${CLIENTS} clients, ${ackedAtKill} POSTs answered with an id before the kill, all ${ackedAtKill} found after the restart with their event and outbox row; ` +
      `${unanswered.length} unanswered POSTs retried with their keys: ${replayed} had committed before the kill (replayed), ${unanswered.length - replayed} made now; ` +
      `${census.requests.length} requests in all, none twice (${((Date.now() - started) / 1000).toFixed(0)} s)`,
  );
}

if (usingServer()) {
  describe('kill -9 during a 32-client intake load (PostgreSQL server)', () => {
    it('keeps every acknowledged request with its events and outbox rows; retries with the same key make no duplicates', () => crashRun('server'), 120_000);
  });
} else if (process.env.CI) {
  describe('kill -9 during a 32-client intake load (embedded PGlite data directory)', () => {
    it('recovers the data directory and keeps every acknowledged request with its events and outbox rows; retries make no duplicates', () => crashRun('embedded'), 180_000);
  });
}
