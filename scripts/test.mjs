// Runs every unit/integration test file compiled to out/test with node's test runner.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...collect(path));
    else if (name.endsWith('.test.js')) found.push(path);
  }
  return found;
}

const only = process.argv.slice(2);
const files = collect('out/test').filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
// A TAP copy of the results gives the counts for the closing line.
const tap = '.test-output/node-tests.tap';
mkdirSync('.test-output', { recursive: true });
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { stdio: 'inherit' },
);
const tapText = readFileSync(tap, 'utf8');
const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tapText)?.[1] ?? 0);
const totals = { passed: count('pass'), failed: count('fail') + count('cancelled') };

// Without a filter, `npm test` also runs the extension-host and UI suites in the real workbench.
let workbenchStatus = 0;
if (only.length === 0) {
  const summary = '.test-output/workbench/summary.json';
  rmSync(summary, { force: true });
  workbenchStatus =
    spawnSync(process.execPath, ['scripts/workbench-test.mjs'], { stdio: 'inherit' }).status ?? 1;
  const workbench = existsSync(summary)
    ? JSON.parse(readFileSync(summary, 'utf8'))
    : { passed: 0, failed: 1 };
  totals.passed += workbench.passed;
  totals.failed += workbench.failed;
}
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit((result.status ?? 1) || workbenchStatus);
