// Delivery throughput: N requests (each a liaison e-mail and a receipt) fanned out and sent to a
// local SMTP server, on the embedded database or the server named by DATABASE_URL.
//   node --import tsx bench/dispatcher.ts [requests]
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { connect } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { loadConfig } from '../src/config.js';
import { createDispatcher } from '../src/jobs/dispatcher.js';
import { resetDb } from '../test/support/db.js';
import { buildRequest, buildTinyCity } from '../test/support/factories.js';

const n = Number(process.argv[2] ?? 500);
let received = 0;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _s, cb) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received++;
      cb();
    });
  },
});
await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
const port = (smtp.server.address() as AddressInfo).port;

const handle = await connect({ databaseUrl: process.env.DATABASE_URL || undefined });
await migrate(handle);
await resetDb(handle);
const city = await buildTinyCity(handle);
const t0 = performance.now();
for (let i = 0; i < n; i++) await buildRequest(city.deps, { reporter: { email: `r${i}@example.org` } });
const t1 = performance.now();
const config = loadConfig({ CIVICDESK_DATA_DIR: '/tmp/civicdesk-bench', LOG_LEVEL: 'silent', SMTP_URL: `smtp://127.0.0.1:${port}` });
const d = createDispatcher({ handle, config, pollMs: 20 });
d.start();
while (received < 2 * n) await new Promise((r) => setTimeout(r, 20));
const t2 = performance.now();
await d.stop();
const db = handle.kind === 'embedded' ? 'embedded' : 'server';
console.log(`${db}: ${n} requests submitted in ${((t1 - t0) / 1000).toFixed(1)} s; ${2 * n} e-mails fanned out and delivered in ${((t2 - t1) / 1000).toFixed(1)} s (${((2 * n) / ((t2 - t1) / 1000)).toFixed(0)} e-mails/s)`);
await handle.close();
smtp.close();
