"""The one settings object.

Values come, strongest first, from command-line options, ``NEWSARCHIVE_*``
environment variables, a TOML file (``--config`` or ``NEWSARCHIVE_CONFIG``),
then the defaults below. S3 credentials left unset fall through to boto3's own
chain (``AWS_*`` variables, AWS config files).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BASE_URLS = {
    "yenisafak": "https://en.yenisafak.com",
    "sputnik": "https://sputnikglobe.com",
}
CONTACT_URL = "https://github.com/newsarchive/newsarchive#crawler"


class S3Options(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    endpoint_url: str | None = None
    region: str | None = None
    addressing_style: Literal["auto", "path", "virtual"] | None = None
    access_key_id: str | None = None
    secret_access_key: SecretStr | None = None

    def store_options(self) -> dict[str, Any]:
        opts = self.model_dump(exclude_none=True)
        if self.secret_access_key is not None:
            opts["secret_access_key"] = self.secret_access_key.get_secret_value()
        return opts


class Politeness(BaseModel):
    model_config = ConfigDict(extra="forbid")

    autothrottle: bool = True
    concurrent_per_site: int = 1
    download_delay: float = 1.0
    obey_robots: bool = True  # tests may not turn this off; it is here for completeness


# -- topic filter (i11-topic): profile, thresholds and the borderline band ----------------
class TopicSettings(BaseModel):
    model_config = {"extra": "forbid"}

    profile: Path | None = None  # default: the packaged Russia–Syria profile
    min_score: float | None = Field(default=None, ge=0)  # every side must reach it; None: the profile's
    borderline_band: float | None = Field(default=None, ge=0)  # points below min_score still archived,
    #                                                            flagged "borderline"; None: the profile's


# --- intake: what the crawler lets in (issue 6 items 5, 7, 11; branch i6-scope) ---------------
MIB = 1 << 20


class SourceIntake(BaseModel):
    """Per-source scope and limits. A source fetches only its base URL's host, the real
    site's hosts, and ``hosts`` (asset/CDN hosts; shell patterns like ``cdn*.example.com``)."""

    model_config = ConfigDict(extra="forbid")
    hosts: list[str] = Field(default_factory=list)
    max_bytes: int = Field(32 * MIB, gt=0)  # as received (content-coded); the rest is cut
    max_decoded_bytes: int = Field(64 * MIB, gt=0)  # after content decoding; larger is refused
    max_seconds: float = Field(180.0, gt=0)  # one URL in total, across retries and waits

    @model_validator(mode="after")
    def _decoded_holds_received(self) -> "SourceIntake":
        if self.max_decoded_bytes < self.max_bytes:
            raise ValueError("max_decoded_bytes must be at least max_bytes")
        return self


class Intake(BaseModel):
    model_config = ConfigDict(extra="forbid")
    yenisafak: SourceIntake = Field(default_factory=lambda: SourceIntake(
        hosts=["img.piri.net", "assets.yenisafak.com"]))  # images, static assets (sites.md)
    sputnik: SourceIntake = Field(default_factory=lambda: SourceIntake(
        hosts=["cdn*.img.sputnikglobe.com"]))
    # host -> IP pins (as curl --resolve), e.g. where a resolver blocks a site; every
    # address, pinned or resolved, is checked before it is connected to
    resolve: dict[str, str] = Field(default_factory=dict)
    # The operator's choice (off by default): the configured base URLs' own hosts may be
    # at private (RFC 1918, unique-local), shared (100.64/10) or loopback addresses, e.g.
    # a mirror or test site on the deployment's own network. Only those hosts: CDN hosts,
    # redirects elsewhere and every other name stay refused at such addresses, and
    # link-local (cloud metadata), multicast and reserved addresses stay refused for all.
    allow_private_base_hosts: bool = False

    def source(self, name: str) -> SourceIntake:
        value = getattr(self, name, None)
        return value if isinstance(value, SourceIntake) else SourceIntake()


# discovery (issue 6): how far a --since backfill may page a listing before it reports
# that it stopped short of its date
class DiscoverySettings(BaseModel):
    max_listing_pages: int = Field(200, ge=1)


# -- story-level dedup (issue 7) ----------------------------------------------------
class DedupOptions(BaseModel):
    enabled: bool = True
    # reference: a copy of an archived story is written as a story-reference revisit
    # (its metadata and text diff kept); full: every copy archived in full, only linked
    policy: Literal["reference", "full"] = "reference"
    index: Path | None = None  # candidate index file; default {data_dir}/dedup-index.sqlite
    window_days: float = 7.0  # candidates published at most this far apart
    max_compare: int = 20  # candidates given to the matcher per article


