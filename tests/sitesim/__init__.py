"""Fixture web sites standing in for Yeni Şafak English and Sputnik International.

    from tests.sitesim import SiteServer, articles_for, expected_article, new_article
    with SiteServer("sputnik") as srv:
        srv.base_url, srv.records, srv.publish(new_article("sputnik")), srv.log

Run one from the shell: ``python -m tests.sitesim sputnik --port 8081``.
"""

from .expected import expected_article
from .faults import FaultRegistry, parse_spec
from .records import ArticleRecord, Block, Picture, Video, articles_for, new_article
from .content_wirecopies import wire_copies  # issue 7: extra AA wire copies, published by tests
from .server import LogEntry, SiteServer
from .layout_redesign import RedesignedSite  # i9-sched: article pages switch to a new layout

__all__ = [
    "ArticleRecord", "Block", "FaultRegistry", "LogEntry", "Picture", "SiteServer", "Video",
    "articles_for", "expected_article", "new_article", "parse_spec", "wire_copies",
]
