"""Article records of the Sputnik International fixture (sputnikglobe.com).

Times are UTC (the site writes "+0000").  Paragraphs are stored without the
dateline; the renderer prepends "MOSCOW (Sputnik) - " from ``dateline`` and
``agency``.  Special cases: ``SEED`` is the real video page from
seeds/003_*.txt; ``SP02`` has a "(RIA Novosti)" dateline; ``SP04`` carries
Cyrillic editorial tags; ``SP05`` is an evergreen explainer with an old id
(2024) under a re-dated 2026 URL; ``SP07`` has a person byline.
"""

from __future__ import annotations

from datetime import datetime

from .records import UTC, ArticleRecord, Picture, Video, h, img, quote, related, sp_image_path


def utc(y: int, mo: int, d: int, hh: int, mm: int) -> datetime:
    return datetime(y, mo, d, hh, mm, tzinfo=UTC)


def rec(**kw) -> ArticleRecord:
    return ArticleRecord(site="sputnik", **kw)


def pic(when: datetime, image_id: int, credit: str, alt: str) -> Picture:
    return Picture(sp_image_path(when, image_id), caption=None, credit=credit, alt=alt)


SEED = rec(
    article_id="1123029911",
    slug="russian-syrian-defense-ministers-discuss-promising-areas-of-cooperation",
    section="world",
    title="Russian, Syrian Defense Ministers Discuss Promising Areas of Cooperation",
    lead=(
        "Russian Defense Minister Andrei Belousov held a meeting with Syrian Defense Minister Murhaf Abu "
        "Qasra and discussed the practical implementation of promising areas of cooperation, the Russian "
        "Defense Ministry said"
    ),
    body=[
        "Russian Defense Minister Andrei Belousov held a meeting with Syrian Defense Minister Murhaf Abu "
        "Qasra and discussed the practical implementation of promising areas of cooperation, the Russian "
        "Defense Ministry said on Tuesday.",
        "\"During the talks, the practical implementation of promising areas of bilateral cooperation was "
        "discussed,\" the statement said.",
        "Abu Qasra thanked the leadership of Russia and Belousov for organizing the work of the Syrian "
        "delegation in Moscow.",
        "\"The directions of our cooperation are important. And we are witnessing our developing "
        "relations,\" Abu Qasra said, as quoted by the ministry.",
        "The meeting between leaders of Russia and Syria has given additional impetus to the development of "
        "relations of the defense ministries of the two countries, the statement read.",
    ],
    published=utc(2025, 10, 28, 17, 25),
    category="russia-syria",
    agency="Sputnik",
    dateline="MOSCOW",
    tags=["russia", "syria", "russian defense ministry", "andrei belousov"],
    lead_image=Picture(
        "/img/07e9/0a/1c/1123030122_0:0:1920:1080_1920x0_80_0_0_51a21f3cbeb8c868fc18c07d13cb47fe.png",
        caption=None,
        credit="© Sputnik / Press service of the Russian Defense Ministry",
        alt="Belousov meets Syrian Defense Minister in Moscow",
    ),
    video=Video(
        name="Belousov meets Syrian Defense Minister in Moscow",
        duration="PT0M28S",
        thumbnail=Picture(
            "/img/07e9/0a/1c/1123030122_240:0:1680:1080_1920x0_80_0_0_cb2d235c88d1379a58889ae976319708.png",
            alt="Belousov meets Syrian Defense Minister in Moscow",
        ),
        path="/video/07e9/0a/1c/1123030122.mp4",
    ),
)

# --- Russia-Syria ---------------------------------------------------------