# -- re-capture schedule (issue 8, i8-evidence) ----------------------------------------
# Each archived article is fetched again (conditionally) this many seconds after its
# first capture: edits become versions, removals takedown evidence (crawler/recapture.py)
class RecaptureSettings(BaseModel):
    enabled: bool = True
    ages: list[float] = Field(default_factory=lambda: [3600.0, 86400.0, 7 * 86400.0])

    @field_validator("ages")
    @classmethod
    def _ascending(cls, ages: list[float]) -> list[float]:
        if any(a <= 0 for a in ages) or ages != sorted(set(ages)):
            raise ValueError("recapture ages must be positive seconds in ascending order")
        return ages


# -- page requisites (issue 10, i10-requisites) -------------------------------------------
# With each archived article, what a browser needs to render it (stylesheets, fonts,
# images; crawler/requisites.py) on the site and its CDN hosts (``intake.<source>.hosts``)
class RequisiteSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    max_bytes: int = Field(8 * MIB, gt=0)  # per requisite, as received; larger is cut
    max_per_page: int = Field(300, ge=1)  # requisites taken from one page (or stylesheet)
    max_depth: int = Field(3, ge=0)  # stylesheet @import levels followed
# -- TLS (issue 8, i8-wire) --------------------------------------------------------------
# By default certificates are not verified, as archival crawlers do (Heritrix and warcprox
# trust any certificate by default; Scrapy too): a page behind an expired or self-signed
# certificate is still captured. verify=true refuses a certificate that does not verify
# for the host (name or IP address); ca_file then names the PEM file of the CAs trusted
# instead of the system's (an organisation's own CA, or a test's throwaway one).
class TlsSettings(BaseModel):
    verify: bool = False
    ca_file: Path | None = None


# -- scheduler service (issue 9 items 1, 4, 5, 6; branch i9-sched) ---------------------
class SourceSchedule(BaseModel):
    """One source's trigger: ``cron`` (five fields, UTC) or ``every_minutes``."""

    model_config = ConfigDict(extra="forbid")
    cron: str | None = None
    every_minutes: float | None = Field(None, gt=0)
    jitter_s: float | None = Field(None, ge=0)  # None: the [schedule] default
    enabled: bool = True

    @model_validator(mode="after")
    def _one_trigger(self) -> "SourceSchedule":
        if self.cron and self.every_minutes:
            raise ValueError("give cron or every_minutes, not both")
        return self


class AlertSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    webhook_url: str | None = None  # JSON POST of every alert raised or cleared
    webhook_timeout_s: float = Field(5.0, gt=0)
    history_runs: int = Field(10, ge=2)  # runs of a source the rules look back over
    idle_runs: int = Field(3, ge=1)  # finished runs with changed feeds but nothing archived
    fill_drop: float = Field(0.5, gt=0, le=1)  # field fill rate below this share of its history
    fill_min_articles: int = Field(2, ge=1)  # a run judged for fill rate archived at least this
    stale_intervals: float = Field(3.0, gt=0)  # no successful run for this many intervals
    quiet_hours: float = Field(24.0, ge=0)  # no new article this long while runs succeed; 0: off
    spool_growth_runs: int = Field(3, ge=2)  # backlog grew over this many runs in a row


class ScheduleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    every_minutes: float = Field(30.0, gt=0)
    jitter_s: float = Field(60.0, ge=0)
    misfire_grace_s: float = Field(600.0, gt=0)  # a run missed by more is skipped (coalesced)
    jobstore: str | None = None  # SQLAlchemy URL; default sqlite:///{data_dir}/schedule.sqlite
    listen: str = "127.0.0.1:9410"  # /healthz, /readyz, /metrics
    lease_ttl_s: float = Field(120.0, gt=0)  # a source's lease; renewed while its run lasts
    stuck_after_s: float = Field(120.0, gt=0)  # /healthz: scheduler loop silent this long
    stop_grace_s: float = Field(120.0, gt=0)  # first SIGTERM: wait this long for the crawl child
    holder: str | None = None  # lease holder name; default host:pid
    sources: dict[str, SourceSchedule] = Field(default_factory=dict)
    alerts: AlertSettings = Field(default_factory=AlertSettings)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSARCHIVE_", env_nested_delimiter="__",
                                      extra="forbid")

    data_dir: Path = Path("data")
    store: str | None = None  # default: {data_dir}/store (a local directory)
    catalog: str | None = None  # default: sqlite:///{data_dir}/catalog.sqlite
    spool_dir: Path | None = None  # default: {data_dir}/spool
    sources: list[str] = Field(default_factory=lambda: list(DEFAULT_BASE_URLS))
    base_urls: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_BASE_URLS))
    user_agent: str = f"newsarchive/0.1 (+{CONTACT_URL})"
    # i8-wire: warcinfo `operator`, a contact for the archive (a URL, or mailto:ADDRESS)
    operator: str = CONTACT_URL
    politeness: Politeness = Field(default_factory=Politeness)
    warc_max_size: int = 1_000_000_000
    warc_prefix: str = "newsarchive"
    lookback_days: int = 1  # sitemap/daily-archive days checked when --since is not given
    topic: TopicSettings = Field(default_factory=TopicSettings)  # i11-topic
    topic_profile: Path | None = None  # deprecated spelling of topic.profile, still honoured
    s3: S3Options = Field(default_factory=S3Options)
    ship_interval_s: float = 10.0
    ship_deadline_s: float = 60.0
    max_ship_backoff_s: float = 300.0
    ship_concurrency: int = Field(4, ge=1)  # uploads to the store at once while shipping
    crawl_timeout_s: float = 6 * 3600.0  # a crawl child running longer is stopped
    child_stop_grace_s: float = 10.0  # a stopped child gets this long to close its WARCs
    # i9-twosched: an article claim (crawlers sharing a catalog) lasts this long unless
    # its crawl renews it (every third of it); a killed crawler's claims lapse this soon
    claim_ttl_s: float = Field(120.0, gt=0)
    spool_alert_age_s: float = 6 * 3600.0  # older spooled files make a run "degraded"
    dedup: DedupOptions = Field(default_factory=DedupOptions)  # issue 7: story-level dedup
    # i6-storage: store health — unfinished multipart uploads older than this are
    # aborted when a run starts (younger ones may belong to another running crawl)
    stale_upload_age_s: float = 24 * 3600.0
    catalog_busy_timeout_s: float = 30.0  # wait this long for a catalog another process locks
    log_format: Literal["console", "json"] = "console"
    log_level: str = "INFO"
    intake: Intake = Field(default_factory=Intake)  # i6-scope: scope, size and time limits

    @model_validator(mode="after")
    def _topic_profile_alias(self) -> "Settings":  # i11-topic: the old top-level key
        if self.topic_profile is not None and self.topic.profile is None:
            self.topic = self.topic.model_copy(update={"profile": self.topic_profile})
        return self
    discovery: DiscoverySettings = Field(default_factory=DiscoverySettings)  # issue 6
    recapture: RecaptureSettings = Field(default_factory=RecaptureSettings)  # i8-evidence
    tls: TlsSettings = Field(default_factory=TlsSettings)  # i8-wire
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)  # i9-sched
    requisites: RequisiteSettings = Field(default_factory=RequisiteSettings)  # i10-requisites

    @classmethod
    def load(cls, config_file: str | os.PathLike | None = None, **overrides: Any) -> "Settings":
        config_file = config_file or os.environ.get("NEWSARCHIVE_CONFIG")
        data: dict[str, Any] = {}
        if config_file:
            with open(config_file, "rb") as f:
                data = tomllib.load(f)
        env = cls()  # environment and defaults only
        env_set = env.model_dump(include=env.model_fields_set, exclude_unset=True)
        merged = _merge(_merge({"base_urls": dict(DEFAULT_BASE_URLS)}, data), env_set)
        merged = _merge(merged, {k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(merged)

    # derived locations ---------------------------------------------------------
    @property
    def store_url(self) -> str:
        return self.store or str((self.data_dir / "store").resolve())

    @property
    def catalog_url(self) -> str:
        return self.catalog or f"sqlite:///{(self.data_dir / 'catalog.sqlite').resolve()}"

    @property
    def dedup_index_path(self) -> Path:
        return (self.dedup.index or self.data_dir / "dedup-index.sqlite").resolve()

    @property
    def jobstore_url(self) -> str:  # i9-sched
        return self.schedule.jobstore or f"sqlite:///{(self.data_dir / 'schedule.sqlite').resolve()}"

    @property
    def spool_path(self) -> Path:
        return (self.spool_dir or self.data_dir / "spool").resolve()


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``, table by table: an environment variable for one
    S3 option does not erase the other S3 options of the settings file."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out
