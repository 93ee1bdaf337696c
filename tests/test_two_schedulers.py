"""Several machines, one archive (issue 9): two `newsarchive schedule` processes, each with
its own data dir, share one PostgreSQL catalog and one S3 store (a real SeaweedFS) and
crawl the fixture sites while they publish new articles. No source runs twice at once,
no article is archived twice, both do work, and a scheduler killed mid-run (SIGKILL)
leaves its sources to the other within the lease expiry.

Seconds-scale settings (all through the settings file): runs every 3 s, source leases
and article claims of 10 s (renewed every ttl/3 while their run lasts), and an orphaned
crawl child stopping within 1 s (+5 s) of its scheduler's death.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone

from warcio.archiveiterator import ArchiveIterator

from archive.catalog import open_catalog
from tests.crawlkit import FAST, ROOT, json_lines, newsarchive
from tests.schedkit import crawl_children, free_port, wait_for
from tests.sitesim import SiteServer, new_article

SOURCES = ("sputnik", "yenisafak")
INTERVAL_S = 3.0
LEASE_TTL_S = 10.0  # > 1.5 x (child_stop_grace_s + 5): the orphan ends before it lapses
CLAIM_TTL_S = 10.0
ARTICLE_PAGE = r"-\d+(\.html)?$"  # an article page of either fixture site


def _s3_env(s3) -> dict:
    return {"AWS_ACCESS_KEY_ID": s3.access_key, "AWS_SECRET_ACCESS_KEY": s3.secret_key,
            "AWS_ENDPOINT_URL_S3": s3.endpoint_url, "AWS_DEFAULT_REGION": s3.region,
            "NEWSARCHIVE_S3__ADDRESSING_STYLE": "path"}


def _config(tmp_path, name: str, catalog: str, store: str) -> str:
    path = tmp_path / f"{name}.toml"
    path.write_text(f"""\