SP01 = rec(
    article_id="1124823417",
    slug="lavrov-syrian-foreign-minister-agree-to-set-up-joint-committee-on-military-cooperation",
    section="world",
    title="Lavrov, Syrian Foreign Minister Agree to Set Up Joint Committee on Military Cooperation",
    lead=(
        "Russian Foreign Minister Sergei Lavrov and his Syrian counterpart Asaad al-Shaibani have agreed to "
        "create a joint committee on military and technical cooperation, including the Russian bases in Syria."
    ),
    body=[
        "Russian Foreign Minister Sergei Lavrov and his Syrian counterpart Asaad al-Shaibani have agreed to "
        "create a joint committee on military and technical cooperation, including the Russian bases in "
        "Syria, Lavrov said on Sunday after talks in Moscow.",
        quote(
            "\"We agreed to set up a joint committee that will look at every aspect of our military and "
            "technical cooperation, including the bases,\" Lavrov told a joint press conference."
        ),
        "The Russian top diplomat said Moscow was ready to review the legal framework of its presence in "
        "Syria together with the Syrian authorities and stressed that Russia respected the sovereignty and "
        "territorial integrity of the Arab republic.",
        img(
            sp_image_path(utc(2026, 11, 15, 12, 0), 1124823560),
            caption="Russian Foreign Minister Sergei Lavrov and Syrian Foreign Minister Asaad al-Shaibani during talks in Moscow",
            credit="© Sputnik / Press service of the Russian Foreign Ministry",
        ),
        "Al-Shaibani, for his part, said Damascus was interested in a relationship with Moscow built on "
        "mutual respect and clear agreements.",
        related("1119405872"),
        "The sides also discussed Russian wheat and fuel deliveries and the participation of Russian "
        "companies in the restoration of the Syrian energy sector, the Russian Foreign Ministry said.",
        "Russia maintains the Hmeimim air base in Latakia province and a naval logistics facility in Tartus.",
    ],
    published=utc(2026, 11, 15, 12, 40),
    modified=utc(2026, 11, 15, 13, 55),
    category="russia-syria",
    agency="Sputnik",
    dateline="MOSCOW",
    tags=["russia", "syria", "sergei lavrov", "asaad al-shaibani"],
    uptitle="Russia-Syria Relations",
    lead_image=pic(utc(2026, 11, 15, 12, 0), 1124823498, "© Sputnik / Press service of the Russian Foreign Ministry",
                   "Russian Foreign Minister Sergei Lavrov"),
)

SP02 = rec(
    article_id="1124811209",
    slug="russia-ready-to-help-syria-restore-energy-infrastructure---deputy-foreign-minister",
    section="world",
    title="Russia Ready to Help Syria Restore Energy Infrastructure - Deputy Foreign Minister",
    lead=(
        "Russia is ready to help Syria restore power plants and oil fields damaged during the years of war, "
        "Russian Deputy Foreign Minister Mikhail Bogdanov said."
    ),
    body=[
        "Russia is ready to help Syria restore power plants and oil fields damaged during the years of war, "
        "Russian Deputy Foreign Minister Mikhail Bogdanov said on Saturday.",
        "\"Russian companies have the experience and the documentation, since many of these facilities were "
        "built with the participation of Soviet specialists,\" Bogdanov said.",
        "According to the diplomat, the issue will be discussed during the upcoming visit of Syrian Foreign "
        "Minister Asaad al-Shaibani to Moscow.",
        "Bogdanov added that Moscow and Damascus maintained regular contacts at various levels and that "
        "Russia was interested in the stability of Syria.",
    ],
    published=utc(2026, 11, 14, 8, 30),
    category="russia-syria",
    agency="RIA Novosti",
    dateline="MOSCOW",
    tags=["russia", "syria", "mikhail bogdanov", "energy"],
    lead_image=pic(utc(2026, 11, 14, 8, 0), 1124811345, "© Sputnik / Alexei Druzhinin", "Thermal power plant in Syria"),
)

SP03 = rec(
    article_id="1124815530",
    slug="russian-military-hands-over-qamishli-airport-to-syrian-army",
    section="military",
    title="Russian Military Hands Over Qamishli Airport to Syrian Army",
    lead=(
        "The Russian military has handed over the airport in the Syrian city of Qamishli to the Syrian "
        "army, a source in the Syrian Defense Ministry told Sputnik."
    ),
    body=[
        "The Russian military has handed over the airport in the Syrian city of Qamishli to the Syrian army, "
        "a source in the Syrian Defense Ministry told Sputnik on Saturday.",
        "\"The handover took place in an organized manner and in full coordination between the two sides,\" "
        "the source said.",
        img(
            sp_image_path(utc(2026, 11, 14, 14, 0), 1124815702),
            caption="Russian military vehicles on a road in northeastern Syria",
            credit="© Sputnik / Mikhail Alaeddin",
        ),
        "According to the source, the Russian servicemen and equipment were relocated to the Hmeimim air "
        "base in Latakia province.",
        "The Qamishli airport was used by the Russian military as a logistics hub in northeastern Syria "
        "since 2019.",
        "The Russian Defense Ministry has not yet commented on the report.",
    ],
    published=utc(2026, 11, 14, 15, 5),
    category="russia-syria",
    agency="Sputnik",
    dateline="DAMASCUS",
    tags=["russia", "syria", "russian armed forces", "qamishli"],
    uptitle="Middle East",
    lead_image=pic(utc(2026, 11, 14, 14, 0), 1124815644, "© Sputnik / Mikhail Alaeddin", "Qamishli airport"),
)

