"""``newsarchive``: the one command in front of crawling, the catalog and the store."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import structlog

from . import exits, logs
from .config import Settings
from .exits import CommandError, LocalStorageError, UsageError

SOURCES = ("yenisafak", "sputnik")


def _base_urls(pairs: list[str] | None) -> dict[str, str] | None:
    if not pairs:
        return None
    out = {}
    for pair in pairs:
        source, sep, url = pair.partition("=")
        if not sep or source not in SOURCES or not url.startswith(("http://", "https://")):
            raise SystemExit(f"--base-url wants SOURCE=URL with SOURCE in {SOURCES}: {pair!r}")
        out[source] = url.rstrip("/")
    return out


def _settings(args) -> Settings:
    from .settings_errors import load_settings

    return load_settings(
        getattr(args, "config", None),
        data_dir=getattr(args, "data_dir", None),
        store=getattr(args, "store", None),
        base_urls=_base_urls(getattr(args, "base_url", None)),
        log_format=getattr(args, "log_format", None),
    )


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def _positive_float(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not x > 0 or x == float("inf"):
        raise argparse.ArgumentTypeError(f"must be more than 0, got {text}")
    return x


def _day(text: str) -> str:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
    if day > date.today():
        raise argparse.ArgumentTypeError(f"{text} is in the future")
    return day.isoformat()


def cmd_crawl(args) -> int:
    from .run import RunLocked, crawl

    settings = _settings(args)
    logs.configure(settings.log_format, settings.log_level)
    sources = list(dict.fromkeys(args.sources)) or [s for s in settings.sources if s in SOURCES]
    try:
        summary = crawl(settings, sources, since=args.since, limit=args.limit)
    except RunLocked as e:
        structlog.get_logger("newsarchive").error("not started", reason=str(e))
        return exits.LOCKED  # EX_TEMPFAIL: try again later
    _print_summary(summary)
    if summary.exit_code:
        print(f"newsarchive: run {summary.status}: " + "; ".join(summary.reasons),
              file=sys.stderr)
    return summary.exit_code


def _print_summary(summary) -> None:
    cols = ("discovered", "new", "relevant", "archived", "failed")
    lines = [f"run {summary.run_id}: {summary.status}",
             f"{'source':<12}" + "".join(f"{c:>12}" for c in cols)]
    for source, stats in sorted(summary.sources.items()):
        lines.append(f"{source:<12}" + "".join(f"{int(stats.get(c, 0) or 0):>12}" for c in cols))
    totals = summary.totals()
    lines.append(f"{'total':<12}" + "".join(f"{totals[c]:>12}" for c in cols))
    lines.append(f"stored objects: {summary.shipped}; spool backlog: "
                 f"{summary.backlog.get('files', 0)} files, {summary.backlog.get('bytes', 0)} bytes")
    print("\n".join(lines))


def cmd_articles(args) -> int:
    from archive.catalog import open_catalog

    settings = _settings(args)
    _require_archive(settings)
    catalog = open_catalog(settings.catalog_url)
    if args.borderline:
        rows = catalog.articles_by_decision("borderline", args.source)
    else:
        rows = catalog.articles(args.source, relevant=None if args.all else True)
    for row in rows:
        flag = {"relevant": "", "borderline": " (borderline)"}.get(row["decision"], " (not relevant)")
        print(f"{row['published'] or '-':<26} {row['source']:<10} {row['agency'] or '-':<12} "
              f"{row['title']}{flag}\n{'':<26} {row['url']}")
    return 0


def cmd_export(args) -> int:
    from archive.catalog import open_catalog
    from archive.dedup.clusters import memberships
    from crawler.urlcanon import canonical_url

    settings = _settings(args)
    _require_archive(settings)
    catalog = open_catalog(settings.catalog_url)
    stories = memberships(catalog)
    changes = catalog.version_summaries()  # i8-evidence
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    try:
        for row in catalog.articles(args.source, relevant=None if args.all else True):
            story = stories.get((row["source"], row["article_key"]), {})
            topic = {**(row["topic"] or {}), "decision": row["decision"]}
            doc = {**row["data"], "topic": topic, "relevant": row["relevant"],
                   "metadata_key": row["metadata_key"], "run_id": row["run_id"],
                   "story_id": story.get("story_id"),
                   "duplicate": {"url_key": canonical_url(row["url"]), **story}}
            history = changes.get((row["source"], row["article_key"]), {})
            doc["versions"] = history.get("versions", 0)  # i8-evidence: re-captures
            doc["last_change"] = history.get("last_change")
            out.write(json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def cmd_versions(args) -> int:
    """An article's captures, re-capture schedule and versions (i8-evidence)."""
    from archive.catalog import open_catalog
    from archive.history import article_history, format_history

    settings = _settings(args)
    _require_archive(settings)
    docs = article_history(open_catalog(settings.catalog_url), args.article)
    if not docs:
        print(f"newsarchive versions: no archived article {args.article!r}", file=sys.stderr)
        return 1
    for doc in docs:
        print(json.dumps(doc, ensure_ascii=False, sort_keys=True) if args.json
              else format_history(doc))
    return 0


