"""MinHash signatures and LSH band keys, vectorised with numpy.

A signature is ``num_perm`` minima of universal hashes ``(a·x + b) mod p``
(p = 2³¹ − 1) over a set of 32-bit features. Banding splits it into ``bands``
groups of ``rows``; each group becomes one 64-bit bucket key, salted with the
band number and the feature space, so one sorted array holds every bucket.
Two sets with Jaccard similarity s share at least one bucket with probability
1 − (1 − s^rows)^bands.
"""

from __future__ import annotations

import numpy as np

PRIME = np.uint64((1 << 31) - 1)
MASK64 = (1 << 64) - 1


def _splitmix(x: np.ndarray) -> np.ndarray:
    x = x + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


class MinHasher:
    def __init__(self, num_perm: int = 64, rows: int = 4, seed: int = 7):
        if num_perm % rows:
            raise ValueError("num_perm must be a multiple of rows")
        rng = np.random.default_rng(seed)
        self.num_perm, self.rows, self.bands = num_perm, rows, num_perm // rows
        self.a = rng.integers(1, int(PRIME), size=(num_perm, 1), dtype=np.uint64)
        self.b = rng.integers(0, int(PRIME), size=(num_perm, 1), dtype=np.uint64)
        self.mult = rng.integers(1, 1 << 63, size=rows, dtype=np.uint64) | np.uint64(1)

    def signature(self, features: np.ndarray) -> np.ndarray | None:
        """``num_perm`` uint32 minima, or None for an empty set (it has no signature)."""
        if not len(features):
            return None
        x = np.asarray(features, dtype=np.uint64)[None, :] % PRIME
        return ((self.a * x + self.b) % PRIME).min(axis=1).astype(np.uint32)

    def band_keys(self, signature: np.ndarray, space: int) -> np.ndarray:
        """One int64 bucket key per band (salted with ``space`` and the band number)."""
        with np.errstate(over="ignore"):
            m = signature.astype(np.uint64).reshape(self.bands, self.rows)
            acc = (m * self.mult).sum(axis=1, dtype=np.uint64)
            salt = np.arange(self.bands, dtype=np.uint64) + np.uint64(space * 1009)
            return _splitmix(acc ^ _splitmix(salt)).view(np.int64)

    def jaccard(self, s1: np.ndarray, s2: np.ndarray) -> float:
        return float(np.mean(s1 == s2))