SP04 = rec(
    article_id="1124829874",
    slug="syrian-delegation-arrives-in-moscow-for-intergovernmental-commission-meeting",
    section="world",
    title="Syrian Delegation Arrives in Moscow for Intergovernmental Commission Meeting",
    lead=(
        "A Syrian government delegation has arrived in Moscow to take part in a meeting of the "
        "Russian-Syrian intergovernmental commission on trade and economic cooperation."
    ),
    body=[
        "A Syrian government delegation has arrived in Moscow to take part in a meeting of the "
        "Russian-Syrian intergovernmental commission on trade and economic cooperation, the Russian "
        "government said on Monday.",
        "The commission is co-chaired by Russian Deputy Prime Minister Alexander Novak. The meeting is "
        "expected to focus on energy, agriculture, transport and pharmaceuticals.",
        related("1124823417"),
        "Novak told reporters that Russia and Syria were preparing several agreements, including on the "
        "supply of Russian grain and the modernization of Syrian railways.",
        "\"We see great interest from Russian business in working in Syria,\" Novak said.",
        "The last meeting of the commission was held in Damascus in September 2025.",
    ],
    published=utc(2026, 11, 16, 10, 20),
    category="russia-syria",
    agency="Sputnik",
    dateline="MOSCOW",
    tags=["russia", "syria", "alexander novak", "Новый Онлайн для белой редактуры", "trade", "Внешний лонгрид"],
    lead_image=pic(utc(2026, 11, 16, 10, 0), 1124829951, "© Sputnik / Alexander Natruskin", "Moscow"),
)

SP05 = rec(
    article_id="1119405872",
    slug="what-are-russias-military-bases-in-syria-and-why-do-they-matter",
    section="world",
    title="What Are Russia's Military Bases in Syria and Why Do They Matter?",
    lead=(
        "Russia's Hmeimim air base and the naval facility in Tartus have been at the center of talks "
        "between Moscow and Damascus. Sputnik explains what is known about them."
    ),
    body=[
        "Russia's military presence in Syria rests on two facilities on the Mediterranean coast: the "
        "Hmeimim air base near Latakia and the naval logistics point in the port of Tartus.",
        h("Hmeimim Air Base"),
        "Hmeimim has hosted Russian military aircraft since September 2015, when Moscow launched its "
        "operation in Syria at the request of the then Syrian government.",
        "Under a 2017 agreement, Russia received the right to use the base for 49 years, with an automatic "
        "extension for further 25-year periods.",
        h("Tartus Naval Facility"),
        "The Tartus facility dates back to a 1971 agreement between the Soviet Union and Syria. It is the "
        "only Russian naval repair and supply point in the Mediterranean.",
        "In 2017, Moscow and Damascus signed an agreement allowing up to 11 Russian warships, including "
        "nuclear-powered vessels, to be stationed there at the same time.",
        h("What Happens Next"),
        "After the change of power in Damascus in December 2024, the new Syrian authorities said they would "
        "review all agreements signed by the previous government. Moscow and Damascus have since agreed to "
        "discuss the future of the bases in a joint committee.",
    ],
    published=utc(2026, 11, 17, 7, 0),
    category="russia-syria",
    url_date="20261117",
    tags=["russia", "syria", "hmeimim", "tartus", "explainers"],
    uptitle="Explainer",
    lead_image=pic(utc(2024, 6, 5, 9, 0), 1119406011, "© Sputnik / Vadim Savitsky", "Hmeimim air base in Syria"),
)

SP06 = rec(
    article_id="1124872201",
    slug="russia-to-supply-syria-with-300000-tonnes-of-wheat-by-spring",
    section="economy",
    title="Russia to Supply Syria With 300,000 Tonnes of Wheat by Spring",
    lead=(
        "Russia will supply Syria with 300,000 tonnes of wheat by the spring of 2027 under an agreement "
        "signed in Damascus, the Syrian Economy Ministry said."
    ),
    body=[
        "Russia will supply Syria with 300,000 tonnes of wheat by the spring of 2027 under an agreement "
        "signed in Damascus, the Syrian Economy Ministry said on Thursday.",
        "The first ships with Russian grain are expected at the port of Latakia in December, the ministry "
        "said.",
        related("1124823417"),
        "Syria faced its worst drought in decades this year, and its wheat harvest covered less than half "
        "of domestic needs.",
        "Russia is the world's largest wheat exporter. Its grain exports in the current agricultural season "
        "are expected to exceed 40 million tonnes, according to the Russian Agriculture Ministry.",
    ],
    published=utc(2026, 11, 19, 11, 45),
    category="russia-syria",
    agency="Sputnik",
    dateline="DAMASCUS",
    tags=["russia", "syria", "wheat", "agriculture"],
    uptitle="Food Security",
    lead_image=pic(utc(2026, 11, 19, 11, 0), 1124872377, "© Sputnik / Vitaly Timkiv", "Wheat harvest"),
)

