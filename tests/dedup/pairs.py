"""The evaluation set: labelled pairs of articles, each with its kind.

``same`` pairs carry one wire story; ``different`` pairs do not.  Every fourth pair of each kind is held
out (``heldout``): it was written with the others, before the matcher was tuned, and only run at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from crawler.article import Article, Dateline

from . import formulaic as f
from . import stories as s
from . import variants as v
from .build import copy_as, trimmed

HARD_KINDS = {
    "restructured", "trimmed", "rewritten_lead", "spun", "liveblog", "formulaic_copy",
    "other_agency", "formulaic_other_day", "shared_background",
}


@dataclass(frozen=True)
class Pair:
    kind: str
    same: bool
    a: Article
    b: Article
    heldout: bool = False
    fresh: bool = False  # written after the matcher was tuned (tests/dedup/fresh.py)

    @property
    def hard(self) -> bool:
        return self.kind in HARD_KINDS


def _fixture_articles() -> dict[str, Article]:
    """The fixture site's AA copies and Sputnik story (tests/sitesim), as extraction would give them."""
    from tests.sitesim import content_sputnik as csp
    from tests.sitesim import content_yenisafak as cys
    from tests.sitesim.records import dateline_prefix

    def to_article(rec) -> Article:
        texts = [b if isinstance(b, str) else getattr(b, "text", None) for b in rec.body]
        texts = [t for t in texts if t]
        if texts and rec.site == "sputnik":
            texts[0] = dateline_prefix(rec) + texts[0]
        return Article(
            url=f"https://{'sputnikglobe.com' if rec.site == 'sputnik' else 'www.yenisafak.com'}{rec.path}",
            source=rec.site, title=rec.title, lead=rec.lead, body="\n\n".join(texts),
            agency=rec.agency, published=rec.published.isoformat(),
            dateline=Dateline(rec.dateline, rec.agency) if rec.dateline else None, language="en",
        )

    sp = next(r for r in vars(csp).values() if isinstance(getattr(r, "title", None), str)
              and r.title.startswith("Lavrov, Syrian Foreign"))
    return {"ys01": to_article(cys.YS01), "ys02": to_article(cys.YS02), "sp_lavrov": to_article(sp)}


def _same() -> list[Pair]:
    fx = _fixture_articles()
    p = []
    add = lambda kind, a, b: p.append(Pair(kind, True, a, b))  # noqa: E731
    # easy
    for a, b in [(s.A_SWEIDA, v.YS_SWEIDA_VERBATIM), (s.A_RUBLE, v.DS_RUBLE_VERBATIM),
                 (s.A_NUCLEAR_TALKS, v.AA_NUCLEAR_SECOND_URL), (s.A_GAZA_AID, v.TRT_GAZA_VERBATIM)]:
        add("verbatim", a, b)
    for a, b in [(s.A_SWEIDA, v.AA_SWEIDA_UPDATED), (s.A_GAZA_AID, v.AA_GAZA_UPDATED),
                 (s.A_ARAGHCHI, v.AA_ARAGHCHI_UPDATED)]:
        add("update", a, b)
    # hard
    for a, b in [(s.A_SHAIBANI, v.YS_SHAIBANI), (s.A_ABUQASRA, v.YS_ABUQASRA), (s.A_ARAGHCHI, v.YS_ARAGHCHI),
                 (s.A_GAS, v.YS_GAS), (s.A_FIDAN_DAMASCUS, v.YS_FIDAN), (s.A_SWAP, v.YS_SWAP),
                 (s.A_QUNEITRA, v.YS_QUNEITRA), (fx["ys01"], fx["ys02"]), (v.YS_SHAIBANI, v.DS_SHAIBANI)]:
        add("restructured", a, b)
    for a, b in [(s.A_PUTIN_ERDOGAN, v.HDN_PUTIN_ERDOGAN), (s.A_RUBLE, v.HDN_RUBLE), (s.A_SWEIDA, v.DS_SWEIDA),
                 (s.A_NUCLEAR_TALKS, v.HDN_NUCLEAR), (s.A_GAZA_AID, v.DS_GAZA), (s.A_ABUQASRA, v.HDN_ABUQASRA),
                 (s.A_SHAIBANI, v.TRT_SHAIBANI), (s.A_QUNEITRA, v.HDN_QUNEITRA), (v.YS_ABUQASRA, v.HDN_ABUQASRA)]:
        add("trimmed", a, b)
    for a, b in [(s.A_SHAIBANI, v.DS_SHAIBANI), (s.A_ARAGHCHI, v.TRT_ARAGHCHI), (s.A_GAS, v.DS_GAS),
                 (s.A_QUNEITRA, v.MEMO_QUNEITRA), (s.A_SWAP, v.TRT_SWAP), (s.A_FIDAN_DAMASCUS, v.DS_FIDAN),
                 (s.A_NUCLEAR_TALKS, v.DS_NUCLEAR), (v.YS_GAS, v.DS_GAS)]:
        add("rewritten_lead", a, b)
    for a, b in [(s.A_SHAIBANI, v.SPUN_SHAIBANI), (s.A_ARAGHCHI, v.SPUN_ARAGHCHI), (s.A_QUNEITRA, v.SPUN_QUNEITRA),
                 (s.A_PUTIN_ERDOGAN, v.SPUN_PUTIN), (s.A_SWAP, v.SPUN_SWAP), (s.A_SWEIDA, v.SPUN_SWEIDA),
                 (s.A_RUBLE, v.SPUN_RUBLE), (v.YS_QUNEITRA, v.SPUN_QUNEITRA)]:
        add("spun", a, b)
    for a, b in [(s.A_GAZA_AID, v.LIVE_GAZA), (s.A_SWAP, v.LIVE_SWAP), (s.A_QUNEITRA, v.LIVE_QUNEITRA),
                 (s.A_FIDAN_DAMASCUS, v.LIVE_FIDAN), (s.A_NUCLEAR_TALKS, v.LIVE_NUCLEAR),
                 (v.YS_FIDAN, v.LIVE_FIDAN)]:
        add("liveblog", a, b)
    # formulaic stories and their same-day copies
    patrol34 = f.joint_patrol(34, "", "Tuesday", 4, "Ain al-Arab", "2026-11-10T10:40:00+00:00")
    neut5 = f.neutralized(5, "Monday", "Claw-Lock operation", "Iraq", "2026-11-16T08:15:00+00:00")
    toll = f.gaza_toll("44,056", "104,268", 36, "Thursday", "2026-11-19T09:50:00+00:00")
    quake = f.quake("4.8", "Malatya", "Puturge", "Friday", "10.14 a.m.", "7.2", "2026-11-20T07:30:00+00:00")
    add("formulaic_copy", patrol34, replace(copy_as(patrol34, "yenisafak", published="2026-11-10T12:00:00+00:00"),
                                            title="Türkiye, Russia hold 34th joint patrol in northern Syria"))
    add("formulaic_copy", neut5, trimmed(neut5, "dailysabah", keep=3, published="2026-11-16T10:00:00+00:00"))
    add("formulaic_copy", toll, replace(copy_as(toll, "yenisafak", published="2026-11-19T12:30:00+00:00"),
                                        title="Israeli genocide in Gaza: Death toll climbs to 44,056"))
    add("formulaic_copy", quake, trimmed(quake, "hurriyetdailynews", keep=2, published=None, agency=None))
    return p


