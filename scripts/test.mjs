// Runs every unit/integration test file compiled to out/test with node's test runner.
import { readdirSync, statSync } from 'node:fs';
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
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
// Without a filter, `npm test` also runs the extension-host and UI suites in the real workbench.
const workbench =
  only.length === 0
    ? spawnSync(process.execPath, ['scripts/workbench-test.mjs'], { stdio: 'inherit' })
    : { status: 0 };
process.exit((result.status ?? 1) || (workbench.status ?? 1));