SP07 = rec(
    article_id="1124861905",
    slug="why-damascus-keeps-talking-to-moscow-experts-weigh-in",
    section="analysis",
    title="Why Damascus Keeps Talking to Moscow: Experts Weigh In",
    lead=(
        "Two years after the change of power in Syria, Damascus and Moscow are negotiating the future of "
        "their relationship. Sputnik asked experts why both sides need each other."
    ),
    body=[
        "Syrian Foreign Minister Asaad al-Shaibani's latest visit to Moscow and the agreement to set up a "
        "joint committee on military cooperation show that neither side wants a break, experts say.",
        h("Grain, Fuel and Spare Parts"),
        "Much of Syria's army still uses Soviet and Russian weapons, and its power plants were built with "
        "Soviet help. Replacing them would take decades and money Damascus does not have.",
        quote(
            "\"Syria cannot rebuild its army or its grid without Russian spare parts and specialists. That is "
            "a very practical reason to keep talking,\" said a Middle East analyst at a Moscow think tank."
        ),
        h("A Foothold in the Mediterranean"),
        "For Russia, the naval facility in Tartus remains the only one of its kind in the Mediterranean, "
        "and the Hmeimim air base serves as a transit point for flights to Africa.",
        "\"Moscow understands that the terms will be different now. The question is whether both sides can "
        "agree on a fair price,\" the analyst added.",
        "Experts also point to Russia's seat on the UN Security Council, where decisions on sanctions and "
        "reconstruction funding for Syria are taken.",
    ],
    published=utc(2026, 11, 18, 16, 0),
    category="russia-syria",
    authors=["Daria Kovaleva"],
    tags=["russia", "syria", "analysis"],
    uptitle="Analysis",
    lead_image=pic(utc(2026, 11, 18, 15, 0), 1124862050, "© AP Photo / Omar Sanadiki", "Damascus"),
    kind="opinion",
)

# --- Syria only -----------------------------------------------------------

SP08 = rec(
    article_id="1124833376",
    slug="un-refugee-agency-says-12-million-syrians-have-returned-home-since-december-2024",
    section="world",
    title="UN Refugee Agency Says 1.2 Million Syrians Have Returned Home Since December 2024",
    lead=(
        "More than 1.2 million Syrian refugees have returned to their country from abroad since December "
        "2024, the UN refugee agency said."
    ),
    body=[
        "More than 1.2 million Syrian refugees have returned to their country from abroad since December "
        "2024, the UN refugee agency UNHCR said on Monday.",
        "Most of the returnees came from Turkey, Lebanon and Jordan, the agency said in a statement.",
        "Around two million internally displaced people have also returned to their areas of origin, "
        "according to the UNHCR.",
        related("1124852230"),
        "The agency warned that many returnees faced destroyed housing, lack of jobs and limited access to "
        "water and electricity, and called for more international support.",
    ],
    published=utc(2026, 11, 16, 14, 30),
    category="syria-only",
    agency="Sputnik",
    dateline="GENEVA",
    tags=["syria", "united nations", "refugees"],
    lead_image=pic(utc(2026, 11, 16, 14, 0), 1124833490, "© AP Photo / Ghaith Alsayed", "Syrian refugees return home"),
)

SP09 = rec(
    article_id="1124852230",
    slug="magnitude-49-earthquake-jolts-northern-syria-no-casualties-reported",
    section="world",
    title="Magnitude 4.9 Earthquake Jolts Northern Syria, No Casualties Reported",
    lead="An earthquake with a magnitude of 4.9 struck northern Syria early on Wednesday, the Syrian National Earthquake Center said.",
    body=[
        "An earthquake with a magnitude of 4.9 struck northern Syria early on Wednesday, the Syrian National "
        "Earthquake Center said.",
        "The epicenter was located 25 kilometers north of Aleppo at a depth of 10 kilometers.",
        "Tremors were felt in Aleppo and Idlib provinces. No casualties or damage have been reported so far.",
        "In February 2023, two powerful earthquakes struck southern Turkey and northern Syria, killing more "
        "than 50,000 people.",
    ],
    published=utc(2026, 11, 18, 3, 14),
    category="syria-only",
    agency="Sputnik",
    dateline="DAMASCUS",
    tags=["syria", "earthquake"],
    lead_image=pic(utc(2026, 11, 18, 3, 0), 1124852299, "© Sputnik / Alexander Vilf", "Seismograph"),
)

