#!/bin/sh
# Write deploy/requirements.lock: the runtime dependencies of newsarchive, resolved in a
# throw-away virtualenv of the oldest Python the service image is built with
# (LOCK_PYTHON, default /usr/bin/python3: Debian bookworm's 3.11.2, which the CI stand-in
# images use; the published image has 3.11.14). By default they are pinned at the versions
# installed in .venv where that Python can take them (what the suite runs with); with
# --upgrade, at the newest pyproject.toml allows. Then `make setup` installs the test
# environment with the new lock as its constraints, and `make test` runs with it.
set -eu
cd "$(dirname "$0")/.."
python=${LOCK_PYTHON:-/usr/bin/python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" -m venv "$work/venv"
version=$("$work/venv/bin/python" -c 'import platform; print(platform.python_version())')
constraints=""
if [ "${1:-}" != "--upgrade" ]; then
    [ -x .venv/bin/python ] || { echo "lock.sh: no .venv (run make setup) or pass --upgrade" >&2; exit 2; }
    # .venv's versions, less those that Python cannot take (resolved afresh)
    .venv/bin/python -m pip freeze --exclude-editable > "$work/installed.txt"
    .venv/bin/python - "$work/installed.txt" "$version" > "$work/constraints.txt" <<'PY'
import sys
from importlib.metadata import metadata
from packaging.specifiers import SpecifierSet
for line in open(sys.argv[1]):
    name, pinned, _ = line.partition("==")
    needs = metadata(name.strip()).get("Requires-Python") if pinned else None
    if not needs or SpecifierSet(needs).contains(sys.argv[2]):
        print(line.strip())
PY
    constraints="-c $work/constraints.txt"
fi
"$work/venv/bin/python" -m pip install -q --upgrade pip
# shellcheck disable=SC2086
"$work/venv/bin/python" -m pip install -q $constraints .
"$work/venv/bin/python" -m pip check
{
    sed -n '1,/^# Made by/p' deploy/requirements.lock
    "$work/venv/bin/python" -m pip freeze --exclude newsarchive
} > "$work/requirements.lock"
mv "$work/requirements.lock" deploy/requirements.lock
echo "deploy/requirements.lock: $(grep -vc '^#' deploy/requirements.lock) packages, resolved on Python $version"
