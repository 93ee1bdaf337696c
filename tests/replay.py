"""A pywb instance on 127.0.0.1 over a set of WARCs (wb-manager add + wayback)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Pywb:
    def __init__(self, root: Path, warcs: list[Path], coll: str = "news",
                 add_options: tuple[str, ...] = ()):
        self.root, self.warcs, self.coll = Path(root), list(warcs), coll
        self.add_options = tuple(add_options)  # e.g. ("--unpack-wacz",) for a WACZ
        self.port = free_port()
        self.proc = None

    def __enter__(self):
        env = {**os.environ}
        subprocess.run([str(BIN / "wb-manager"), "init", self.coll], cwd=self.root,
                       check=True, capture_output=True, env=env)
        subprocess.run([str(BIN / "wb-manager"), "add", *self.add_options, self.coll,
                        *map(str, self.warcs)],
                       cwd=self.root, check=True, capture_output=True, env=env)
        self.log = open(self.root / "wayback.log", "wb")
        self.proc = subprocess.Popen([str(BIN / "wayback"), "-b", "127.0.0.1", "-p",
                                      str(self.port)], cwd=self.root, stdout=self.log,
                                     stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1)
                return self
            except urllib.error.HTTPError:
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("pywb did not start: " + (self.root / "wayback.log").read_text())

    def get(self, path: str):
        url = f"http://127.0.0.1:{self.port}/{self.coll}/{path}"
        req = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def __exit__(self, *exc):
        if self.proc:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.root / "collections", ignore_errors=True)