SP10 = rec(
    article_id="1124880118",
    slug="syria-puts-new-banknotes-into-circulation-after-currency-redenomination",
    section="economy",
    title="Syria Puts New Banknotes Into Circulation After Currency Redenomination",
    lead="The Central Bank of Syria has put new banknotes into circulation after removing two zeros from the national currency.",
    body=[
        "The Central Bank of Syria has put new banknotes into circulation after removing two zeros from the "
        "national currency, the bank said on Friday.",
        "Old and new banknotes will circulate in parallel for one year, the bank said.",
        "The redenomination is meant to simplify payments after years of high inflation that made cash "
        "transactions cumbersome.",
        "The Syrian pound lost more than 99% of its value against the US dollar during the war.",
    ],
    published=utc(2026, 11, 20, 9, 5),
    category="syria-only",
    agency="Sputnik",
    dateline="DAMASCUS",
    tags=["syria", "economy", "currency"],
    lead_image=pic(utc(2026, 11, 20, 9, 0), 1124880201, "© AP Photo / Hussein Malla", "Syrian banknotes"),
)

# --- Russia only ----------------------------------------------------------

SP11 = rec(
    article_id="1124813002",
    slug="russias-gdp-grew-11-year-on-year-in-third-quarter---rosstat",
    section="economy",
    title="Russia's GDP Grew 1.1% Year-on-Year in Third Quarter - Rosstat",
    lead="Russia's gross domestic product grew by 1.1% year-on-year in the third quarter, the Federal State Statistics Service (Rosstat) said.",
    body=[
        "Russia's gross domestic product grew by 1.1% year-on-year in the third quarter, the Federal State "
        "Statistics Service (Rosstat) said on Friday in its first estimate.",
        "Growth was driven by construction, agriculture and financial services, the service said.",
        "The Russian Economy Ministry expects GDP to grow by about 1% for the year as a whole.",
        "The Bank of Russia has gradually lowered its key rate since the summer of 2025 as inflation slowed.",
    ],
    published=utc(2026, 11, 14, 11, 30),
    category="russia-only",
    agency="Sputnik",
    dateline="MOSCOW",
    tags=["russia", "economy", "gdp"],
    lead_image=pic(utc(2026, 11, 14, 11, 0), 1124813100, "© Sputnik / Natalia Seliverstova", "Moscow City business center"),
)

SP12 = rec(
    article_id="1124846610",
    slug="putin-modi-discuss-bilateral-trade-in-phone-call---kremlin",
    section="world",
    title="Putin, Modi Discuss Bilateral Trade in Phone Call - Kremlin",
    lead="Russian President Vladimir Putin and Indian Prime Minister Narendra Modi discussed bilateral trade and energy cooperation in a phone call, the Kremlin said.",
    body=[
        "Russian President Vladimir Putin and Indian Prime Minister Narendra Modi discussed bilateral trade "
        "and energy cooperation in a phone call on Tuesday, the Kremlin said.",
        "The leaders noted the steady growth of trade between the two countries and agreed to continue "
        "work on settlements in national currencies, the statement said.",
        "Putin and Modi also exchanged views on the situation in Ukraine, according to the Kremlin.",
        "The two leaders last met in New Delhi in December 2025.",
    ],
    published=utc(2026, 11, 17, 13, 20),
    category="russia-only",
    agency="Sputnik",
    dateline="MOSCOW",
    tags=["russia", "india", "vladimir putin", "narendra modi"],
    lead_image=pic(utc(2026, 11, 17, 13, 0), 1124846700, "© Sputnik / Gavriil Grigorov", "Vladimir Putin"),
)

