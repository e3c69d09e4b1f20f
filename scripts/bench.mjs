// Runs every benchmark compiled to out/bench (files named *.bench.js) one after another, printing figures.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...collect(path));
    else if (name.endsWith('.bench.js')) found.push(path);
  }
  return found;
}

const only = process.argv.slice(2);
let failed = false;
for (const file of collect('out/bench').filter((f) => only.length === 0 || only.some((o) => f.includes(o)))) {
  console.log(`\n== ${file}`);
  const result = spawnSync(process.execPath, ['--expose-gc', file], { stdio: 'inherit' });
  failed ||= result.status !== 0;
}
process.exit(failed ? 1 : 0);
