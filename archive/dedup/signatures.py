"""What the candidate index hashes of an article: three sets of 32-bit features.

- ``text``: word 3-shingles of lead + body (near-verbatim copies, updates);
- ``head``: word 3-shingles of the lead and the first two paragraphs, so a copy
  trimmed to its first paragraphs still lands in the same buckets as the
  original's opening (containment, not only resemblance);
- ``names``: the names, numbers and quoted words of the story (capitalised
  words, figures, the words inside quotation marks), which a rewrite with a new
  headline and reordered paragraphs keeps even when its wording changes.

Pure functions; hashing is stable across processes (CRC-32, not ``hash``).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import numpy as np

from crawler.article import Article

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_QUOTED = re.compile(r"[\"“”]([^\"“”]{12,400})[\"“”]")
_CACHE: dict[str, int] = {}
_CACHE_MAX = 500_000
HEAD_PARAGRAPHS = 2
SHINGLE = 3


@dataclass(frozen=True)
class Features:
    text: np.ndarray  # uint32, unique
    head: np.ndarray
    names: np.ndarray

    @property
    def empty(self) -> bool:
        return not len(self.text) and not len(self.names)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def word_hash(word: str) -> int:
    h = _CACHE.get(word)
    if h is None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        h = _CACHE[word] = zlib.crc32(word.encode("utf-8"))
    return h


def word_hashes(words: list[str]) -> np.ndarray:
    get = _CACHE.get
    values = [get(w) for w in words]
    if None in values:
        values = [word_hash(w) if v is None else v for w, v in zip(words, values)]
    return np.array(values, dtype=np.uint64)


def shingle_hashes(hashes: np.ndarray, n: int = SHINGLE) -> np.ndarray:
    """Unique 32-bit hashes of the word n-grams (fewer words than n: the words)."""
    h = np.asarray(hashes, dtype=np.uint64)
    if len(h) < n:
        return np.unique(h.astype(np.uint32))
    acc = np.zeros(len(h) - n + 1, dtype=np.uint64)
    for i in range(n):  # polynomial roll, wrapping in 64 bits, then folded to 32
        acc = acc * np.uint64(0x100000001B3) + h[i:len(h) - n + 1 + i]
    return np.unique((acc ^ (acc >> np.uint64(32))).astype(np.uint32))


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body or "") if p.strip()]


def full_text(article: Article) -> str:
    return "\n\n".join(t for t in (article.lead, article.body) if t)


def features(article: Article) -> Features:
    """The three feature sets; the text is tokenised once. The head is the lead and the
    first two paragraphs (sub-headings, being short, are skipped); names are capitalised
    words and figures, plus every word said inside quotation marks."""
    lead = tokens(article.lead or "")
    paras = [tokens(p) for p in paragraphs(article.body)]
    full = lead + [t for p in paras for t in p]
    hashes = word_hashes([t.lower() for t in full])
    text = shingle_hashes(hashes)
    head_words = lead + [t for p in [p for p in paras if len(p) >= 8][:HEAD_PARAGRAPHS] for t in p]
    head = shingle_hashes(word_hashes([t.lower() for t in head_words]))
    is_name = np.array([t[0].isupper() or t[0].isdigit() for t in full], dtype=bool)
    quoted = [("q:" + t.lower()) for q in _QUOTED.findall(full_text(article)) for t in tokens(q)]
    names = np.unique(np.concatenate([hashes[is_name], word_hashes(quoted)]).astype(np.uint32))
    return Features(text, head, names)
