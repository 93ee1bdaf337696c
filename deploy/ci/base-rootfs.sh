#!/usr/bin/env bash
# Build the Debian bookworm root filesystem that stands in for every upstream base image in CI
# (no container registry is reachable here). Usage: base-rootfs.sh ROOTFS_TARBALL
#   debootstrap --variant=minbase from the mirror apt already uses, the machine's extra CA
#   certificates copied in (outbound HTTPS may go through an intercepting proxy), apt lists removed.
# Writes a tarball for `docker import`; does nothing if the tarball exists.
set -euo pipefail
out=${1:?usage: base-rootfs.sh ROOTFS_TARBALL}
[ -s "$out" ] && exit 0
mirror=${DEBIAN_MIRROR:-}
if [ -z "$mirror" ]; then
  # deb822 sources (Debian 12) first, then one-line sources.
  mirror=$(awk '/^URIs:/{u=$2} /^Suites:/ && / bookworm( |$)/{print u; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
fi
if [ -z "$mirror" ]; then
  mirror=$(grep -hE '^deb +[^ ]+ +bookworm( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '{print $2; exit}' || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}
mkdir -p "${out%/*}"
work=$(mktemp -d "${out%/*}/rootfs.XXXXXX")
trap 'rm -rf "$work"' EXIT
debootstrap --variant=minbase bookworm "$work/root" "$mirror" >"$work/debootstrap.log" 2>&1 || {
  tail -30 "$work/debootstrap.log" >&2; exit 1; }
# Inside the images apt uses the same mirror (and its security suite, if the host has one).
sec=$(awk '/^URIs:/{u=$2} /^Suites:/ && /bookworm-security/{print u; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
{
  echo "deb $mirror bookworm main"
  echo "deb $mirror bookworm-updates main"
  [ -n "$sec" ] && echo "deb $sec bookworm-security main"
} >"$work/root/etc/apt/sources.list"
mkdir -p "$work/root/usr/local/share/ca-certificates"
cp /usr/local/share/ca-certificates/*.crt "$work/root/usr/local/share/ca-certificates/" 2>/dev/null || true
rm -rf "$work/root/var/lib/apt/lists/"* "$work/root/var/cache/apt/"*.bin "$work/root/var/cache/apt/archives/"*.deb
tar -C "$work/root" --numeric-owner -cf "$work/rootfs.tar" .
mv "$work/rootfs.tar" "$out"