def _different() -> list[Pair]:
    fx = _fixture_articles()
    p = []
    add = lambda kind, a, b: p.append(Pair(kind, False, a, b))  # noqa: E731
    for a, b in [(s.A_SHAIBANI, s.SP_SHAIBANI), (s.A_PUTIN_ERDOGAN, s.TASS_PUTIN_ERDOGAN),
                 (s.A_ARAGHCHI, s.RT_ARAGHCHI), (s.A_QUNEITRA, s.SP_QUNEITRA), (s.A_GAS, s.RT_GAS),
                 (s.A_FIDAN_DAMASCUS, s.SP_FIDAN_DAMASCUS), (v.YS_SHAIBANI, s.SP_SHAIBANI), (v.DS_GAS, s.RT_GAS),
                 (fx["ys01"], fx["sp_lavrov"]), (fx["ys02"], fx["sp_lavrov"]), (v.YS_QUNEITRA, s.SP_QUNEITRA)]:
        add("other_agency", a, b)
    for a, b in [(s.A_SHAIBANI, s.X_SHAIBANI_CALL), (s.A_ABUQASRA, s.X_ABUQASRA_BELOUSOV),
                 (s.A_PUTIN_ERDOGAN, s.X_PUTIN_ERDOGAN_OLD), (s.A_NUCLEAR_TALKS, s.X_NUCLEAR_GENEVA),
                 (s.A_QUNEITRA, s.X_QUNEITRA_STRIKE), (s.A_GAZA_AID, s.X_GAZA_SHOOTING), (s.A_SWAP, s.X_SWAP_OTHER),
                 (v.YS_ABUQASRA, s.X_ABUQASRA_BELOUSOV)]:
        add("shared_background", a, b)
    series = [
        (f.joint_patrol(34, "", "Tuesday", 4, "Ain al-Arab", "2026-11-10T10:40:00+00:00"),
         f.joint_patrol(35, "", "Tuesday", 4, "Ain al-Arab", "2026-11-17T10:35:00+00:00")),
        (f.joint_patrol(41, "", "Thursday", 5, "Darbasiyah", "2026-12-03T11:05:00+00:00"),
         f.joint_patrol(42, "", "Friday", 5, "Darbasiyah", "2026-12-04T10:50:00+00:00")),
        (f.neutralized(5, "Monday", "Claw-Lock operation", "Iraq", "2026-11-16T08:15:00+00:00"),
         f.neutralized(7, "Tuesday", "Claw-Lock operation", "Iraq", "2026-11-17T08:40:00+00:00")),
        (f.neutralized(3, "Wednesday", "Gara", "Iraq", "2026-11-18T09:00:00+00:00"),
         f.neutralized(3, "Thursday", "Operation Peace Spring", "Syria", "2026-11-19T09:20:00+00:00")),
        (f.neutralized(4, "Sunday", "Hakurk", "Iraq", "2026-11-22T07:45:00+00:00"),
         f.neutralized(4, "Thursday", "Hakurk", "Iraq", "2026-11-26T08:05:00+00:00")),
        (f.grain_ships(3, "Monday", "91,000", 120, "2.8 million", "2022-09-05T12:00:00+00:00"),
         f.grain_ships(4, "Tuesday", "105,500", 124, "2.9 million", "2022-09-06T12:20:00+00:00")),
        (f.grain_ships(2, "Friday", "58,000", 131, "3.1 million", "2022-09-09T11:10:00+00:00"),
         f.grain_ships(2, "Saturday", "67,300", 133, "3.2 million", "2022-09-10T11:40:00+00:00")),
        (f.quake("4.8", "Malatya", "Puturge", "Friday", "10.14 a.m.", "7.2", "2026-11-20T07:30:00+00:00"),
         f.quake("4.3", "Malatya", "Puturge", "Saturday", "3.02 a.m.", "9.1", "2026-11-21T00:20:00+00:00")),
        (f.quake("4.8", "Kahramanmaras", "Goksun", "Monday", "6.51 p.m.", "8.4", "2026-10-12T16:10:00+00:00"),
         f.quake("4.8", "Sivas", "Gurun", "Monday", "11.23 a.m.", "6.0", "2026-10-19T08:40:00+00:00")),
        (f.gaza_toll("44,056", "104,268", 36, "Thursday", "2026-11-19T09:50:00+00:00"),
         f.gaza_toll("44,176", "104,473", 120, "Sunday", "2026-11-22T10:05:00+00:00")),
        (f.returns("550,000", "October", "Wednesday", "Cilvegozu", "2026-11-04T13:00:00+00:00"),
         f.returns("578,000", "November", "Friday", "Cilvegozu", "2026-12-04T12:30:00+00:00")),
        # a copy of one day's story against the next day's original
        (replace(copy_as(f.joint_patrol(34, "", "Tuesday", 4, "Ain al-Arab", "2026-11-10T10:40:00+00:00"),
                         "yenisafak", published="2026-11-10T12:00:00+00:00"),
                 title="Türkiye, Russia hold 34th joint patrol in northern Syria"),
         f.joint_patrol(35, "", "Tuesday", 4, "Ain al-Arab", "2026-11-17T10:35:00+00:00")),
    ]
    for a, b in series:
        add("formulaic_other_day", a, b)
    # easy: same region and topic, different stories; unrelated stories
    for a, b in [(s.A_SHAIBANI, s.A_ABUQASRA), (s.A_ARAGHCHI, s.A_NUCLEAR_TALKS), (s.A_QUNEITRA, s.A_SWEIDA),
                 (s.A_PUTIN_ERDOGAN, s.A_RUBLE), (s.A_FIDAN_DAMASCUS, s.A_GAS), (s.A_SWAP, s.A_PUTIN_ERDOGAN),
                 (s.A_GAZA_AID, s.A_QUNEITRA), (s.SP_SHAIBANI, s.A_ABUQASRA), (v.YS_FIDAN, v.YS_GAS)]:
        add("same_topic", a, b)
    for a, b in [(s.A_SWEIDA, s.A_RUBLE), (s.A_GAS, s.A_NUCLEAR_TALKS), (s.A_SWAP, s.A_GAZA_AID),
                 (v.LIVE_GAZA, s.A_SWAP), (v.HDN_RUBLE, v.SPUN_SWEIDA),
                 (f.quake("4.8", "Malatya", "Puturge", "Friday", "10.14 a.m.", "7.2", "2026-11-20T07:30:00+00:00"),
                  f.neutralized(5, "Monday", "Claw-Lock operation", "Iraq", "2026-11-16T08:15:00+00:00"))]:
        add("unrelated", a, b)
    return p


def _mark_heldout(pairs: list[Pair]) -> list[Pair]:
    seen: dict[str, int] = {}
    out = []
    for pair in pairs:
        i = seen.get(pair.kind, 0)
        seen[pair.kind] = i + 1
        out.append(replace(pair, heldout=(i % 4 == 3)))
    return out


def _fresh() -> list[Pair]:
    from . import fresh
    return [Pair(kind, True, a, b, fresh=True) for kind, a, b in fresh.SAME] + \
        [Pair(kind, False, a, b, fresh=True) for kind, a, b in fresh.DIFFERENT]


PAIRS: list[Pair] = _mark_heldout(_same() + _different()) + _fresh()
