"""Story-level deduplication: the matcher, the candidate index, story clusters and
the policy for a copy. This module only re-exports."""

from .clusters import story_id_for
from .compare import StoryMatch, compare
from .index import Candidate, CandidateIndex, SqliteCandidateIndex, open_index, rebuild
from .policy import StoryDesk, Verdict

__all__ = ["Candidate", "CandidateIndex", "SqliteCandidateIndex", "StoryDesk", "StoryMatch",
           "Verdict", "compare", "open_index", "rebuild", "story_id_for"]
