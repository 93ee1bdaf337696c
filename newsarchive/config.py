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

from pydantic import BaseModel, ConfigDict, Field, SecretStr
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
    operator: str = "newsarchive"
    politeness: Politeness = Field(default_factory=Politeness)
    warc_max_size: int = 1_000_000_000
    warc_prefix: str = "newsarchive"
    lookback_days: int = 1  # sitemap/daily-archive days checked when --since is not given
    topic_profile: Path | None = None  # default: the packaged Russia–Syria profile
    s3: S3Options = Field(default_factory=S3Options)
    ship_interval_s: float = 10.0
    ship_deadline_s: float = 60.0
    max_ship_backoff_s: float = 300.0
    crawl_timeout_s: float = 6 * 3600.0  # a crawl child running longer is stopped
    spool_alert_age_s: float = 6 * 3600.0  # older spooled files make a run "degraded"
    # i6-storage: store health — unfinished multipart uploads older than this are
    # aborted when a run starts (younger ones may belong to another running crawl)
    stale_upload_age_s: float = 24 * 3600.0
    catalog_busy_timeout_s: float = 30.0  # wait this long for a catalog another process locks
    log_format: Literal["console", "json"] = "console"
    log_level: str = "INFO"

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
