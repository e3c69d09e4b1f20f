#!/usr/bin/env bash
# The ML benchmarks crop real photos and textures that Debian packages ship (bench/ml/surfaces.ts lists each file
# and its licence): scikit-image's and matplotlib's sample data, GIMP's patterns and Extreme Tux Racer's terrains.
# Installs the packages that are missing (about 90 MB to download, mostly python3-skimage and its dependencies).
set -euo pipefail
declare -A marker=(
  [python3-skimage]=/usr/lib/python3/dist-packages/skimage/data/brick.png
  [python-matplotlib-data]=/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg
  [gimp-data]=/usr/share/gimp/2.0/patterns/Fabric/burlap.pat
  [extremetuxracer-data]=/usr/share/games/etr/terrains/rock06.png
)
missing=()
for pkg in "${!marker[@]}"; do [ -f "${marker[$pkg]}" ] || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
