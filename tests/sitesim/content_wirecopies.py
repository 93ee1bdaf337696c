"""Further copies of AA wire stories on the Yeni Şafak fixture, for story-level dedup.

Not part of the default site (the built-in records and their counts stay as
they are): tests publish them with :meth:`SiteServer.publish` when a copy
should appear *after* its original was archived, as copies do.

``TRIMMED_LAVROV`` is a third Yeni Şafak rendering of the AA story that
``ys01``/``ys02`` carry (Shaibani–Lavrov talks in Moscow): a brief for the
Türkiye section the next evening, re-headlined, with a rewritten lead, only
two of the wire paragraphs (shortened), and an added paragraph of the
outlet's own about Ankara's view. The default Sputnik site's sp01 reports
the same meeting from Sputnik's own reporting and must stay a story of its own.
"""

from __future__ import annotations

from datetime import datetime

from .records import ISTANBUL, ArticleRecord, Picture, h, ys_image_path

AA_LAVROV_STORY = "aa-20261115-shaibani-lavrov-moscow"


def _ist(y: int, mo: int, d: int, hh: int, mm: int) -> datetime:
    return datetime(y, mo, d, hh, mm, tzinfo=ISTANBUL)


def wire_copies() -> list[ArticleRecord]:
    """Fresh records of the extra wire copies (one per call, safe to mutate)."""
    return [ArticleRecord(
        site="yenisafak",
        article_id="3725790",
        slug="russia-signals-flexibility-on-syria-bases-after-shaibani-visit",
        section="turkiye",
        title="Russia signals flexibility on Syria bases after Shaibani visit",
        lead=(
            "Moscow is ready to revisit the terms under which its troops are stationed in Syria, Foreign "
            "Minister Sergey Lavrov said after hosting his Syrian counterpart Asaad al-Shaibani, as the two "
            "sides agreed on a joint committee to look at the Russian bases."
        ),
        body=[
            "\"We agreed to set up a joint committee that will look at every aspect of our military and "
            "technical cooperation, including the bases,\" Lavrov told a joint press conference in Moscow "
            "on Sunday, adding that Moscow was ready to \"review the legal framework\" of its presence "
            "together with the new authorities.",
            h("Damascus sets conditions"),
            "Al-Shaibani said Damascus would not accept \"any presence on our soil that is not regulated by "
            "clear agreements\" and that Syria was open to a relationship with Russia resting on respect "
            "for its sovereignty.",
            "Diplomatic sources in Ankara said Türkiye was following the talks closely, since the future of "
            "the Russian presence on the Syrian coast bears directly on the security arrangements in "
            "northern Syria that Ankara and Moscow have coordinated since 2019.",
            "The talks, which lasted more than three hours, also touched on Russian wheat deliveries and "
            "Russian help in rebuilding Syrian power plants.",
        ],
        published=_ist(2026, 11, 16, 19, 10),
        category="russia-syria",
        aa_story=AA_LAVROV_STORY,
        agency="AA",
        tags=["Syria", "Russia", "Türkiye", "Sergey Lavrov"],
        lead_image=Picture(ys_image_path(_ist(2026, 11, 16, 19, 0), "3725790"),
                           caption="Sergey Lavrov and Asaad al-Shaibani in Moscow", credit="AA"),
    )]
