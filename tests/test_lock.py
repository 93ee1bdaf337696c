"""deploy/requirements.lock: the service image's packages are the ones the tests ran with."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "deploy/requirements.lock").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            assert pinned, f"not an exact pin: {line!r}"
            pins[canonicalize_name(name)] = pinned
    return pins


def test_every_runtime_dependency_is_pinned_within_its_range():
    pins = locked()
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for dep in map(Requirement, deps):
        name = canonicalize_name(dep.name)
        assert name in pins, f"{dep.name} is not in deploy/requirements.lock"
        assert dep.specifier.contains(pins[name], prereleases=True), (dep, pins[name])
        for extra in dep.extras:  # psycopg[binary]: its extra's packages are pinned too
            assert f"{name}-{extra}" in pins or extra in pins, (dep, extra)


def test_the_suite_runs_with_the_locked_versions():
    """`make setup` installs with the lock as constraints: what is tested is what ships."""
    differ = {}
    for name, pinned in locked().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            differ[name] = (pinned, None)
            continue
        if installed != pinned:
            differ[name] = (pinned, installed)
    assert not differ, f"locked vs installed: {differ} (make setup, or deploy/lock.sh)"
