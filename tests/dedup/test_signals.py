"""Unit tests of the matcher's signals and of ``compare`` on small, hand-made cases."""

from __future__ import annotations

import dataclasses

import pytest

from archive.dedup import StoryMatch, compare
from archive.dedup import text as t
from crawler.article import Article, Dateline

from . import formulaic as f
from . import stories as s
from .build import copy_as, trimmed


def article(body: str, title: str | None = None, lead: str | None = None, source: str = "somesite",
            **kw) -> Article:
    return Article(url=f"https://{source}.example/{abs(hash(body)) % 10**6}", source=source, title=title,
                   lead=lead, body=body, **kw)


# --- text signals ----------------------------------------------------------------------------------

def test_quotes_are_found_with_curly_and_straight_marks_and_short_ones_dropped():
    text = t.fold("\u201cWe agreed to set up a joint committee,\u201d Lavrov said. He called it \"good\". "
                  "\"Syria is open to a relationship with Russia,\" al-Shaibani said.")
    qs = [" ".join(q) for q in t.quotes(text)]
    assert qs == ["we agre to set up a joint committe", "syria is open to a relationship with russia"]


def test_numbers_are_keyed_by_what_they_count():
    toks = t.words("Turkish and Russian troops conducted their 34th joint patrol with 4 military vehicles "
                   "on Oct. 10, killing 44,056 people since 2023.")
    nums = t.numbers(toks)
    assert nums[t.canon("joint")] == {"34"}
    assert nums[t.canon("military")] == {"4"}
    assert nums["date:10"] == {"10"}
    assert nums[t.canon("people")] == {"44056"}
    assert nums["year"] == {"2023"}


def test_number_conflicts_need_the_same_counted_thing_with_no_common_value():
    a = t.numbers(t.words("Türkiye neutralizes 5 PKK terrorists in northern Iraq"))
    b = t.numbers(t.words("Türkiye neutralizes 7 PKK terrorists in northern Iraq"))
    c = t.numbers(t.words("Türkiye neutralizes 5 PKK terrorists; 12 soldiers wounded"))
    assert t.number_conflicts(a, b) == [(t.canon("PKK"), "5", "7")]
    assert t.number_conflicts(a, c) == []
    # background years never conflict
    assert t.number_conflicts(t.numbers(t.words("since 1963")), t.numbers(t.words("since 2011"))) == []


def test_weekdays_and_names():
    toks, starts = t.words("On Sunday Hakan Fidan met Abbas Araghchi in Ankara."), {0}
    assert t.weekdays(toks) == {"sunday"}
    assert {"hakan", "fidan", "abba", "araghchi", "ankara"} <= t.names(toks, starts)
    assert "on" not in t.names(toks, starts)


@pytest.mark.parametrize("opening, place, agency", [
    ("MOSCOW (Sputnik) - Russian Foreign Minister", "MOSCOW", "Sputnik"),
    ("ANKARA, Nov 9 (Reuters) - Iran's Foreign Minister", "ANKARA", "Reuters"),
    ("KILIS, Turkey, Aug 2 (Reuters) - Natural gas", "KILIS", "Reuters"),
    ("MOSCOW, November 17. /TASS/. Russian President", "MOSCOW", "TASS"),
    ("GAZA CITY (AA) - Israel prevented", "GAZA CITY", "AA"),
    ("Syrian Foreign Minister Asaad al-Shaibani met", None, None),
    ("US (Reuters) - short", None, None),
])
def test_dateline_parsing(opening, place, agency):
    assert t.dateline(opening) == (place, agency)


def test_agency_credits_fold_to_families():
    assert t.agency_family("Anadolu Agency") == t.agency_family("AA") == "AA"
    assert t.agency_family("RIA Novosti") == t.agency_family("Sputnik")
    assert t.agency_family("Reuters") != t.agency_family("AA")
    assert t.agency_family("Kyodo") == "Kyodo"  # unknown credits are kept, not dropped
    assert t.agency_family(None) is None and t.agency_family("  ") is None


def test_spelling_and_synonyms_fold():
    assert t.stem("neutralised") == t.stem("neutralized")
    assert t.stem("neighbours") == t.stem("neighbors")
    assert t.canon("stated") == t.canon("said") and t.canon("troops") == t.canon("forces")
    assert t.stem("promised") != t.stem("promized")  # not every -ise word is British spelling


# --- compare -----------------------------------------------------------------------------------------

def test_result_shape_and_identity():
    m = compare(s.A_SHAIBANI, s.A_SHAIBANI)
    assert isinstance(m, StoryMatch) and m.same_story and m.score == 1.0
    assert isinstance(m.reasons, tuple) and all(isinstance(r, str) for r in m.reasons)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.same_story = False  # type: ignore[misc]


