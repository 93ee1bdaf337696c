"""Story-level deduplication: recognising copies of one news story across outlets."""

from .compare import StoryMatch, compare

__all__ = ["StoryMatch", "compare"]
