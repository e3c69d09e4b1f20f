#!/usr/bin/env bash
# The ML benchmarks crop real photos (CC0 textures) from Debian's python3-skimage data folder; install it if missing.
set -euo pipefail
if [ ! -f /usr/lib/python3/dist-packages/skimage/data/brick.png ]; then
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends python3-skimage
fi