def test_symmetric_decision():
    from .pairs import PAIRS
    for p in PAIRS[::3]:
        assert compare(p.a, p.b).same_story == compare(p.b, p.a).same_story, p.kind


def test_reasons_name_the_evidence():
    m = compare(s.A_SHAIBANI, s.SP_SHAIBANI)
    assert not m.same_story
    assert any(r.startswith("shared quote: 'we agre") for r in m.reasons)
    assert "different agencies AA vs Rossiya Segodnya" in m.reasons
    assert "same dateline MOSCOW" in m.reasons
    assert any(r.startswith("published 1 h apart") for r in m.reasons)

    patrol = compare(f.joint_patrol(34, "", "Tuesday", 4, "Ain al-Arab", "2026-11-10T10:40:00+00:00"),
                     f.joint_patrol(35, "", "Tuesday", 4, "Ain al-Arab", "2026-11-17T10:35:00+00:00"))
    assert not patrol.same_story and any(r.startswith("numbers 34 ≠ 35") for r in patrol.reasons)


def test_number_veto_beats_identical_wording():
    a = f.neutralized(5, "Monday", "Claw-Lock operation", "Iraq", "2026-11-16T08:15:00+00:00")
    b = f.neutralized(6, "Monday", "Claw-Lock operation", "Iraq", "2026-11-16T08:15:00+00:00")
    assert compare(a, a).same_story
    assert not compare(a, b).same_story


def test_weekday_veto():
    a = f.neutralized(4, "Sunday", "Hakurk", "Iraq", "2026-11-22T07:45:00+00:00")
    b = f.neutralized(4, "Thursday", "Hakurk", "Iraq", "2026-11-22T07:45:00+00:00")
    m = compare(a, b)
    assert not m.same_story and "weekdays sunday vs thursday" in m.reasons


def test_publication_weeks_apart_vetoes_even_the_same_text():
    late = copy_as(s.A_SWEIDA, "yenisafak", published="2026-09-30T10:00:00+00:00")
    assert compare(s.A_SWEIDA, copy_as(s.A_SWEIDA, "yenisafak")).same_story
    m = compare(s.A_SWEIDA, late)
    assert not m.same_story and "published 77 days apart" in m.reasons


def test_different_agency_does_not_split_a_verbatim_copy():
    # an outlet that credits the wrong agency on a verbatim copy is still running the same text
    miscredited = copy_as(s.A_RUBLE, "hurriyetdailynews", agency="Reuters")
    assert compare(s.A_RUBLE, miscredited).same_story


def test_missing_fields_and_any_outlet():
    bare = dataclasses.replace(trimmed(s.A_GAS, "some-new-outlet.az", published=None, agency=None,
                                       title=None), lead=None, dateline=None)
    m = compare(s.A_GAS, bare)
    assert m.same_story and 0.0 <= m.score <= 1.0
    assert not any("published" in r or "agenc" in r for r in m.reasons)
    empty = article("", source="")
    for other in (s.A_GAS, empty):
        m = compare(empty, other)
        assert not m.same_story and m.score == 0.0


def test_source_of_an_agency_site_implies_its_credit():
    uncredited = dataclasses.replace(s.SP_SHAIBANI, agency=None, dateline=None,
                                     body=s.SP_SHAIBANI.body.replace("MOSCOW (Sputnik) - ", ""))
    m = compare(s.A_SHAIBANI, uncredited)  # source "sputnik": Sputnik's own story
    assert not m.same_story and "different agencies AA vs Rossiya Segodnya" in m.reasons
    elsewhere = dataclasses.replace(uncredited, source="some-aggregator")
    assert not any(r.startswith("different agencies") for r in compare(s.A_SHAIBANI, elsewhere).reasons)


def test_dateline_field_and_text_dateline_agree():
    a = article("MOSCOW (Sputnik) - Text of the story about the talks in Moscow on Sunday.", source="x")
    b = article("Text of the story about the talks in Moscow on Sunday.", source="y",
                dateline=Dateline("MOSCOW", "Sputnik"))
    m = compare(a, b)
    assert "same dateline MOSCOW" in m.reasons and "same agency Rossiya Segodnya" in m.reasons


def test_a_credit_naming_two_agencies_shares_either():
    assert t.agency_families("AA, Reuters") == {"AA", "Reuters"}
    assert t.agency_families("Daily Sabah with AA") == {"AA"}
    merged = dataclasses.replace(copy_as(s.A_GAS, "dailysabah"), agency="AA and Reuters")
    m = compare(s.A_GAS, merged)
    assert m.same_story and "same agency AA" in m.reasons