def cmd_topic(args) -> int:
    """The topic decision for one page or saved HTML file, with the matched terms."""
    from crawler.topic import TopicFilter
    from crawler.topic_report import PageError, format_report, judge, load_page, report

    settings = _settings(args)
    try:
        html, url = load_page(args.target, url=args.url, user_agent=settings.user_agent)
    except PageError as e:
        print(f"newsarchive topic: {e}", file=sys.stderr)
        return 2
    article, result = judge(TopicFilter.from_settings(settings.topic), html, url)
    if args.json:
        print(json.dumps(report(article, result), ensure_ascii=False, indent=1))
    else:
        print(format_report(article, result))
    return 0


def cmd_stories(args) -> int:
    from archive.catalog import open_catalog
    from archive.dedup.clusters import story_json

    catalog = open_catalog(_settings(args).catalog_url)
    for story in catalog.stories():
        doc = story_json(story)
        if args.copies and len(doc["members"]) < 2:
            continue
        if args.json:
            print(json.dumps(doc, ensure_ascii=False, sort_keys=True))
            continue
        canon = doc["canonical"] or {}
        print(f"{doc['story_id']}  {len(doc['members'])} member(s)  canonical "
              f"{canon.get('outlet', '-')} {canon.get('url', '-')}")
        for m in doc["members"]:
            mark = "*" if m == canon else " "
            score = "-" if m["score"] is None else f"{m['score']:.2f}"
            print(f"  {mark} {m['outlet']:<10} {m['published'] or '-':<26} {m['stored_as']:<9} "
                  f"{score:>5}  {m['url']}")
    return 0


def cmd_dedup(args) -> int:
    from archive.catalog import open_catalog
    from archive.dedup import open_index, rebuild

    settings = _settings(args)
    logs.configure(settings.log_format, settings.log_level)
    index = open_index(settings.dedup_index_path, settings.catalog_url, reset=True)
    n = rebuild(index, open_catalog(settings.catalog_url))
    print(f"candidate index {index.where}: {n} articles indexed")
    return 0


def cmd_status(args) -> int:
    from archive.catalog import display_url

    from .run import open_backends

    settings = _settings(args)
    _require_archive(settings)
    catalog, store, spool, _ = open_backends(settings)
    backlog = spool.backlog()
    print(f"store: {store.url}\ncatalog: {display_url(settings.catalog_url)}\nspool: {spool.root}")
    age = backlog["oldest_age_s"]
    print(f"spool backlog: {backlog['files']} files, {backlog['bytes']} bytes, oldest "
          f"{'-' if age is None else f'{age:.0f}s'}; unfinished .open files: "
          f"{backlog['open_files']}")
    quarantined = spool.quarantined()
    if quarantined:
        print(f"quarantined: {len(quarantined)} file(s) recovery could not index, in "
              f"{spool.quarantine_dir} (kept for inspection):")
        for name, size in quarantined:
            print(f"  {name} ({size} bytes)")
    from scheduler.report import source_lines

    sources = [s for s in settings.sources if s in SOURCES]
    print("\n".join(source_lines(settings, catalog, sources, backlog)))
    for run in catalog.runs(args.runs):
        totals = run["stats"].get("totals", {})
        print(f"{run['run_id']}  {run['status']:<10} started {run['started']}  "
              + " ".join(f"{k}={totals.get(k, 0)}" for k in ("new", "archived", "failed")))
    structlog.get_logger("newsarchive.status").info("spool backlog", **backlog)
    return 0


def cmd_verify(args) -> int:
    from archive.verify import verify

    from archive.catalog import display_url

    from .run import open_backends

    settings = _settings(args)
    logs.configure(settings.log_format, settings.log_level)
    _require_archive(settings)
    catalog, store, spool, _ = open_backends(settings)
    report = verify(catalog, store, quarantined=spool.quarantined(),
                    since=args.since, sample=args.sample)
    print(report.summary())
    return exits.OK if report.ok else exits.PROBLEMS


def _require_archive(settings: Settings) -> None:
    """A reading command on a place that holds no archive says so; it creates nothing."""
    url = settings.catalog_url
    path = Path(url[len("sqlite:///"):]) if url.startswith("sqlite:///") else None
    if path is not None and not path.is_file():
        raise UsageError(f"no archive here: the catalog {path} does not exist "
                         f"(data directory {settings.data_dir})")


