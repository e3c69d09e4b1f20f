// Entry point the workbench calls inside the real extension host (extensionTestsPath): runs every
// out/test/extension/*.suite.js with mocha and rejects when a test fails, so the harness exits non-zero.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const grep = process.env.LFV_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false, ...(grep ? { grep } : {}) });
  for (const file of readdirSync(__dirname).sort()) {
    if (file.endsWith('.suite.js')) mocha.addFile(join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve(),
    );
  });
}
