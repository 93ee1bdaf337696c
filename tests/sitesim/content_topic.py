"""Topic-filter cases of the fixture: one article of each kind the keyword profile
used to miss, and one false positive of the same kind (issue 11).

The Russia–Syria link in the relevant ones is carried by institutions, formats
and operations rather than by the two country names: a Reconciliation Center
bulletin, an Astana-format round, an Su-25 loss near Hmeimim (Sputnik), a summit
whose headline names only the city (Yeni Şafak). ``SP_VOTING`` is a Russia story
in which Syria is only the venue. Dated 2026-11-05..12, before the week the
content-mix counts look at; registered in each site's ``RECORDS``.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .records import UTC, ArticleRecord

IST = timezone(timedelta(hours=3))


def _sp(**kw) -> ArticleRecord:
    return ArticleRecord(site="sputnik", agency="Sputnik", **kw)


def _ys(**kw) -> ArticleRecord:
    return ArticleRecord(site="yenisafak", **kw)


SP_RECONCILIATION = _sp(
    article_id="1124760231",
    slug="reconciliation-center-registers-11-ceasefire-violations-in-idlib-zone",
    section="world",
    title="Reconciliation Center Registers 11 Ceasefire Violations in Idlib Zone",
    lead=(
        "The Center for Reconciliation of Opposing Sides has registered 11 ceasefire violations in the "
        "Idlib de-escalation zone over the past day, the center's deputy head said."
    ),
    body=[
        "The Center for Reconciliation of Opposing Sides has registered 11 ceasefire violations in the Idlib "
        "de-escalation zone over the past 24 hours, the center's deputy head, Rear Admiral Oleg Zhuravlev, "
        "said on Thursday.",
        "\"Militants shelled the settlements of Kafr Nabl and Saraqib in Idlib province and al-Suqaylabiyah "
        "in Hama province,\" Zhuravlev told a briefing. One civilian was wounded, he said.",
        "Officers of the center delivered three tonnes of flour and canned food to residents of Khan "
        "Shaykhun, and military doctors examined 40 residents, including 15 children.",
        "The center calls on the leaders of armed groups to abandon provocations and to take the path of a "
        "peaceful settlement, Zhuravlev added.",
    ],
    published=datetime(2026, 11, 5, 11, 40, tzinfo=UTC),
    category="russia-syria",
    dateline="HMEIMIM",
    tags=["idlib", "ceasefire", "reconciliation center"],
)

SP_SU25 = _sp(
    article_id="1124771905",
    slug="su-25-shot-down-over-idlib-pilot-killed-in-fight-with-militants",
    section="military",
    title="Su-25 Shot Down Over Idlib, Pilot Killed in Fight With Militants",
    lead=(
        "An Su-25 attack aircraft has been shot down over the Idlib de-escalation zone; the pilot ejected "
        "and was killed in a fight with militants on the ground, the Defense Ministry said."
    ),
    body=[
        "An Su-25 attack aircraft has been shot down over the Idlib de-escalation zone, and the pilot, who "
        "ejected, was killed in a fight with militants on the ground, the Defense Ministry said on Monday.",
        "\"The pilot had time to report that he had ejected. He died in a fight with terrorists,\" the "
        "ministry said. The aircraft had taken off from Khmeimim to monitor the ceasefire.",
        "According to preliminary data, the jet was hit by a man-portable air defense system. A strike with "
        "high-precision weapons killed more than 30 militants in the area where the jet was downed.",
        "A commission of the Aerospace Forces has flown to the base to investigate the loss.",
    ],
    published=datetime(2026, 11, 9, 8, 15, tzinfo=UTC),
    category="russia-syria",
    dateline="MOSCOW",
    tags=["su-25", "idlib"],
)

SP_VOTING = _sp(
    article_id="1124782460",
    slug="russians-in-syria-vote-early-at-embassy-in-damascus",
    section="world",
    title="Russians in Syria Vote Early at Embassy in Damascus",
    lead=(
        "Russian citizens living in Syria have begun voting early in the municipal by-elections at a "
        "polling station at the Russian Embassy in Damascus."
    ),
    body=[
        "Russian citizens living in Syria have begun voting early in the municipal by-elections at a "
        "polling station set up at the Russian Embassy in Damascus, the embassy said on Sunday.",
        "About 300 voters registered in Moscow and the Moscow region are expected to cast ballots at the "
        "precinct, the head of the precinct election commission said.",
        "Early voting abroad is held at 120 polling stations in 70 countries, according to the Central "
        "Election Commission.",
        "The main voting day is next Sunday. Results will be announced the following day.",
    ],
    published=datetime(2026, 11, 8, 9, 30, tzinfo=UTC),
    category="russia-only",
    dateline="DAMASCUS",
    tags=["voting abroad", "elections"],
)

YS_ASTANA = _ys(
    article_id="3725302",
    slug="astana-talks-end-with-call-to-preserve-syrias-territorial-integrity",
    section="world",
    title="Astana talks end with call to preserve territorial integrity",
    lead=(
        "Guarantor countries of the Astana format reaffirmed their commitment to the country's sovereignty "
        "and territorial integrity at the end of the 23rd round of talks."
    ),
    body=[
        "The guarantor countries of the Astana format, Türkiye, Russia and Iran, issued a joint statement on "
        "Wednesday at the end of the 23rd round of talks in the Kazakh capital.",
        "The statement rejected all attempts to create new realities on the ground under the pretext of "
        "combating terrorism, including illegitimate self-rule initiatives in the northeast.",
        "The delegations also discussed the situation in Idlib, the return of refugees and the release of "
        "detainees, according to the statement.",
        "The next round is expected to be held in the first half of next year.",
    ],
    published=datetime(2026, 11, 11, 17, 10, tzinfo=IST),
    category="russia-syria",
    tags=["Astana format", "Kazakhstan"],
)

YS_TEHRAN = _ys(
    article_id="3725385",
    slug="putin-erdogan-pezeshkian-meet-in-tehran",
    section="world",
    title="Putin, Erdoğan and Pezeshkian meet in Tehran",
    lead=(
        "The leaders of Türkiye, Russia and Iran met in Tehran for a trilateral summit of the Astana "
        "process."
    ),
    body=[
        "President Recep Tayyip Erdoğan met Russian President Vladimir Putin and Iranian President Masoud "
        "Pezeshkian in Tehran on Thursday for a trilateral summit of the Astana process.",
        "The leaders discussed the political transition in Syria, the fight against Daesh and the "
        "voluntary return of refugees, according to the joint statement.",
        "Erdoğan said the presence of the YPG/PKK terror group east of the Euphrates remained a threat to "
        "the region. Putin said the guarantor countries should help the new authorities rebuild the economy.",
        "It was the first summit of the three leaders in the format since 2022.",
    ],
    published=datetime(2026, 11, 12, 19, 45, tzinfo=IST),
    category="russia-syria",
    tags=["Tehran", "Summit", "Astana Process"],
)

SPUTNIK = [SP_RECONCILIATION, SP_SU25, SP_VOTING]
YENISAFAK = [YS_ASTANA, YS_TEHRAN]
