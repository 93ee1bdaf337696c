#!/usr/bin/env bash
# The base images the CI builds start FROM, made here (no registry is reachable in CI):
#   localhost/debian:bookworm      debootstrap rootfs (base-rootfs.sh), `docker import`ed
#   python:3.11.14-slim-bookworm   Debian's Python on it (deploy/ci/python), the upstream
#                                  tag deploy/Dockerfile names
# Needs DOCKER_HOST (dockerd.sh). Does nothing for an image that exists; the rootfs
# tarball is kept beside the engine's data root for the next run.
set -euo pipefail
cd "$(dirname "$0")"
root=${NEWSARCHIVE_DOCKER_ROOT:-/var/tmp/newsarchive-docker}
python_tag=$(sed -n 's/^FROM \(python:[^ ]*\).*/\1/p' ../Dockerfile | head -1)
if ! docker image inspect localhost/debian:bookworm >/dev/null 2>&1; then
  ./base-rootfs.sh "$root/rootfs-bookworm.tar"
  docker import "$root/rootfs-bookworm.tar" localhost/debian:bookworm >/dev/null
fi
if ! docker image inspect "$python_tag" >/dev/null 2>&1; then
  docker build -q --network host -t "$python_tag" python >/dev/null
fi
echo "base images: localhost/debian:bookworm $python_tag"
