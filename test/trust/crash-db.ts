// The crash test's hands on the database the server child uses (the embedded data directory is
// one process's at a time, so this runs as its own short process while the server is down):
//   node --import tsx test/trust/crash-db.ts seed     build the tiny city, print {"ok":true}
//   node --import tsx test/trust/crash-db.ts census   print every request with its events and outbox rows
// Uses DATABASE_URL when set, else the data directory in CIVICDESK_DATA_DIR.
import { connect } from '../../src/db/connect.js';
import { migrate } from '../../src/db/migrate.js';
import { rows, sql } from '../../src/db/sql.js';
import { buildTinyCity } from '../support/factories.js';
import { resetDb } from '../support/db.js';

const databaseUrl = process.env.DATABASE_URL || undefined;
const handle = await connect({ databaseUrl, dataDir: databaseUrl ? undefined : process.env.CIVICDESK_DATA_DIR });
await migrate(handle);
const command = process.argv[2];
if (command === 'seed') {
  await resetDb(handle);
  await buildTinyCity(handle);
  process.stdout.write(`${JSON.stringify({ ok: true })}\n`);
} else if (command === 'census') {
  const requests = await rows<{ id: number; public_id: string; description: string; events: number; outbox: number; keys: number }>(
    handle.db,
    sql`select r.id::int, r.public_id, r.description,
          (select count(*)::int from request_events e where e.request_id = r.id) as events,
          (select count(*)::int from outbox o where (o.payload->>'requestId')::bigint = r.id) as outbox,
          (select count(*)::int from request_idempotency_keys k where k.request_id = r.id) as keys
        from requests r order by r.id`,
  );
  process.stdout.write(`${JSON.stringify({ requests })}\n`);
} else {
  throw new Error(`unknown command ${command}`);
}
await handle.close();
