// CI fails when a test was skipped: a test skipped for a missing dependency is a failure.
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const r = JSON.parse(readFileSync(file, 'utf8'));
const skipped = [];
for (const f of r.testResults ?? []) {
  for (const t of f.assertionResults ?? []) if (t.status !== 'passed' && t.status !== 'failed') skipped.push(`${f.name}: ${t.fullName} (${t.status})`);
}
console.log(`${file}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped.length} skipped`);
if (skipped.length) {
  console.error(`skipped tests are failures in CI:\n  ${skipped.join('\n  ')}`);
  process.exit(1);
}
if (!r.success || r.numTotalTests === 0) process.exit(1);
