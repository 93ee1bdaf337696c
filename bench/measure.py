"""Run a command and report what it and its descendants really used.

    python bench/measure.py OUT.json CMD ...

Writes ``{"rc", "wall_s", "cpu_user_s", "cpu_sys_s", "peak_rss_mib", "start_epoch",
"end_epoch"}`` to OUT.json (the epochs: when the command was started and when it ended):
CPU seconds summed over every process of the command's tree that was waited
for, and the peak resident set size of the largest of them (``ru_maxrss``).
Run once per measurement: the counters of RUSAGE_CHILDREN only ever grow.
Benchmarks call :func:`measured`, which runs this script in a fresh process.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def measured(cmd: list[str], env: dict | None = None, cwd=None) -> dict:
    """Run ``cmd`` under this script in its own process; what it used (exit on failure)."""
    import os
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    try:
        subprocess.run([sys.executable, __file__, out, *cmd], cwd=cwd,
                       env=env or os.environ.copy())
        with open(out) as f:
            result = json.load(f)
    finally:
        os.unlink(out)
    if result["rc"] != 0:
        raise SystemExit(f"{cmd[:4]} exited {result['rc']}:\n{result['stderr_tail']}")
    return result


def main() -> int:
    out, cmd = sys.argv[1], sys.argv[2:]
    start, t0 = time.time(), time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w") as f:
        json.dump({"rc": proc.returncode, "wall_s": wall, "cpu_user_s": ru.ru_utime,
                   "cpu_sys_s": ru.ru_stime, "peak_rss_mib": ru.ru_maxrss / 1024,
                   "start_epoch": start, "end_epoch": start + wall,
                   "stderr_tail": proc.stderr.decode("utf-8", "replace")[-3000:]}, f)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
