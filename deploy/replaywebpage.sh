#!/usr/bin/env bash
# ReplayWeb.page's static app (index.html, ui.js, sw.js) for tests/test_replaywebpage.py,
# fetched once from the npm registry into a cache outside the clone. The npm package bundles
# the app, so only its tarball is needed (`npm pack`, checked against the pinned SHA-1 the
# registry publishes), not its dependency tree. Quick and silent when already there; a
# machine without npm skips with a message (the test then skips, or fails when CI is set).
set -euo pipefail
version=2.5.3
sha1=062dc5235b25adfcf7313d9ce0c40e9e7bada210
prefix=${NEWSARCHIVE_NPM_PREFIX:-/var/tmp/newsarchive-npm}
dest=$prefix/node_modules/replaywebpage
if [ -f "$dest/.version" ] && [ "$(cat "$dest/.version")" = "$version" ] \
   && [ -f "$dest/sw.js" ] && [ -f "$dest/ui.js" ] && [ -f "$dest/index.html" ]; then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "replaywebpage: cannot fetch replaywebpage@$version (npm is missing)" >&2
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "replaywebpage@$version" >/dev/null)
tgz=$tmp/replaywebpage-$version.tgz
echo "$sha1  $tgz" | sha1sum -c --quiet -
mkdir -p "$tmp/x" "$prefix/node_modules"
tar -xzf "$tgz" -C "$tmp/x"
echo "$version" > "$tmp/x/package/.version"
rm -rf "$dest"
mv "$tmp/x/package" "$dest"
echo "replaywebpage: $version in $dest"