def cmd_runs(args) -> int:
    from archive.catalog import open_catalog
    from scheduler.report import run_lines

    settings = _settings(args)
    _require_archive(settings)
    print("\n".join(run_lines(open_catalog(settings.catalog_url), args.limit)))
    return 0


def cmd_schedule(args) -> int:
    from scheduler.http import parse_listen
    from scheduler.service import run_forever

    settings = _settings(args)
    if args.every is not None:  # --every overrides the [schedule] default interval
        settings.schedule.every_minutes = args.every
    try:
        parse_listen(args.listen)
    except ValueError as e:
        raise UsageError(str(e)) from None
    logs.configure(settings.log_format, settings.log_level)
    return run_forever(settings, args.sources or [s for s in settings.sources if s in SOURCES],
                       listen=args.listen)


def cmd_replay(args) -> int:
    """pywb over the store, the index kept current from its CDXJ objects (issue 10)."""
    from archive.replay import IndexBusy
    from archive.replay.service import run_replay
    from archive.store import open_store
    from scheduler.http import parse_listen

    settings = _settings(args)
    try:
        host, port = parse_listen(args.listen)
    except ValueError as e:
        raise UsageError(str(e)) from None
    logs.configure(settings.log_format, settings.log_level)
    options = settings.s3.store_options()
    store = open_store(settings.store_url, **options)
    index_dir = Path(args.index_dir) if args.index_dir else settings.data_dir / "replay-index"
    try:
        return run_replay(store, host=host, port=port, index_dir=index_dir,
                          sync_every=args.sync_every,
                          s3_options=options if settings.store_url.startswith("s3://") else None,
                          log_format=settings.log_format, log_level=settings.log_level,
                          sources=[s for s in settings.sources if s in SOURCES])
    except IndexBusy as e:
        raise CommandError(str(e), exits.LOCKED) from None


