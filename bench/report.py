"""Where a benchmark keeps its figures: bench/results/NAME.json (not tracked by git)."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_results(name: str, results: dict) -> str:
    """Write ``results`` to bench/results/``name``.json; its path, relative to the repository."""
    out = ROOT / "bench" / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return str(out.relative_to(ROOT))
