#!/usr/bin/env bash
# Debian packages the tests need on the host: Chromium (what an archivist sees, headless),
# and the Docker engine with debootstrap (the compose deployment test builds its own base
# images). Installs only what is missing; needs root and apt. A machine without apt or root
# skips with a message, and the tests that need a missing program say so when they run.
set -euo pipefail
want=(chromium chromium-driver docker.io debootstrap)
missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "host-packages: cannot install ${missing[*]} (needs root and apt-get)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "host-packages: installed ${missing[*]}"
