"""MinHash signatures and LSH band keys, vectorised with numpy.

A signature is ``num_perm`` minima of multiply-add-shift hashes
``((a·x + b) mod 2⁶⁴) >> 32`` (a odd) over a set of 32-bit features: a
2-independent family that needs no division, so a whole batch of documents is
hashed in a few numpy operations. Banding splits a signature into ``bands``
groups of ``rows``; each group becomes one 64-bit bucket key, salted with the
band number and the feature space, so one sorted array holds every bucket.
Two sets with Jaccard similarity s share at least one bucket with probability
1 − (1 − s^rows)^bands.
"""

from __future__ import annotations

import numpy as np

_SHIFT = np.uint64(32)


def _splitmix(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


class MinHasher:
    def __init__(self, num_perm: int = 48, rows: int = 3, seed: int = 7):
        if num_perm % rows:
            raise ValueError("num_perm must be a multiple of rows")
        rng = np.random.default_rng(seed)
        self.num_perm, self.rows, self.bands = num_perm, rows, num_perm // rows
        full = np.iinfo(np.uint64).max
        self.a = rng.integers(0, full, size=num_perm, dtype=np.uint64, endpoint=True) | np.uint64(1)
        self.b = rng.integers(0, full, size=num_perm, dtype=np.uint64, endpoint=True)
        self.mult = rng.integers(0, full, size=rows, dtype=np.uint64, endpoint=True) | np.uint64(1)

    def signature(self, features: np.ndarray) -> np.ndarray | None:
        """``num_perm`` uint32 minima, or None for an empty set (it has no signature)."""
        if not len(features):
            return None
        return self.signatures(np.asarray(features).reshape(1, -1))[0]

    def signatures(self, matrix: np.ndarray) -> np.ndarray:
        """Signatures of many sets at once: one row of features per set (a set may
        repeat a member to fill its row; repeats change no minimum)."""
        x = np.asarray(matrix, dtype=np.uint64)
        out = np.empty((x.shape[0], self.num_perm), dtype=np.uint32)
        # blocks of documents small enough that (perms × docs × features) stays in cache
        step = max(1, (1 << 19) // (self.num_perm * max(x.shape[1], 1)))
        a, b = self.a[:, None, None], self.b[:, None, None]
        buf = np.empty((self.num_perm, min(step, x.shape[0]), x.shape[1]), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for start in range(0, x.shape[0], step):
                block = x[None, start:start + step, :]
                h = buf[:, :block.shape[1], :]
                np.multiply(block, a, out=h)
                h += b
                h >>= _SHIFT
                out[start:start + step] = h.min(axis=2).T
        return out

    def band_keys(self, signature: np.ndarray, space: int) -> np.ndarray:
        """One int64 bucket key per band (salted with ``space`` and the band number)."""
        return self.band_keys_many(np.asarray(signature).reshape(1, -1), space)[0]

    def band_keys_many(self, signatures: np.ndarray, space: int) -> np.ndarray:
        n = signatures.shape[0]
        with np.errstate(over="ignore"):
            m = signatures.astype(np.uint64).reshape(n, self.bands, self.rows)
            acc = (m * self.mult).sum(axis=2, dtype=np.uint64)
            salt = _splitmix(np.arange(self.bands, dtype=np.uint64) + np.uint64(space * 1009))
            return _splitmix(acc ^ salt).view(np.int64)

    @staticmethod
    def jaccard(s1: np.ndarray, s2: np.ndarray) -> float:
        return float(np.mean(s1 == s2))