def cmd_wacz(args) -> int:
    """One WACZ 1.1.1 for a source and day, from the WARCs and CDXJ in the store (issue 10)."""
    import shutil

    from archive import layout
    from archive.wacz import WaczError, build_wacz, store_wacz

    from .run import open_backends

    settings = _settings(args)
    logs.configure(settings.log_format, settings.log_level)
    _require_archive(settings)
    catalog, store, spool, shipper = open_backends(settings)
    day = date.fromisoformat(args.day)
    dest = spool.path_for(layout.wacz_key(args.source, day))
    try:
        build = build_wacz(catalog, store, args.source, day, dest)
    except WaczError as e:
        raise CommandError(f"wacz: {e}", exits.PROBLEMS) from None
    if args.output:
        shutil.copyfile(dest, args.output)
    status = store_wacz(build, spool, shipper)
    print(f"{build.key}: {status}; {len(build.pages)} pages, {len(build.warcs)} WARCs, "
          f"{build.size} bytes, sha256 {build.sha256}")
    print(f"{len(build.from_other_days)} record(s) from other days, "
          f"{len(build.not_found)} not found ({build.never_archived} requisite URL(s) "
          "the archive never captured)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", help="TOML settings file (also NEWSARCHIVE_CONFIG)")
    common.add_argument("--data-dir", help="catalog, spool and default store (default ./data)")
    common.add_argument("--store", help="PATH or s3://BUCKET/PREFIX (default DATA_DIR/store)")
    common.add_argument("--log-format", choices=("console", "json"))

    ap = argparse.ArgumentParser(prog="newsarchive", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("crawl", parents=[common], help="crawl sources and archive new articles")
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="yenisafak, sputnik (default both)")
    p.add_argument("--since", type=_day,
                   help="backfill from this date (YYYY-MM-DD) through the sitemaps")
    p.add_argument("--limit", type=_positive_int,
                   help="fetch at most N new article pages per source")
    p.add_argument("--base-url", action="append", metavar="SOURCE=URL",
                   help="fetch SOURCE from another base URL (a mirror, a test site)")
    p.set_defaults(func=cmd_crawl)

    p = sub.add_parser("articles", parents=[common], help="list archived articles")
    p.add_argument("--source", choices=SOURCES)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="include articles judged not relevant")
    which.add_argument("--borderline", action="store_true",
                       help="only the borderline articles (archived, flagged for an editor)")
    p.set_defaults(func=cmd_articles)

    p = sub.add_parser("export", parents=[common], help="write article metadata")
    p.add_argument("--format", choices=("jsonl",), default="jsonl")
    p.add_argument("--output", "-o", help="file (default stdout)")
    p.add_argument("--source", choices=SOURCES)
    p.add_argument("--all", action="store_true")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("versions", parents=[common],
                       help="an article's captures, re-captures, edits and takedowns")
    p.add_argument("article", metavar="URL|ID")
    p.add_argument("--json", action="store_true", help="one JSON object per article")
    p.set_defaults(func=cmd_versions)

    p = sub.add_parser("topic", parents=[common],
                       help="show the topic decision for a page (URL) or a saved HTML file")
    p.add_argument("target", metavar="URL|FILE")
    p.add_argument("--url", help="the original URL of a saved FILE (picks the site's extractor)")
    p.add_argument("--json", action="store_true", help="the full result as JSON")
    p.set_defaults(func=cmd_topic)

    p = sub.add_parser("stories", parents=[common], help="list story clusters (story-level dedup)")
    p.add_argument("--json", action="store_true", help="one JSON object per story")
    p.add_argument("--copies", action="store_true", help="only stories with more than one member")
    p.set_defaults(func=cmd_stories)

    p = sub.add_parser("dedup", parents=[common], help="story dedup maintenance")
    p.add_argument("action", choices=("rebuild",), help="rebuild: remake the candidate index "
                   "from the catalog")
    p.set_defaults(func=cmd_dedup)

    p = sub.add_parser("status", parents=[common], help="recent runs and spool backlog")
    p.add_argument("--runs", type=_positive_int, default=10)
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("verify", parents=[common], help="audit the store against the catalog")
    part = p.add_mutually_exclusive_group()
    part.add_argument("--since", type=_day, help="only objects and captures of days from "
                      "this date (YYYY-MM-DD) on")
    part.add_argument("--sample", type=_positive_int, metavar="N",
                      help="only N WARCs picked at random, with their indexes and captures")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("schedule", parents=[common], help="crawl on a schedule until stopped")
    p.add_argument("sources", nargs="*", metavar="SOURCE")
    p.add_argument("--every", type=_positive_float,
                   help="minutes between runs (default: [schedule] every_minutes, 30)")
    p.add_argument("--base-url", action="append", metavar="SOURCE=URL",
                   help="fetch SOURCE from another base URL (a mirror, a test site)")
    p.add_argument("--listen", default="127.0.0.1:9410", metavar="HOST:PORT",
                   help="serve /healthz, /readyz and /metrics here")
    p.set_defaults(func=cmd_schedule)

    p = sub.add_parser("replay", parents=[common],
                       help="serve the archive in pywb, straight from the store")
    p.add_argument("--listen", default="127.0.0.1:8090", metavar="HOST:PORT",
                   help="where pywb listens (default 127.0.0.1:8090)")
    p.add_argument("--index-dir", metavar="DIR",
                   help="the replay index kept from the store's CDXJ objects "
                   "(default DATA_DIR/replay-index)")
    p.add_argument("--sync-every", type=_positive_float, default=30.0, metavar="SECONDS",
                   help="look for new CDXJ objects in the store this often (default 30)")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("wacz", parents=[common],
                       help="build the WACZ of one source and day and store it beside the WARCs")
    p.add_argument("source", choices=SOURCES)
    p.add_argument("day", type=_day, metavar="YYYY-MM-DD")
    p.add_argument("--output", "-o", metavar="FILE",
                   help="also keep a copy of the WACZ in FILE")
    p.set_defaults(func=cmd_wacz)

    p = sub.add_parser("runs", parents=[common], help="run history")
    p.add_argument("--limit", type=_positive_int, default=20)
    p.set_defaults(func=cmd_runs)
    return ap


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for source in getattr(args, "sources", None) or []:
        if source not in SOURCES:
            parser.error(f"unknown source {source!r}; choose from {', '.join(SOURCES)}")
    try:
        return args.func(args)
    except Exception as e:  # noqa: BLE001 - every failure leaves as one line and a code
        error = _one_line_error(e)
        if error is None:
            raise
        print(f"newsarchive: error: {error}", file=sys.stderr)
        return error.exit_code


def _one_line_error(e: Exception) -> CommandError | None:
    """What the user must hear about a failure, as one line with its exit code."""
    import sqlite3

    from archive.store import StoreError, StoreUnavailable

    if isinstance(e, CommandError):
        return e
    if isinstance(e, StoreUnavailable):
        return CommandError(f"store unavailable: {e}", exits.STORE)
    if isinstance(e, StoreError):
        return CommandError(f"store error: {e}", exits.STORE)
    if isinstance(e, sqlite3.Error):
        text = str(e)
        if "locked" in text:
            return LocalStorageError(f"the catalog is locked by another process ({text})")
        return LocalStorageError(f"catalog: {exits.describe(e)}")
    if isinstance(e, OSError):
        where = f" {e.filename}" if e.filename else ""
        return LocalStorageError(f"cannot use{where}: {e.strerror or exits.describe(e)}")
    if isinstance(e, ValueError) and "URL" in str(e):
        return UsageError(str(e))
    return None


if __name__ == "__main__":
    sys.exit(main())
