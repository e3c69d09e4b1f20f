#!/usr/bin/env bash
# Installs the project's npm dependencies exactly as locked (a fresh clone needs nothing but Node 20 and npm).
set -euo pipefail
cd "$(dirname "$0")/.."
# onnxruntime-node's postinstall would fetch CUDA files from another host; its CPU build ships in the package.
export ONNXRUNTIME_NODE_INSTALL=skip
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
