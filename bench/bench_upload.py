"""Upload benchmark: S3Store.put_file (verified) vs plain boto3 upload_file, on SeaweedFS.

    python bench/bench_upload.py [--quick]

Starts its own SeaweedFS (tests/s3server.py) and measures, in one run:

(a) throughput of S3Store.put_file, including its verification (server SHA-256
    checksums; and, separately, the read-back mode) against boto3's
    ``upload_file`` of the same files to the same server: 20 x 20 MB and
    2 x 200 MB;
(b) peak memory (VmHWM / ru_maxrss) of a child process that only uploads one
    file of 256 MiB and one of 1 GiB, for both, to show that it does not grow
    with the file size.

Prints a table and writes bench/results/upload.json. MB = 10^6 bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bench.report import write_results  # noqa: E402

MB = 1_000_000
MiB = 1024 * 1024
ROUNDS = 2


def make_file(path: Path, size: int) -> None:
    """Incompressible-looking data, fast: a random block, varied per MiB."""
    block = bytearray(os.urandom(4 * MiB))
    with open(path, "wb") as f:
        written, n = 0, 0
        while written < size:
            block[:8] = n.to_bytes(8, "little")
            chunk = block[: min(len(block), size - written)]
            f.write(chunk)
            written += len(chunk)
            n += 1


def proc_status(field: str) -> int:
    """A VmXXX value of this process in KiB (0 if /proc is not available)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


