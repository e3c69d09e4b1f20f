#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine that has Node 20 and npm, then runs every test:
# lint, the engine/manifest/ML suites (node:test), the extension inside a real VS Code workbench, and the packaged
# linux-x64 VSIX installed into that workbench.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian's AWS CLI v2 still ships the lookoutvision model: the compatibility tests drive it against the engine. curl
# signs with its own SigV4 code (--aws-sigv4): a client that shares nothing with the SDK the engine verifies with.
missing=()
[ -x /usr/bin/aws ] || missing+=(awscli)
command -v curl > /dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

bash scripts/install.sh
node scripts/setup-workbench.mjs
npm run lint
# The linux-x64 VSIX as users get it: a node test lists its files, then the installed copy runs in the workbench.
node scripts/package.mjs
npm test
LFV_TEST_OUTPUT=.test-output-installed node scripts/workbench-test.mjs --installed