catalog = {json.dumps(catalog)}
store = {json.dumps(store)}
crawl_timeout_s = 120
child_stop_grace_s = 1
claim_ttl_s = {CLAIM_TTL_S}
[schedule]
every_minutes = {INTERVAL_S / 60}
jitter_s = 0
misfire_grace_s = 30
lease_ttl_s = {LEASE_TTL_S}
holder = "{name}"
""")
    return str(path)


class Scheduler:
    """One `newsarchive schedule` process; its JSON log lines go to a file per life."""

    def __init__(self, tmp_path, name, config, servers, env):
        self.tmp_path, self.name, self.config = tmp_path, name, config
        self.servers, self.env = servers, env
        self.data = tmp_path / name
        self.lives: list[tuple[subprocess.Popen, object]] = []

    def start(self) -> "Scheduler":
        log = tmp = self.tmp_path / f"{self.name}-{len(self.lives) + 1}.log"
        cmd = [sys.executable, "-m", "newsarchive.cli", "schedule", *SOURCES,
               "--config", self.config, "--data-dir", str(self.data),
               "--listen", f"127.0.0.1:{free_port()}", "--log-format", "json"]
        for source, srv in self.servers.items():
            cmd += ["--base-url", f"{source}={srv.base_url}"]
        out = open(tmp, "w")
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **FAST, **self.env},
                                stdout=out, stderr=subprocess.STDOUT, text=True)
        self.lives.append((proc, log))
        return self

    @property
    def proc(self) -> subprocess.Popen:
        return self.lives[-1][0]

    def stop(self, timeout: float = 60) -> int:
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout)

    def kill_all(self) -> None:
        for proc, _ in self.lives:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    def events(self, life: int) -> list[dict]:
        return json_lines(self.lives[life][1].read_text(errors="replace"))

    def tail(self) -> str:
        return "\n".join(f"--- {log.name}\n" + log.read_text(errors="replace")[-3000:]
                         for _, log in self.lives)


def _ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _lease_spans(events: list[dict], end_open: float | None) -> dict[str, list[list[float]]]:
    """source -> [[taken, released]] from one scheduler life's log; a lease still held
    when the process died ends at ``end_open``."""
    spans: dict[str, list[list[float]]] = defaultdict(list)
    for e in events:
        lease = str(e.get("lease", ""))
        if not lease.startswith("source:"):
            continue
        source = lease.split(":", 1)[1]
        if e["event"] == "lease taken":
            spans[source].append([_ts(e["timestamp"]), None])
        elif e["event"] == "lease released":
            assert spans[source] and spans[source][-1][1] is None, e
            spans[source][-1][1] = _ts(e["timestamp"])
    for source, rows in spans.items():
        for row in rows:
            if row[1] is None:
                assert end_open is not None, f"{source}: a lease never released"
                row[1] = end_open
    return spans


def _disjoint(spans: list[tuple], what: str) -> None:
    spans = sorted(spans)
    for a, b in zip(spans, spans[1:]):
        assert a[1] <= b[0], f"{what}: {a} overlaps {b}"


def _warc_pages(s3, bucket: str) -> Counter:
    """Target URI -> response and revisit records in every WARC of the bucket."""
    client = s3.client()
    found: Counter = Counter()
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket,
                                                                Prefix="archive/warcs/"):
        for obj in page.get("Contents", []):
            if not obj["Key"].endswith(".warc.gz"):
                continue
            body = client.get_object(Bucket=bucket, Key=obj["Key"])["Body"]
            for rec in ArchiveIterator(body):
                if rec.rec_type in ("response", "revisit"):
                    found[rec.rec_headers.get_header("WARC-Target-URI")] += 1
    return found


def _data_dir_of(catalog, run_id: str) -> str:
    return catalog.get_run(run_id)["options"].get("data_dir")


def test_two_schedulers_share_one_archive_and_take_over_a_killed_ones_sources(
        pg_url, s3, s3_bucket, tmp_path):
    store = f"s3://{s3_bucket}/archive"
    env = _s3_env(s3)
    servers = {s: SiteServer(s).start() for s in SOURCES}
    for srv in servers.values():  # article pages take a while: runs last a few seconds
        srv.faults.add(ARTICLE_PAGE, "slow", delay=0.5)
    a = Scheduler(tmp_path, "A", _config(tmp_path, "A", pg_url, store), servers, env)
    b = Scheduler(tmp_path, "B", _config(tmp_path, "B", pg_url, store), servers, env)
    catalog = None
    published: list = []

    def publish_round():
        for s, srv in servers.items():
            published.append(srv.publish(new_article(s)))

    def archived(records):
        return all(catalog.article(r.site, r.article_id) for r in records)

    try:
        a.start()
        b.start()
        catalog = wait_for(lambda: _open(pg_url), 30, what="the catalog")

        # -- both at work while the sites publish ------------------------------------
        # (each run is a crawl child that takes seconds to start; on a loaded machine
        # much longer: the waits below are generous upper bounds)
        def workers():
            dirs = Counter()
            for r in catalog.runs(500):
                if r["status"].startswith("ok") and r["stats"].get("totals", {}).get("archived"):
                    dirs[r["options"]["data_dir"]] += 1
            return dirs

        publish_round()
        wait_for(lambda: len(workers()) == 2, 240, step=0.5, what="both schedulers archiving")
        publish_round()
        wait_for(lambda: archived(published), 240, step=0.5, what="the articles published")

        # -- SIGKILL A in the middle of a run ------------------------------------------
        def a_running():
            children = crawl_children(a.proc.pid)
            held = [s for s in SOURCES
                    if (catalog.lease_holder(f"source:{s}") or {}).get("holder") == "A"]
            return (children, held) if children and held else None

        def article_gets(source):
            return len(servers[source].requests_for(ARTICLE_PAGE))

        for _ in range(5):  # until A is caught fetching an article page
            publish_round()  # something for A's next run to fetch
            children, (killed_source,) = wait_for(a_running, 120, step=0.05, what="A mid-run")
            seen = article_gets(killed_source)  # only A crawls this source now
            try:
                wait_for(lambda: article_gets(killed_source) > seen or
                         not crawl_children(a.proc.pid), 120, step=0.02, what="a fetch")
            except AssertionError:
                continue
            if crawl_children(a.proc.pid):
                break
        else:
            raise AssertionError("A was never caught fetching an article")
        a.proc.kill()
        t_kill = time.time()
        a.proc.wait()
        dead_lease = catalog.lease_holder(f"source:{killed_source}")
        assert dead_lease["holder"] == "A" and dead_lease["remaining_s"] <= LEASE_TTL_S

        def orphans_gone():
            for p in children:
                try:
                    if open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[0] != "Z":
                        return False
                except OSError:
                    pass
            return True

        wait_for(orphans_gone, 30, step=0.05, what="A's orphaned crawl child to stop")
        t_orphan = time.time()
        # A's source lease lapses within its ttl: nobody renews it any more
        def lapsed():
            row = catalog.lease_holder(f"source:{killed_source}") or {}
            if row.get("holder") != "A":
                return True
            assert row["expires"] == dead_lease["expires"], "renewed after A's death"
            return False

        wait_for(lapsed, LEASE_TTL_S + 30, step=0.1, what="A's lease to lapse")

        # -- B takes over: its sources and what is published after the kill -------------
        after = []
        for s, srv in servers.items():
            after.append(srv.publish(new_article(s)))
        published.extend(after)
        wait_for(lambda: archived(after), 240, step=0.5, what="articles published after the kill")
        for r in after:
            run_id = catalog.article(r.site, r.article_id)["run_id"]
            assert _data_dir_of(catalog, run_id) == str(b.data), "archived by the survivor"

        def b_ran_since_kill(source):
            return [r for r in catalog.runs(500)
                    if r["sources"] == [source] and r["options"]["data_dir"] == str(b.data)
                    and _ts(r["started"]) >= int(t_kill) and r["status"].startswith("ok")]

        for s in SOURCES:  # runs continue, of both sources
            wait_for(lambda: b_ran_since_kill(s), 240, step=0.5, what=f"B running {s}")
        # what A had claimed but not archived is archived once its claims lapse
        wait_for(lambda: not any(catalog.pending(s) for s in SOURCES), 240, step=0.5,
                 what="no article left pending")
        assert archived(published)
        assert not [r for r in catalog._all("SELECT holder FROM leases WHERE expires >"
                                            f" {catalog.dialect.now}")
                    if r["holder"] == "A"]  # nothing held in A's name any more
        assert b.stop(120) == 0, b.tail()

        # -- A comes back: it ships what its killed run left in its spool ----------------
        a.start()
        wait_for(lambda: not catalog.objects(status="spooled"), 240, step=0.5,
                 what="A's spool shipped after its restart")
        wait_for(lambda: any(r["options"]["data_dir"] == str(a.data)
                             and _ts(r["started"]) > t_orphan and r["status"] != "running"
                             for r in catalog.runs(500)), 240, step=0.5,
                 what="A's first run again")
        assert a.stop(120) == 0, a.tail()
    finally:
        a.kill_all()
        b.kill_all()
        for srv in servers.values():
            srv.stop()

    # -- no source ran twice at once ---------------------------------------------------------
    spans = defaultdict(list)  # source -> (start, end, who)
    for who, events, end_open in (("A1", a.events(0), t_orphan), ("A2", a.events(1), None),
                                  ("B", b.events(0), None)):
        for source, rows in _lease_spans(events, end_open).items():
            spans[source] += [(s, e, who) for s, e in rows]
    for source in SOURCES:
        _disjoint(spans[source], f"{source} leases")
    takeover = min(s for s, _, who in spans[killed_source] if who == "B" and s > t_kill)
    assert t_orphan <= takeover, "the killed run's crawl child still ran when B took over"
    # the same from the runs history (second resolution); A's killed run ended when its
    # crawl child did (its restart marked it failed, "interrupted")
    runs = catalog.runs(1000)
    killed = [r for r in runs if r["status"] == "failed"
              and "interrupted" in " ".join(r["stats"].get("reasons", []))]
    assert len(killed) == 1 and killed[0]["sources"] == [killed_source]
    for source in SOURCES:
        history = []
        for r in runs:
            if r["sources"] == [source]:
                end = r["finished"] if r is not killed[0] else \
                    datetime.fromtimestamp(t_orphan, timezone.utc).isoformat(timespec="seconds")
                history.append((r["started"], end))
        _disjoint(history, f"{source} runs")
    # each ships its own spool only (the catalog lists both machines' spooled files)
    assert not [r["stats"]["reasons"] for r in runs
                if any("refused" in x or "missing" in x for x in r["stats"].get("reasons", []))]
    by_dir = Counter(r["options"]["data_dir"] for r in runs)
    assert by_dir[str(a.data)] >= 2 and by_dir[str(b.data)] >= 2, by_dir

    # -- no article archived twice ------------------------------------------------------------
    # An article's capture is its page record: a response (or, for a copy of a story
    # already archived, a story-reference revisit), beside its request record. Re-captures
    # would be later records of their own, listed as versions: none within this test.
    recaptured = {v["record_id"] for s, k in {(c["source"], c["article_key"])
                                             for c in catalog.captures() if c["article_key"]}
                  for v in catalog.versions(s, k)}
    assert not recaptured
    pages = [c for c in catalog.captures() if c["kind"] == "article"
             and c["record_type"] in ("response", "revisit")]
    firsts = Counter((c["source"], c["article_key"]) for c in pages)
    assert firsts and all(n == 1 for n in firsts.values()), firsts.most_common(3)
    assert {(r.site, r.article_id) for r in published} <= set(firsts)
    in_s3 = _warc_pages(s3, s3_bucket)  # every record in every WARC in the store
    urls = Counter(c["url"] for c in pages)
    assert {u: in_s3[u] for u in urls if in_s3[u] != 1} == {}  # one page record per article
    assert sum(in_s3[u] for u in urls) == len(pages)
    catalog.close()
    verify = newsarchive("verify", "--data-dir", str(b.data), "--store", store,
                         env={**env, "NEWSARCHIVE_CATALOG": pg_url})
    assert verify.returncode == 0, verify.stdout + verify.stderr


def _open(url):
    try:
        return open_catalog(url)
    except Exception:  # noqa: BLE001 - not migrated yet by a scheduler
        return None