# -- child: one upload, then report its own memory high-water mark ------------------------
def child(args) -> None:
    from archive.store.s3 import S3Store

    path = Path(args.file)
    if args.mode == "ours":
        store = S3Store.from_url(f"s3://{args.bucket}/mem", endpoint_url=args.endpoint,
                                 addressing_style="path")
    else:
        import boto3
        from botocore.config import Config

        client = boto3.client("s3", endpoint_url=args.endpoint,
                              config=Config(s3={"addressing_style": "path"}))
    idle = proc_status("VmRSS")
    t0 = time.monotonic()
    if args.mode == "ours":
        store.put_file(f"{path.name}-{os.getpid()}", path, sha256=args.sha256)
    else:
        client.upload_file(str(path), args.bucket, f"mem/{path.name}-{os.getpid()}-boto3")
    seconds = time.monotonic() - t0
    print(json.dumps({"idle_rss_kib": idle, "vmhwm_kib": proc_status("VmHWM"),
                      "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "seconds": seconds}))


def run_child(mode: str, path: Path, sha256: str, bucket: str, srv) -> dict:
    env = dict(os.environ, AWS_ACCESS_KEY_ID=srv.access_key,
               AWS_SECRET_ACCESS_KEY=srv.secret_key, AWS_DEFAULT_REGION=srv.region,
               AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull)
    out = subprocess.run([sys.executable, __file__, "--child", mode, "--file", str(path),
                          "--sha256", sha256, "--bucket", bucket, "--endpoint", srv.endpoint_url],
                         env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# -- parent ---------------------------------------------------------------------------------
def main() -> None:
    import structlog

    from archive.store import sha256_file
    from archive.store.s3 import S3Store
    from s3server import SeaweedS3

    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller files, for a smoke run")
    args = ap.parse_args()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(30))  # quiet

    sets = [("20 x 20 MB", 20, 20 * MB), ("2 x 200 MB", 2, 200 * MB)]
    mem_sizes = [("256 MiB", 256 * MiB), ("1 GiB", 1024 * MiB)]
    if args.quick:
        sets = [("4 x 20 MB", 4, 20 * MB), ("1 x 100 MB", 1, 100 * MB)]
        mem_sizes = [("64 MiB", 64 * MiB), ("256 MiB", 256 * MiB)]

    t_start = time.monotonic()
    results: dict = {"host": {"python": platform.python_version(), "cpus": os.cpu_count(),
                              "machine": platform.machine()},
                     "throughput": [], "memory": []}
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp, \
            SeaweedS3(Path(tmp) / "weed", volume_size_limit_mb=1024, volume_max=30) as srv:
        tmp = Path(tmp)
        import boto3
        import botocore

        results["versions"] = {"boto3": boto3.__version__, "botocore": botocore.__version__}
        bucket = srv.make_bucket("bench")
        opts = srv.store_options()
        ours = S3Store.from_url(f"s3://{bucket}/ours", **opts)
        readback = S3Store.from_url(f"s3://{bucket}/readback", **opts, verify="readback")
        baseline = srv.client(max_attempts=3)  # plain boto3 client, default TransferConfig
        baseline.put_object(Bucket=bucket, Key="warmup", Body=b"x")  # volume growth, off the clock
        results["settings"] = {"part_size": ours.part_size,
                               "max_concurrency": ours.max_concurrency,
                               "baseline": "boto3 upload_file, default TransferConfig "
                                           "(8 MiB parts, 10 threads)"}

        # (a) throughput --------------------------------------------------------------------
        for label, count, size in sets:
            files = []
            for i in range(count):
                p = tmp / f"{label.replace(' ', '')}-{i}.bin"
                make_file(p, size)
                files.append((p, sha256_file(p)))  # the spool has this already
            elapsed = {"ours": 0.0, "ours_readback": 0.0, "boto3": 0.0}
            for rnd in range(ROUNDS):  # the server's speed wanders; average over rounds
                for i, (p, digest) in enumerate(files):
                    k = f"r{rnd}/{p.name}"
                    runs = [
                        ("ours", lambda k=k, p=p, d=digest: ours.put_file(k, p, sha256=d)),
                        ("ours_readback",
                         lambda k=k, p=p, d=digest: readback.put_file(k, p, sha256=d)),
                        ("boto3",
                         lambda k=k, p=p: baseline.upload_file(str(p), bucket, f"boto3/{k}")),
                    ]
                    if (i + rnd) % 2:
                        runs.reverse()  # alternate the order: neither side always goes first
                    for name, fn in runs:
                        t0 = time.monotonic()
                        fn()
                        elapsed[name] += time.monotonic() - t0
            total = count * size * ROUNDS
            row = {"set": label, "files": count, "rounds": ROUNDS, "bytes": total,
                   **{f"{k}_mb_s": round(total / MB / v, 1) for k, v in elapsed.items()},
                   **{f"{k}_seconds": round(v, 2) for k, v in elapsed.items()}}
            row["ratio_ours_vs_boto3"] = round(elapsed["boto3"] / elapsed["ours"], 3)
            row["ratio_readback_vs_boto3"] = round(elapsed["boto3"] / elapsed["ours_readback"], 3)
            results["throughput"].append(row)
            for p, _ in files:
                p.unlink()
        uploads = ROUNDS * sum(c for _, c, _ in sets)
        assert ours.stats["verified_checksum"] == uploads, ours.stats  # nothing skipped
        assert readback.stats["verified_readback"] == uploads, readback.stats

        # (b) peak memory ---------------------------------------------------------------------
        for label, size in mem_sizes:
            p = tmp / f"mem-{size}.bin"
            make_file(p, size)
            digest = sha256_file(p)
            row = {"file": label, "bytes": size}
            for mode in ("ours", "boto3"):
                r = run_child(mode, p, digest, bucket, srv)
                row[f"{mode}_idle_rss_mib"] = round(r["idle_rss_kib"] / 1024, 1)
                row[f"{mode}_peak_mib"] = round(r["vmhwm_kib"] / 1024, 1)
                row[f"{mode}_maxrss_mib"] = round(r["maxrss_kib"] / 1024, 1)
                row[f"{mode}_mb_s"] = round(size / MB / r["seconds"], 1)
            results["memory"].append(row)
            p.unlink()

    results["total_seconds"] = round(time.monotonic() - t_start, 1)
    print_table(results)
    print(f"\nwrote {write_results('upload', results)} ({results['total_seconds']} s)")


def print_table(r: dict) -> None:
    s = r["settings"]
    print(f"\nUpload throughput, SeaweedFS on 127.0.0.1, {r['host']['cpus']} CPUs "
          f"(MB/s, MB = 10^6 B; ours: {s['part_size'] // MiB} MiB parts x "
          f"{s['max_concurrency']} in flight, verified; {r['throughput'][0]['rounds']} rounds)")
    print(f"{'set':<12} {'ours(checksum)':>15} {'ours(read-back)':>16} {'boto3 upload_file':>18}"
          f" {'ours/boto3':>11} {'read-back/boto3':>16}")
    for row in r["throughput"]:
        print(f"{row['set']:<12} {row['ours_mb_s']:>15} {row['ours_readback_mb_s']:>16} "
              f"{row['boto3_mb_s']:>18} {row['ratio_ours_vs_boto3']:>11} "
              f"{row['ratio_readback_vs_boto3']:>16}")
    print("\nPeak memory of a child process doing one upload (MiB; idle = RSS after imports)")
    print(f"{'file':<8} {'ours idle':>10} {'ours peak':>10} {'ours MB/s':>10} "
          f"{'boto3 idle':>11} {'boto3 peak':>11} {'boto3 MB/s':>11}")
    for row in r["memory"]:
        print(f"{row['file']:<8} {row['ours_idle_rss_mib']:>10} {row['ours_peak_mib']:>10} "
              f"{row['ours_mb_s']:>10} {row['boto3_idle_rss_mib']:>11} {row['boto3_peak_mib']:>11} "
              f"{row['boto3_mb_s']:>11}")


if __name__ == "__main__":
    if "--child" in sys.argv:
        ap = argparse.ArgumentParser()
        ap.add_argument("--child", dest="mode", choices=["ours", "boto3"])
        for name in ("--file", "--sha256", "--bucket", "--endpoint"):
            ap.add_argument(name, required=True)
        child(ap.parse_args())
    else:
        main()
