// Writes a small city and one request with a photo into an embedded data directory, then prints
// what the backup round-trip test must find again. Run as a child: node --import tsx test/cli/backup-fixture.ts DIR
import { createHash } from 'node:crypto';
import { attachMedia } from '../../src/app/attach-media.js';
import { connect } from '../../src/db/connect.js';
import { migrate } from '../../src/db/migrate.js';
import { testPhoto } from '../../e2e/support/png.js';
import { buildRequest, buildTinyCity, RESIDENT } from '../support/factories.js';

const handle = await connect({ dataDir: process.argv[2] });
await migrate(handle);
const city = await buildTinyCity(handle);
const request = await buildRequest(city.deps, { description: 'backup round trip: the hole by the library', reporter: { name: 'Rosa Backup', email: 'rosa@example.org' } });
const { media } = await attachMedia(city.deps, RESIDENT, { requestId: request.id, visibility: 'public', photo: { bytes: testPhoto(), contentType: 'image/png', filename: 'hole.png' } });
const bytes = await city.deps.repos.media.blob(media.id, 'original');
const events = await city.deps.repos.events.forRequest(request.id, { publicOnly: true });
await handle.close();
process.stdout.write(`${JSON.stringify({ publicId: request.publicId, mediaId: media.id, sha256: createHash('sha256').update(bytes!).digest('hex'), events: events.map((e) => e.type) })}\n`);
