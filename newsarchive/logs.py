"""Logging: one structlog processor chain for our lines and Scrapy's.

Every line carries the run id (bound once per process) and, where known, the
source; ``console`` renders for a terminal, ``json`` one object per line.
Standard-library records (Scrapy, Twisted, boto3) pass through the same chain
via :class:`structlog.stdlib.ProcessorFormatter`; a Scrapy record that names a
spider gets that spider's name as its source.
"""

from __future__ import annotations

import logging
import re
import sys

import structlog

_SECRET_RE = re.compile(r"(?i)(aws_secret_access_key|secret_access_key|secret|password|"
                        r"x-amz-security-token|authorization)(['\"]?\s*[:=]\s*['\"]?)[^\s'\",}]+")


def _source_from_spider(logger, method, event_dict):
    record = event_dict.get("_record")
    if record is not None and "source" not in event_dict:
        spider = getattr(record, "spider", None)
        if spider is not None:
            event_dict["source"] = getattr(spider, "name", str(spider))
    return event_dict


def _redact(logger, method, event_dict):
    """Last line of defence: mask anything that looks like a credential."""
    for key, value in list(event_dict.items()):
        if isinstance(value, str) and _SECRET_RE.search(value):
            event_dict[key] = _SECRET_RE.sub(r"\1\2***", value)
    return event_dict


NOISY = ("botocore", "boto3", "urllib3", "s3transfer", "filelock", "trafilatura", "htmldate",
         "scrapy.core.scraper", "scrapy.middleware", "scrapy.utils.log", "scrapy.addons",
         "scrapy.extensions.telnet", "scrapy.crawler", "charset_normalizer", "asyncio")


class _QuietLibraries(logging.Filter):
    """Libraries' chatter (enabled components, version lists) only from WARNING up.

    A handler filter, because Scrapy's logging setup resets logger levels."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        return not any(record.name == n or record.name.startswith(n + ".") for n in NOISY)


def configure(fmt: str = "console", level: str = "INFO", **bound) -> None:
    """Configure structlog and stdlib logging for this process; bind ``bound`` to every line."""
    shared = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _source_from_spider,
        structlog.processors.format_exc_info,
        _redact,
    ]
    renderer = (structlog.processors.JSONRenderer(ensure_ascii=False) if fmt == "json"
                else structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty()))
    structlog.configure(
        processors=[structlog.stdlib.filter_by_level, *shared,
                    structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter)
    handler.setLevel(level.upper())
    handler.addFilter(_QuietLibraries())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(**{k: v for k, v in bound.items() if v is not None})
