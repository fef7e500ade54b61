// A `civicdesk worker` without the rest of the command line: the fault tests spawn it as a
// child process (node --import tsx test/notify/worker-process.ts) and kill it.
import { loadConfig } from '../../src/config.js';
import { runWorker } from '../../src/jobs/worker.js';

await runWorker(loadConfig(process.env));