SP13 = rec(
    article_id="1124868843",
    slug="russian-cosmonauts-complete-six-hour-spacewalk-outside-iss",
    section="science",
    title="Russian Cosmonauts Complete Six-Hour Spacewalk Outside ISS",
    lead="Two Russian cosmonauts have completed a spacewalk of more than six hours outside the International Space Station, Roscosmos said.",
    body=[
        "Two Russian cosmonauts have completed a spacewalk of more than six hours outside the International "
        "Space Station, Roscosmos said on Thursday.",
        "During the spacewalk, the cosmonauts installed scientific equipment on the outer surface of the "
        "Russian segment and collected samples from the hull.",
        "It was the second spacewalk of the current expedition, the Russian space corporation said.",
        "Russia plans to operate the station until at least 2028 before moving to its own orbital station.",
    ],
    published=utc(2026, 11, 19, 6, 50),
    category="russia-only",
    agency="Sputnik",
    dateline="MOSCOW",
    tags=["russia", "roscosmos", "iss"],
    lead_image=pic(utc(2026, 11, 19, 6, 0), 1124868900, "© Photo / Roscosmos", "Spacewalk"),
)

# --- unrelated -------------------------------------------------------------

SP14 = rec(
    article_id="1124826742",
    slug="us-senate-passes-stopgap-bill-to-avert-government-shutdown",
    section="world",
    title="US Senate Passes Stopgap Bill to Avert Government Shutdown",
    lead="The US Senate has passed a stopgap spending bill that will fund the federal government until the end of January.",
    body=[
        "The US Senate has passed a stopgap spending bill that will fund the federal government until the "
        "end of January, averting a shutdown, according to the results of the vote.",
        "The bill was approved by 71 votes to 27 and now goes to the president for signature.",
        "Congress will have to agree on full-year appropriations before the new deadline.",
        "The federal government went through a record 43-day shutdown in the autumn of 2025.",
    ],
    published=utc(2026, 11, 15, 20, 10),
    category="unrelated",
    agency="Sputnik",
    dateline="WASHINGTON",
    tags=["us", "us senate", "congress"],
    lead_image=pic(utc(2026, 11, 15, 20, 0), 1124826800, "© AP Photo / J. Scott Applewhite", "US Capitol"),
)

SP15 = rec(
    article_id="1124855501",
    slug="chinese-engineers-test-maglev-train-prototype-at-600-kmh",
    section="science",
    title="Chinese Engineers Test Maglev Train Prototype at 600 km/h",
    lead="Chinese engineers have tested a new high-speed maglev train prototype at a speed of 600 kilometers per hour, state media reported.",
    body=[
        "Chinese engineers have tested a new high-speed maglev train prototype at a speed of 600 kilometers "
        "per hour on a test line in Shandong province, state media reported on Wednesday.",
        "The train uses superconducting magnets and is designed to connect major cities at speeds between "
        "high-speed rail and air travel.",
        "The developers said commercial operation could begin within five years once safety tests are "
        "completed.",
        "China already operates the world's largest high-speed rail network, with more than 48,000 "
        "kilometers of lines.",
    ],
    published=utc(2026, 11, 18, 9, 40),
    category="unrelated",
    agency="Sputnik",
    dateline="BEIJING",
    tags=["china", "technology", "transport"],
    lead_image=pic(utc(2026, 11, 18, 9, 0), 1124855600, "© Sputnik / Ilya Pitalev", "Maglev train"),
)

SP16 = rec(
    article_id="1124885377",
    slug="spain-edge-italy-to-reach-davis-cup-final",
    section="sport",
    title="Spain Edge Italy to Reach Davis Cup Final",
    lead="Spain beat Italy 2-1 in the Davis Cup semifinal on Friday after a deciding doubles match that lasted almost three hours.",
    body=[
        "Spain beat Italy 2-1 in the Davis Cup semifinal on Friday after a deciding doubles match that "
        "lasted almost three hours.",
        "The teams split the singles rubbers before the Spanish pair saved two match points in the final set.",
        "Spain will face the winner of the second semifinal in Sunday's final.",
        "Italy had won the competition three years in a row.",
    ],
    published=utc(2026, 11, 20, 18, 25),
    category="unrelated",
    tags=["tennis", "davis cup"],
    lead_image=pic(utc(2026, 11, 20, 18, 0), 1124885400, "© AP Photo / Manu Fernandez", "Davis Cup"),
)

RECORDS = [SEED, SP01, SP02, SP03, SP04, SP05, SP06, SP07, SP08, SP09, SP10, SP11, SP12, SP13, SP14, SP15, SP16]

from .content_topic import SPUTNIK as TOPIC_CASES  # noqa: E402  issue 11: topic-filter cases
RECORDS += TOPIC_CASES
