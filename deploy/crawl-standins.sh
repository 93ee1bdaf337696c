#!/usr/bin/env bash
# Crawl both sources into the embedded default store (./data), with the two
# sites stood in for by the fixture site on 127.0.0.1 (this machine has no
# internet). On a machine that reaches the real sites, run `newsarchive crawl`.
set -euo pipefail
cd "$(dirname "$0")/.."
YS_PORT=${YS_PORT:-8081}
SP_PORT=${SP_PORT:-8082}
# each site's CDN (page requisites, issue 10) stands in on 127.0.0.2, allowed per source
YS_CDN_PORT=${YS_CDN_PORT:-8083}
SP_CDN_PORT=${SP_CDN_PORT:-8084}
python -m tests.sitesim yenisafak --port "$YS_PORT" --cdn-port "$YS_CDN_PORT" & ys=$!
python -m tests.sitesim sputnik --port "$SP_PORT" --cdn-port "$SP_CDN_PORT" & sp=$!
trap 'kill $ys $sp 2>/dev/null || true' EXIT
for port in "$YS_PORT" "$SP_PORT"; do
  for _ in $(seq 50); do
    python -c "import socket,sys; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null && break
    sleep 0.1
  done
done
export NEWSARCHIVE_INTAKE__YENISAFAK__HOSTS=${NEWSARCHIVE_INTAKE__YENISAFAK__HOSTS:-'["127.0.0.2"]'}
export NEWSARCHIVE_INTAKE__SPUTNIK__HOSTS=${NEWSARCHIVE_INTAKE__SPUTNIK__HOSTS:-'["127.0.0.2"]'}
export NEWSARCHIVE_POLITENESS__DOWNLOAD_DELAY=${NEWSARCHIVE_POLITENESS__DOWNLOAD_DELAY:-0.1}
newsarchive crawl \
  --base-url "yenisafak=http://127.0.0.1:$YS_PORT" \
  --base-url "sputnik=http://127.0.0.1:$SP_PORT" \
  --since "${SINCE:-2025-10-01}" "$@"
newsarchive articles
