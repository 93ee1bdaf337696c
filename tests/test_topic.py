"""Topic filter: the default Russia–Syria profile against the fixture records and unit cases."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from crawler.article import Article
from crawler.topic import DEFAULT_PROFILE, TopicFilter, TopicResult

SITES = ("yenisafak", "sputnik")


@pytest.fixture(scope="module")
def topic() -> TopicFilter:
    return TopicFilter.default()


# -- fixture records ----------------------------------------------------------


def _records(site):
    from tests.sitesim import articles_for

    return articles_for(site)


@pytest.mark.parametrize("site", SITES)
def test_keeps_exactly_the_relevant_fixture_records(topic, site):
    from tests.sitesim import SiteServer, expected_article

    records = _records(site)
    server = SiteServer(site)
    base = server.start().base_url
    try:
        wrong = []
        for rec in records:
            expected = expected_article(rec, base)
            result = topic.score(Article.from_dict(expected))
            want = "relevant" if rec.relevant else "irrelevant"  # the fixture has no borderline case
            if result.decision != want:
                wrong.append(f"{rec.article_id} {rec.category} {result.decision} totals={result.totals}")
    finally:
        server.stop()
    assert not wrong, "\n".join(wrong)
    assert any(r.relevant for r in records) and not all(r.relevant for r in records)


@pytest.mark.parametrize("site", SITES)
def test_relevance_end_to_end_through_extraction(topic, site):
    """Pages fetched from the fixture server, extracted, then filtered."""
    from tests.test_extract import fetch_page
    from tests.sitesim import SiteServer

    from crawler.extract import extract_article

    server = SiteServer(site)
    base = server.start().base_url
    try:
        kept = set()
        for rec in _records(site):
            url = base + rec.path
            if topic.score(extract_article(fetch_page(url), url)).archive:
                kept.add(rec.article_id)
    finally:
        server.stop()
    assert kept == {r.article_id for r in _records(site) if r.relevant}


# -- unit cases ---------------------------------------------------------------


def art(title="", lead="", body="", tags=()):
    return Article(url="https://example.com/a", source="test", title=title, lead=lead, body=body, tags=list(tags))


def test_both_sides_in_title_is_relevant(topic):
    r = topic.score(art(title="Russian, Syrian Defense Ministers Discuss Cooperation"))
    assert r.relevant
    assert r.sides["russia"] >= 3 and r.sides["syria"] >= 3
    assert "Russian" in r.matched["russia"] and "Syrian" in r.matched["syria"]


def test_syria_story_with_passing_russia_mention_is_not_relevant(topic):
    body = (
        "Syria's interim government opened a new border crossing with Jordan near Daraa on Monday. "
        "Officials in Damascus said trade through the crossing would double. "
        "The crossing had been closed since the war began, when Russia still backed the old government. "
        "Aleppo traders welcomed the decision."
    )
    r = topic.score(art(title="Syria reopens Jordan border crossing", lead="Damascus expects trade to double.", body=body))
    assert not r.relevant
    assert r.sides["syria"] >= 3
    assert 0 < r.sides["russia"] < 3


def test_russia_story_with_passing_syria_mention_is_not_relevant(topic):
    body = "The Kremlin said Putin would attend the summit. Peskov added that Syria was not on the agenda."
    r = topic.score(art(title="Putin to attend BRICS summit in Kazan", body=body))
    assert not r.relevant
    assert r.sides["russia"] >= 3 and r.sides["syria"] < 3


def test_body_only_story_about_both_is_relevant(topic):
    body = (
        "A delegation led by Yevkurov arrived in Damascus. Russian officers toured the Hmeimim air base. "
        "Syrian Defense Minister Abu Qasra said cooperation with Moscow would continue. "
        "Al-Sharaa received the delegation."
    )
    r = topic.score(art(title="Delegation visit", body=body))
    assert r.relevant, r.sides


def test_dateline_does_not_count(topic):
    body = "MOSCOW (Sputnik) - Syrian authorities said on Tuesday that Aleppo airport reopened. Damascus confirmed."
    r = topic.score(art(title="Aleppo airport reopens", body=body))
    assert r.sides["russia"] == 0


def test_word_boundaries_and_case(topic):
    r = topic.score(art(body="Prussia and Russiaville; syrian refugees; PUTIN; hts (lowercase) is not HTS."))
    assert r.matched["russia"] == ["Putin"]
    assert set(r.matched["syria"]) == {"Syrian", "HTS"}
    assert r.sides["syria"] == 2.0  # HTS counted once: the lowercase "hts" is not the acronym


def test_longest_variant_wins_without_double_count(topic):
    r = topic.score(art(body="Ahmad al-Sharaa met officials."))
    assert r.matched["syria"] == ["al-Sharaa"] and r.sides["syria"] == 1.0


def test_hyphenated_and_possessive_forms(topic):
    r = topic.score(art(title="Russia-Syria ties: Moscow's bases in Syria's west"))
    assert r.relevant
    assert {"Russia", "Moscow"} <= set(r.matched["russia"])


def test_turkish_variants(topic):
    r = topic.score(art(title="Rusya ile Suriye arasında yeni anlaşma", body="Şara Moskova'yı ziyaret etti."))
    assert r.relevant


def test_tartus_alone_is_syrian_but_the_base_is_russian(topic):
    assert topic.score(art(body="Fishermen in Tartus")).sides["russia"] == 0
    r = topic.score(art(body="the naval base in Tartus"))
    assert r.sides["russia"] > 0 and r.sides["syria"] > 0


def test_body_hits_are_capped(topic):
    r = topic.score(art(body="Russia " * 50))
    assert r.sides["russia"] == 3.0


def test_result_to_dict_round_trips_through_json(topic):
    import json

    r = topic.score(art(title="Russian, Syrian ministers meet", tags=["russia", "syria"]))
    d = r.to_dict()
    assert json.loads(json.dumps(d)) == d
    assert {"decision", "relevant", "score", "sides", "relation", "matched", "fields", "relations",
            "venues", "thresholds"} == set(d)
    assert d["decision"] == "relevant" and d["relevant"] is True
    # the score is the weakest side's total: its term points plus the relation points
    assert d["score"] == min(v + d["relation"] for v in d["sides"].values())
    assert d["relation"] == 1.5 and d["relations"][0]["field"] == "title"
    assert d["thresholds"] == {"russia": 3.0, "syria": 3.0, "band": 1.0}
    assert isinstance(r, TopicResult)


def test_accepts_a_mapping(topic):
    assert topic.score({"title": "Russia and Syria sign deal", "tags": None}).relevant


def test_empty_article(topic):
    r = topic.score(art())
    assert not r.relevant and r.score == 0 and r.sides == {"russia": 0.0, "syria": 0.0}


def test_profile_thresholds_come_from_the_file(tmp_path: Path):
    data = yaml.safe_load(DEFAULT_PROFILE.read_text(encoding="utf-8"))
    data["sides"]["russia"]["min_score"] = 1.0
    p = tmp_path / "loose.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    loose = TopicFilter.from_file(p)
    a = art(title="Syria reopens border", body="Russia once.")
    assert loose.score(a).relevant
    assert not TopicFilter.default().score(a).relevant


def test_profile_needs_sides():
    with pytest.raises(ValueError):
        TopicFilter({"name": "empty"})


# -- issue 11: links, relations, venues, the borderline band -------------------


def _total_of_fields(r, side):
    return round(sum(p for terms in r.fields[side].values() for p in terms.values()), 4)


def test_every_point_is_traceable_to_a_term_field_or_relation(topic):
    from tests.sitesim import articles_for

    for rec in articles_for("sputnik") + articles_for("yenisafak"):
        body = "\n\n".join(b for b in rec.body if isinstance(b, str))
        r = topic.score(art(title=rec.title, lead=rec.lead, body=body, tags=rec.tags))
        for side in ("russia", "syria"):
            assert _total_of_fields(r, side) == r.sides[side], (rec.article_id, side)
            assert r.totals[side] == round(r.sides[side] + r.relation, 4)
        assert round(sum(x.points for x in r.relations), 4) == r.relation
        assert r.score == min(r.totals.values())


def test_reconciliation_center_bulletin_without_country_names_is_relevant(topic):
    r = topic.score(art(
        title="Reconciliation Center Registers 9 Ceasefire Violations",
        lead="The Center for Reconciliation of Opposing Sides registered nine violations in Idlib.",
        body="Militants shelled Saraqib and Kafr Nabl in Idlib province, the center said. "
             "Officers of the reconciliation center delivered flour to Khan Shaykhun."))
    assert r.decision == "relevant", r.to_dict()
    assert r.fields["russia"]["title"] == {"Reconciliation Center (link)": 3.0}
    assert r.fields["syria"]["title"] == {"Reconciliation Center (link)": 3.0}
    assert any(x.level == "sentence" and "Idlib" in x.terms for x in r.relations)


def test_same_sentence_weighs_more_than_same_paragraph_more_than_far_apart(topic):
    sentence = "Officials said. Russian engineers arrived in Aleppo on Monday. Work began."
    paragraph = "Russian engineers arrived on Monday. Work began in Aleppo. Officials said."
    apart = "Russian engineers arrived on Monday.\n\nWork began.\n\nOfficials in Aleppo said."
    s, p, a = (topic.score(art(body=b)) for b in (sentence, paragraph, apart))
    assert s.sides == p.sides == a.sides == {"russia": 1.0, "syria": 1.0}
    assert s.relation > p.relation > a.relation == 0
    assert [x.level for x in s.relations] == ["sentence"]
    assert [x.level for x in p.relations] == ["paragraph"]


def test_a_place_that_is_only_a_venue_weighs_less(topic):
    venue = topic.score(art(title="Russians vote at polling station in Damascus",
                            body="Russian citizens cast ballots at the embassy in Damascus."))
    story = topic.score(art(title="Russians fly aid to Damascus",
                            body="Russian planes landed in Damascus with aid."))
    assert story.decision == "relevant"
    assert venue.decision == "irrelevant"
    assert venue.sides["syria"] < story.sides["syria"] / 5
    assert venue.relation == 0 and venue.venues == ["Damascus (title)", "Damascus (body)"]
    assert venue.fields["syria"]["title"] == {"Damascus": 0.3}  # 3.0 x venue factor 0.1


def test_aliases_transliterations_and_turkish_spellings(topic):
    for title in ("Esad rejimi ve Rusya", "Rusya'nın Şam büyükelçisi", "Suriye ve Moskova",
                  "Khmeimim", "Humaymim", "Hmeymim", "Tartous naval base", "Şara Putin ile görüştü",
                  "Julani meets Lavrentiev", "Colani ve Rusya"):
        r = topic.score(art(title=title))
        assert r.sides["russia"] >= 3 and r.sides["syria"] >= 3, (title, r.sides)


def test_operations_and_formats_carry_the_link(topic):
    su25 = topic.score(art(title="Su-25 shot down over Idlib",
                           body="The pilot ejected. The jet had taken off from Hmeimim."))
    astana = topic.score(art(title="Astana talks end with joint statement",
                             body="Guarantor countries Türkiye, Russia and Iran met in the Kazakh capital."))
    ukraine = topic.score(art(title="Su-25 strikes Ukrainian positions near Pokrovsk",
                              body="Aerospace Forces aircraft hit a stronghold in Donetsk."))
    assert su25.decision == astana.decision == "relevant"
    assert ukraine.decision == "irrelevant" and ukraine.sides["syria"] == 0


def _borderline_text():
    return art(title="Syria's wheat imports rise as drought cuts harvest",
               lead="Syria imported more wheat this year after a drought cut the harvest.",
               body="Syria imported 1.5 million tons of wheat this year, the Agriculture Ministry said. "
                    "Traders said about half the cargoes were of Russian origin.\n\n"
                    "A Russian-flagged vessel unloaded 30,000 tons in Tartus last week.")


def test_borderline_band(topic):
    r = topic.score(_borderline_text())
    assert r.decision == "borderline" and r.archive and not r.relevant
    assert 2.0 <= r.totals["russia"] < 3.0 <= r.totals["syria"]
    assert TopicFilter.default(borderline_band=0).score(_borderline_text()).decision == "irrelevant"
    assert TopicFilter.default(min_score=2.0).score(_borderline_text()).decision == "relevant"


def test_thresholds_from_settings(tmp_path, monkeypatch):
    from pydantic import ValidationError

    from newsarchive.config import Settings

    s = Settings.load(None, topic={"borderline_band": 0.0})
    assert TopicFilter.from_settings(s.topic).score(_borderline_text()).decision == "irrelevant"
    profile = tmp_path / "p.yaml"
    profile.write_text(DEFAULT_PROFILE.read_text(encoding="utf-8").replace(
        "borderline_band: 1.0", "borderline_band: 0.2"), encoding="utf-8")
    old_key = Settings.load(None, topic_profile=str(profile))  # the deprecated spelling still works
    assert old_key.topic.profile == profile
    assert TopicFilter.from_settings(old_key.topic).band == 0.2
    config = tmp_path / "n.toml"
    config.write_text("[topic]\nmin_score = 2.0\n", encoding="utf-8")
    monkeypatch.setenv("NEWSARCHIVE_TOPIC__BORDERLINE_BAND", "0.5")
    s = Settings.load(config)
    assert (s.topic.min_score, s.topic.borderline_band) == (2.0, 0.5)
    assert TopicFilter.from_settings(s.topic).score(_borderline_text()).decision == "relevant"
    with pytest.raises(ValidationError):
        Settings.load(None, topic={"band": 1.0})  # unknown keys are refused


def test_bad_profiles_are_refused():
    with pytest.raises(ValueError, match="reserved"):
        TopicFilter({"sides": {"link": {"terms": ["x"]}}})
    with pytest.raises(ValueError, match="borderline_band"):
        TopicFilter.default(borderline_band=-1)
