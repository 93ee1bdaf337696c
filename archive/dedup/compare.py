"""``compare(a, b)``: do two articles carry the same news story?

The decision reads the articles the way a wire editor does:

* **text** — how much of one article's head (headline, lead, first paragraphs) is found in the other
  article (word 3-shingles, containment, so trimmed copies and live blogs count in full), and, for
  copies run through a synonym spinner, how much of the head's vocabulary survives in the same order
  (stems folded through a synonym table, longest-common-subsequence ratio);
* **evidence** that raises it — a shared direct quote, the same names, the same dateline, the same
  counts, publication within hours;
* **vetoes** — different agencies' credit (two agencies' reports of one meeting are two stories), the
  same counted thing with different numbers or a different weekday in the heads (AA's formulaic daily
  stories), publication weeks apart.

Known limits, chosen on purpose: a count that changes between two versions of one story (an update
raising a death toll in the lead) splits them, because the same rule keeps AA's daily stories apart; a
copy republished more than ``MAX_DAYS`` later is not joined; a spinner that also rewrites names and
quotations leaves only the in-order vocabulary to go on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from difflib import SequenceMatcher

from crawler.article import Article

from .features import Features, features
from .text import number_conflicts

THRESHOLD = 0.5
VERBATIM = 0.8  # containment above which two agencies' credits cannot keep the texts apart
MAX_DAYS = 14  # copies appear within hours or days
# what each piece of evidence adds to the text score; together, the most it can add
QUOTE, MORE_QUOTES, MAX_MORE_QUOTES = 0.08, 0.05, 2
NAMES, DATELINE, NUMBERS, HOURS = 0.06, 0.04, 0.04, 0.03
MAX_EVIDENCE = QUOTE + MORE_QUOTES * MAX_MORE_QUOTES + NAMES + DATELINE + NUMBERS + HOURS
_ROUNDING = 1e-9  # room for the same sum taken in another order


@dataclass(frozen=True)
class StoryMatch:
    same_story: bool
    score: float
    reasons: tuple[str, ...]


_held = threading.local()  # the matcher of the last ``b``: SequenceMatcher indexes its
#                          second sequence, and a new article (``b``) meets ~20 candidates


def _seq_ratio(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if not a or not b:
        return 0.0
    held = getattr(_held, "pair", None)
    if held is not None and held[0] is b:
        m = held[1]
        m.set_seq1(a)
    else:
        m = SequenceMatcher(None, a, b, autojunk=False)
        _held.pair = (b, m)
    matched = sum(block.size for block in m.get_matching_blocks())
    return matched / min(len(a), len(b))


def _seq_ratio_bound(fa: Features, fb: Features) -> float:
    """An upper bound of :func:`_seq_ratio` of the heads at a fraction of its cost: matching
    blocks never hold more words than the two heads have in common (as multisets)."""
    if not fa.head_seq or not fb.head_seq:
        return 0.0
    return len(fa.head_bag & fb.head_bag) / min(len(fa.head_seq), len(fb.head_seq))


def _spin_adj(spin: float) -> float:
    """The in-order ratio as a text score: unrelated heads share ~35 % of ordered vocabulary."""
    return max(0.0, (spin - 0.35) / 0.65)


def _shared_quotes(fa: Features, fb: Features) -> list[str]:
    shared = []
    for q in fa.quotes:
        if (" " + " ".join(q) + " ") in fb.full_stems:
            shared.append(" ".join(q))
    for q in fb.quotes:
        joined = " ".join(q)
        if (" " + joined + " ") in fa.full_stems and joined not in shared:
            shared.append(joined)
    return shared


def _overlap(a: frozenset, b: frozenset) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _hours_apart(fa: Features, fb: Features) -> float | None:
    if fa.published and fb.published:
        return abs((fa.published - fb.published).total_seconds()) / 3600
    return None


def _fixed_vetoes(fa: Features, fb: Features, hours: float | None) -> tuple[bool, list[str]]:
    """The vetoes no text measure lifts, and their reasons: counts or dates in the heads
    that disagree, different weekdays, publication more than ``MAX_DAYS`` apart (without
    a reason of its own: the evidence states the distance)."""
    reasons = []
    conflicts = number_conflicts(fa.head_numbers, fb.head_numbers)
    if conflicts:
        key, va, vb = conflicts[0]
        reasons.append(f"numbers {va} ≠ {vb} ({key.removeprefix('date:')})" if not key.startswith("date:")
                       else f"dates {va} ≠ {vb}")
    if fa.head_weekdays and fb.head_weekdays and not fa.head_weekdays & fb.head_weekdays:
        reasons.append(f"weekdays {'/'.join(sorted(fa.head_weekdays))} vs {'/'.join(sorted(fb.head_weekdays))}")
    return bool(reasons) or (hours is not None and hours > MAX_DAYS * 24), reasons


def _agencies(fa: Features, fb: Features, full: float) -> tuple[bool, str | None]:
    """What the credits say: a veto (two agencies' reports, unless nearly verbatim), and why."""
    if not (fa.agencies and fb.agencies):
        return False, None
    common = fa.agencies & fb.agencies
    if common:
        return False, f"same agency {'/'.join(sorted(common))}"
    return (full < VERBATIM,
            f"different agencies {'/'.join(sorted(fa.agencies))} vs {'/'.join(sorted(fb.agencies))}")


def compare(a: Article, b: Article, *, only_match: bool = False) -> StoryMatch:
    """Whether ``a`` and ``b`` carry the same story, with a score in [0, 1] and the reasons.

    ``only_match`` (the story desk, which keeps only matches): a pair is cut as soon as it
    certainly is not the same story — a veto no text measure lifts, a text score that all
    the evidence together could not raise to the threshold, an agencies' veto, or an upper
    bound of the in-order ratio that does not make it one (the costly exact ratio is then
    skipped). The (not same story) result of a cut carries its reasons and the score of the
    bound (0 for a veto). A pair that is the same story gets exactly the result it gets
    without ``only_match``: every cut rests on an upper bound of the score."""
    fa, fb = features(a), features(b)
    if only_match:
        vetoed, why = _fixed_vetoes(fa, fb, _hours_apart(fa, fb))
        if vetoed:
            return StoryMatch(same_story=False, score=0.0,
                              reasons=tuple(why) or (f"published over {MAX_DAYS} days apart",))

    # --- text -------------------------------------------------------------------------------------
    head_ab = len(fa.head_shingles & fb.full_shingles) / len(fa.head_shingles) if fa.head_shingles else 0.0
    head_ba = len(fb.head_shingles & fa.full_shingles) / len(fb.head_shingles) if fb.head_shingles else 0.0
    head = max(head_ab, head_ba)
    # unrelated heads share ~30% of ordered vocabulary; the exact in-order ratio (difflib,
    # the costly part) only matters when its upper bound could beat the shared lead text
    spin = _seq_ratio_bound(fa, fb)
    if only_match and max(head, _spin_adj(spin)) + MAX_EVIDENCE < THRESHOLD - _ROUNDING:
        return StoryMatch(same_story=False, score=round(max(head, _spin_adj(spin)) + MAX_EVIDENCE, 3),
                          reasons=("too little text shared",))
    full = _overlap(fa.full_shingles, fb.full_shingles)
    if only_match:
        vetoed, why = _agencies(fa, fb, full)
        if vetoed:
            return StoryMatch(same_story=False, score=0.0, reasons=(why,))
    if _spin_adj(spin) > head:
        if only_match:
            upper = _judge(fa, fb, head, full, spin)
            if not upper.same_story:
                return upper
        spin = _seq_ratio(fa.head_seq, fb.head_seq)
    return _judge(fa, fb, head, full, spin)


def _judge(fa: Features, fb: Features, head: float, full: float, spin: float) -> StoryMatch:
    """The verdict from the text measures (``spin``: the in-order ratio of the heads)
    and the evidence and vetoes of the two feature sets."""
    reasons: list[str] = []
    spin_adj = _spin_adj(spin)
    text_score = max(head, spin_adj)
    if head >= spin_adj:
        reasons.append(f"lead text shared {head:.0%}")
    else:
        reasons.append(f"lead wording matches {spin:.0%} in order")
    if full >= 0.5:
        reasons.append(f"full text contained {full:.0%}")

    score = text_score
    # --- evidence -----------------------------------------------------------------------------------
    quotes = _shared_quotes(fa, fb)
    if quotes:
        # every further quotation both carry is more evidence of one source text
        score += QUOTE + MORE_QUOTES * min(MAX_MORE_QUOTES, len(quotes) - 1)
        reasons.append(f"shared quote: '{_short(quotes[0])}'")
        if len(quotes) > 1:
            reasons.append(f"{len(quotes)} quotes shared")
    names = _overlap(fa.head_names, fb.head_names)
    if fa.head_names and fb.head_names:
        if names >= 0.6:
            score += NAMES
            reasons.append(f"names shared {names:.0%}")
        elif names < 0.25:
            score -= 0.1
            reasons.append(f"few names shared ({names:.0%})")
    if fa.dateline and fb.dateline:
        if fa.dateline == fb.dateline:
            score += DATELINE
            reasons.append(f"same dateline {fa.dateline}")
        else:
            score -= 0.04
            reasons.append(f"datelines {fa.dateline} vs {fb.dateline}")
    agreeing = [k for k in fa.head_numbers.keys() & fb.head_numbers.keys()
                if k != "year" and fa.head_numbers[k] & fb.head_numbers[k]]
    if agreeing:
        score += NUMBERS
        reasons.append("same numbers " + ", ".join(sorted(min(fa.head_numbers[k]) for k in agreeing)[:3]))
    hours = _hours_apart(fa, fb)
    if hours is not None:
        if hours <= 48:
            score += HOURS
        elif hours > 24 * 4:
            score -= 0.1
        reasons.append(f"published {hours:.0f} h apart" if hours < 72 else f"published {hours / 24:.0f} days apart")

    # --- vetoes -------------------------------------------------------------------------------------
    veto, why = _fixed_vetoes(fa, fb, hours)
    agency_veto, agency_reason = _agencies(fa, fb, full)
    reasons += why + ([agency_reason] if agency_reason else [])

    score = min(1.0, max(0.0, score))
    if veto or agency_veto:
        score = min(score, THRESHOLD - 0.01) * 0.6
    return StoryMatch(same_story=score >= THRESHOLD, score=round(score, 3), reasons=tuple(reasons))
