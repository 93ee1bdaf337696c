"""Loading the settings with one-line errors: a missing or malformed file, an unknown
key (also inside a table such as ``[s3]``), a value of the wrong type, a bad store URL."""

from __future__ import annotations

import tomllib
from typing import Any
from urllib.parse import urlparse

from pydantic import ValidationError

from .config import Settings
from .exits import UsageError


def load_settings(config_file, **overrides: Any) -> Settings:
    try:
        settings = Settings.load(config_file, **overrides)
    except FileNotFoundError as e:
        raise UsageError(f"settings file {e.filename} does not exist") from None
    except IsADirectoryError as e:
        raise UsageError(f"settings file {e.filename} is a directory") from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"settings file {config_file} is not valid TOML: {e}") from None
    except ValidationError as e:
        raise UsageError("bad settings: " + "; ".join(_problem(err) for err in e.errors())
                         ) from None
    check_store_url(settings.store_url)
    return settings


def _problem(err: dict) -> str:
    where = ".".join(str(p) for p in err.get("loc", ())) or "settings"
    if err.get("type") == "extra_forbidden":
        return f"unknown key {where!r}"
    return f"{where}: {err.get('msg', 'invalid')}"


def check_store_url(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme == "s3":
        if not parsed.netloc:
            raise UsageError(f"bad store URL {url!r}: s3:// needs a bucket (s3://BUCKET/PREFIX)")
    elif parsed.scheme not in ("", "file"):
        raise UsageError(f"bad store URL {url!r}: use a path, file:///PATH or "
                         "s3://BUCKET/PREFIX")
    elif not (parsed.path or "").strip():
        raise UsageError(f"bad store URL {url!r}: no path")
