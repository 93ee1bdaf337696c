"""Article records of the Yeni Şafak English fixture (en.yenisafak.com).

Times are Istanbul time (+03:00) as the site shows them.  ``ys01`` and
``ys02`` are two Yeni Şafak rewrites of one AA wire story (same facts and
quotes, different title, order and sub-headings); they share ``aa_story``.
The record ``seed`` is modelled on the real page in seeds/000_*.txt.
"""

from __future__ import annotations

from datetime import datetime

from .records import ISTANBUL, ArticleRecord, Picture, h, img, related, ys_image_path


def ist(y: int, mo: int, d: int, hh: int, mm: int) -> datetime:
    return datetime(y, mo, d, hh, mm, tzinfo=ISTANBUL)


def rec(**kw) -> ArticleRecord:
    return ArticleRecord(site="yenisafak", **kw)


SEED = rec(
    article_id="3710695",
    slug="syrian-defense-minister-meets-russian-military-delegation-in-damascus",
    section="world",
    title="Syrian defense minister meets Russian military delegation in Damascus",
    lead=(
        "Syrian Defense Minister Murhaf Abu Qasra has met with a high-level Russian military delegation "
        "led by Deputy Defense Minister Yunus-bek Yevkurov in Damascus. The discussions focused on "
        "enhancing military cooperation and coordination between the two nations."
    ),
    body=[
        "Syrian Defense Minister Murhaf Abu Qasra has held talks with a senior Russian military delegation "
        "in Damascus, marking another chapter in the evolving relationship between the two nations. The "
        "meeting with Deputy Defense Minister Yunus-bek Yevkurov centered on military cooperation frameworks "
        "and mechanisms to strengthen bilateral coordination, with both parties exploring avenues to advance "
        "their shared strategic interests.",
        h("Recent High-Level Engagements"),
        "Sunday's meeting follows Defense Minister Abu Qasra's November 28 discussions with Russian Defense "
        "Minister Andrey Belousov in Moscow, where both officials addressed joint military matters. These "
        "consecutive high-level engagements indicate a renewed effort to strengthen defense ties between "
        "Damascus and Moscow amid changing regional dynamics.",
        h("Evolving Bilateral Relations"),
        "The diplomatic exchanges occur against a backdrop of shifting relations between Syria and Russia, "
        "previously strained by Moscow's support for former President Bashar al-Assad and its decision to "
        "grant him asylum following his departure from power. The new Syrian administration under President "
        "Ahmad al-Sharaa has pursued a more open foreign policy approach, facilitating a series of reciprocal "
        "visits by senior officials from both countries.",
        h("Political Transition Context"),
        "The current diplomatic activity follows significant political changes in Syria, with former leader "
        "Bashar al-Assad having fled to Russia in December after nearly 25 years in power, ending the Ba'ath "
        "Party regime that had governed since 1963. President Ahmad al-Sharaa's transitional administration, "
        "formed in January, has embarked on establishing new international partnerships while maintaining "
        "some existing strategic relationships.",
    ],
    published=ist(2025, 11, 16, 18, 43),
    category="russia-syria",
    aa_story="aa-20251116-abu-qasra-yevkurov",
    agency="AA",
    lead_image=Picture(
        ys_image_path(ist(2025, 11, 16, 18, 0), "3710695"),
        caption="Syrian Defense Minister Murhaf Abu Qasra",
        credit="AA",
    ),
)

# --- Russia-Syria ---------------------------------------------------------

YS01 = rec(
    article_id="3725612",
    slug="syrias-top-diplomat-holds-talks-with-lavrov-in-moscow-on-russian-bases-reconstruction",
    section="world",
    title="Syria's top diplomat holds talks with Lavrov in Moscow on Russian bases, reconstruction",
    lead=(
        "Syrian Foreign Minister Asaad al-Shaibani met Russian Foreign Minister Sergey Lavrov in Moscow on "
        "Sunday, with the future of Russia's two military bases on the Syrian coast and post-war "
        "reconstruction topping the agenda."
    ),
    body=[
        "Syrian Foreign Minister Asaad al-Shaibani and his Russian counterpart Sergey Lavrov spent more than "
        "three hours in talks at the Russian Foreign Ministry's guest house in Moscow, according to "
        "statements released by both sides after the meeting.",
        "\"Syria is open to a relationship with Russia that rests on respect for our sovereignty and the "
        "will of the Syrian people,\" al-Shaibani told a joint news conference, adding that Damascus would "
        "not accept \"any presence on our soil that is not regulated by clear agreements.\"",
        related("3725548"),
        h("Bases on the table"),
        "Russia operates the Hmeimim air base in Latakia province and a naval facility in the port of "
        "Tartus under agreements signed with the former government of Bashar al-Assad. Lavrov said Moscow "
        "was ready to \"review the legal framework\" of its presence together with the new authorities.",
        "\"We agreed to set up a joint committee that will look at every aspect of our military and "
        "technical cooperation, including the bases,\" Lavrov said, without giving a timeline.",
        h("Reconstruction and wheat"),
        "The two ministers also discussed Russian participation in rebuilding Syrian power plants and "
        "railways, many of them built with Soviet assistance, as well as deliveries of Russian wheat, "
        "according to the Syrian side.",
        "The visit is al-Shaibani's third to Moscow since the fall of the Assad regime in December 2024. "
        "Relations between the two countries have been complicated by Russia's decision to grant asylum "
        "to Assad, whom Damascus wants to stand trial.",
    ],
    published=ist(2026, 11, 15, 14, 20),
    modified=ist(2026, 11, 15, 16, 5),
    category="russia-syria",
    aa_story="aa-20261115-shaibani-lavrov-moscow",
    agency="AA",
    tags=["Syria", "Russia", "Asaad al-Shaibani", "Sergey Lavrov"],
    lead_image=Picture(
        ys_image_path(ist(2026, 11, 15, 14, 0), "3725612"),
        caption="Syrian Foreign Minister Asaad al-Shaibani and Russian Foreign Minister Sergey Lavrov shake hands in Moscow",
        credit="AA",
    ),
)

YS02 = rec(
    article_id="3725655",
    slug="damascus-and-moscow-to-form-joint-committee-on-future-of-russian-military-presence",
    section="world",
    title="Damascus and Moscow to form joint committee on future of Russian military presence",
    lead=(
        "Syria and Russia have agreed to establish a joint committee that will review Moscow's military "
        "presence in the country, including the Hmeimim air base and the Tartus naval facility, the two "
        "foreign ministers announced after talks in Moscow."
    ),
    body=[
        "A new joint committee will examine \"every aspect\" of military and technical cooperation between "
        "Damascus and Moscow, Russian Foreign Minister Sergey Lavrov said after hosting Syrian Foreign "
        "Minister Asaad al-Shaibani on Sunday.",
        h("Committee to review bases"),
        "\"We agreed to set up a joint committee that will look at every aspect of our military and "
        "technical cooperation, including the bases,\" Lavrov said at a joint press conference. He said "
        "Moscow was ready to \"review the legal framework\" of its presence together with the new Syrian "
        "authorities but gave no timeline.",
        "Russia's Hmeimim air base in Latakia province and its naval facility in Tartus have operated under "
        "agreements concluded with the government of Bashar al-Assad, who fled to Moscow in December 2024.",
        related("3725612"),
        h("Sovereignty first, says Damascus"),
        "Al-Shaibani stressed that Damascus would not accept \"any presence on our soil that is not "
        "regulated by clear agreements.\" \"Syria is open to a relationship with Russia that rests on "
        "respect for our sovereignty and the will of the Syrian people,\" he said.",
        "The more than three-hour meeting also covered Russian wheat deliveries and Russian help in "
        "rebuilding Syrian power plants and railways, the Syrian side said.",
        h("Assad's asylum still a sticking point"),
        "It was al-Shaibani's third visit to Moscow since the collapse of the Assad regime. Damascus has "
        "repeatedly asked Russia to hand over the former president so that he can stand trial in Syria.",
    ],
    published=ist(2026, 11, 16, 9, 35),
    category="russia-syria",
    aa_story="aa-20261115-shaibani-lavrov-moscow",
    agency="AA",
    tags=["Syria", "Russia", "Hmeimim", "Tartus"],
    lead_image=Picture(
        ys_image_path(ist(2026, 11, 16, 9, 0), "3725655"),
        caption="Russian Foreign Minister Sergey Lavrov speaks at a press conference in Moscow",
        credit="AA",
    ),
)

YS03 = rec(
    article_id="3725548",
    slug="russian-military-convoy-leaves-qamishli-airport-as-syrian-army-takes-over",
    section="world",
    title="Russian military convoy leaves Qamishli airport as Syrian army takes over",
    lead=(
        "A Russian military convoy withdrew from the airport in the northeastern Syrian city of Qamishli "
        "on Saturday, handing the facility over to units of the Syrian army, local sources said."
    ),
    body=[
        "Around 40 Russian vehicles, including armored personnel carriers and fuel trucks, left the airport "
        "in the early hours and headed west along the M4 highway, according to local sources who spoke on "
        "condition of anonymity.",
        "Two transport aircraft also took off from the airport's runway on Friday evening, the sources said.",
        "Syria's Defense Ministry said in a statement that its forces had \"assumed full responsibility\" "
        "for the airport \"in coordination with the Russian side\" and that civilian flights would resume "
        "after technical inspections.",
        "The Russian Defense Ministry did not comment on the withdrawal. Russia had used Qamishli as a "
        "logistics hub in northeastern Syria since 2019.",
        "The handover comes days before Syrian Foreign Minister Asaad al-Shaibani is due in Moscow for talks "
        "expected to focus on Russia's remaining bases at Hmeimim and Tartus.",
    ],
    published=ist(2026, 11, 14, 11, 5),
    category="russia-syria",
    aa_story="aa-20261114-qamishli-handover",
    agency="AA",
    tags=["Syria", "Russia", "Qamishli"],
)

YS04 = rec(
    article_id="3725701",
    slug="moscows-long-goodbye-in-syria",
    section="columns",
    title="Moscow's long goodbye in Syria",
    lead=(
        "Russia is negotiating not for victory in Syria but for a dignified place in a country that no "
        "longer needs it the way Assad did."
    ),
    body=[
        "When Bashar al-Assad boarded a Russian plane in December 2024, many in Moscow assumed that Russia's "
        "decade-long investment in Syria had evaporated overnight. Two years later, Russian soldiers are "
        "still at Hmeimim, Russian ships still call at Tartus, and Syrian ministers still fly to Moscow.",
        "This is not a paradox. The new administration in Damascus has understood something that its "
        "critics in the West often miss: a country emerging from fourteen years of war cannot afford to "
        "make enemies of permanent members of the UN Security Council.",
        "Russia, for its part, has learned that its leverage in Syria has changed in nature. It can no "
        "longer guarantee a regime; it can only offer wheat, fuel, spare parts for Soviet-era weapons and a "
        "veto in New York. These are not small things, but they are bargaining chips, not instruments of "
        "control.",
        "The joint committee announced in Moscow this week should be read in this light. Damascus wants the "
        "Russian presence to be temporary, transparent and paid for. Moscow wants to keep a foothold in the "
        "Eastern Mediterranean at a time when its navy has few other options.",
        "There is also the question that neither side likes to discuss in public: Assad himself. As long as "
        "the former president lives comfortably in Moscow, every Syrian family that lost a son in Saydnaya "
        "will see Russia as an accomplice. Damascus cannot drop the demand; Moscow cannot grant it without "
        "damaging its reputation as a protector.",
        "Türkiye has every reason to welcome a calm, negotiated arrangement. A sudden Russian exit would "
        "leave a vacuum that others, including Israel, are only too willing to fill. A Russian presence "
        "that depends on the consent of Damascus is the least bad outcome for the region.",
        "Moscow's goodbye to the old Syria will be long. Whether it becomes a new beginning depends on "
        "whether Russia can accept that it is now a guest, not a patron.",
    ],
    published=ist(2026, 11, 17, 8, 0),
    category="russia-syria",
    authors=["Yasin Aktay"],
    kind="opinion",
    tags=["Syria", "Russia", "Opinion"],
    listings=["world"],
    lead_image=Picture(ys_image_path(ist(2026, 11, 17, 8, 0), "author-yasin-aktay"), caption=None, credit=None),
)

YS05 = rec(
    article_id="3725768",
    slug="turkiye-russia-and-syria-hold-security-talks-in-ankara-on-northern-syria",
    section="turkiye",
    title="Türkiye, Russia and Syria hold security talks in Ankara on northern Syria",
    lead=(
        "Senior security officials from Türkiye, Russia and Syria met in Ankara to discuss border "
        "security, the fight against terrorism and the return of refugees, the Turkish Foreign Ministry said."
    ),
    body=[
        "The trilateral meeting, the first in this format since the change of government in Damascus, was "
        "hosted by Deputy Foreign Minister Nuh Yilmaz and brought together Russia's special presidential "
        "envoy for Syria Alexander Lavrentiev and Syrian Deputy Foreign Minister Qutaiba Idlibi.",
        "According to a statement from the Turkish Foreign Ministry, the delegations discussed \"steps to "
        "prevent terrorist organizations from exploiting the security situation in northern Syria\" and "
        "the safe, voluntary return of Syrians living in Türkiye.",
        "Lavrentiev told reporters after the talks that Russia supported \"the unity and territorial "
        "integrity of Syria\" and was ready to contribute to de-mining efforts in Aleppo and Idlib "
        "provinces.",
        "The Syrian delegation said Damascus welcomed Russian and Turkish support for the integration of "
        "armed groups into the new Syrian army, a process that has been slowed by disputes in the northeast.",
        related("3725877"),
        "Türkiye and Russia were on opposite sides for most of the Syrian war but cooperated through the "
        "Astana format, which also included Iran. Ankara has said the format needs to be adapted to the "
        "new realities in Syria.",
        "The parties agreed to meet again in Damascus in the first quarter of next year.",
    ],
    published=ist(2026, 11, 18, 16, 40),
    category="russia-syria",
    tags=["Türkiye", "Russia", "Syria", "Security"],
    listings=["world"],
)

YS06 = rec(
    article_id="3725810",
    slug="russia-to-ship-300000-tons-of-wheat-to-syria-under-new-supply-deal",
    section="economy",
    title="Russia to ship 300,000 tons of wheat to Syria under new supply deal",
    lead=(
        "Russia will deliver 300,000 tons of wheat to Syria over the next six months under an agreement "
        "signed in Damascus, Syria's Economy Ministry announced on Thursday."
    ),
    body=[
        "The deal was signed by Syrian Economy and Industry Minister Mohammad Nidal al-Shaar and a "
        "delegation from Russia's Agriculture Ministry, the ministry said in a statement.",
        "The first shipments are expected to arrive at the port of Latakia before the end of the year. The "
        "statement did not disclose the price or the financing arrangement.",
        "Syria's wheat harvest fell to its lowest level in decades this year because of drought, forcing "
        "the government to rely on imports to keep subsidized bread affordable.",
        "Russia was Syria's main wheat supplier before December 2024, when deliveries were interrupted "
        "after the fall of the Assad regime. Shipments resumed in the spring on a smaller scale.",
        "\"Food security is above politics,\" al-Shaar said at the signing ceremony, adding that Damascus "
        "was also in talks with Ukraine and other exporters to diversify its supply.",
    ],
    published=ist(2026, 11, 19, 12, 15),
    category="russia-syria",
    aa_story="aa-20261119-russia-syria-wheat",
    agency="AA",
    tags=["Syria", "Russia", "Wheat", "Food Security"],
)

YS07 = rec(
    article_id="3725877",
    slug="al-sharaa-putin-discuss-energy-and-bases-in-phone-call-kremlin-says",
    section="world",
    title="Al-Sharaa, Putin discuss energy and bases in phone call, Kremlin says",
    lead=(
        "Russian President Vladimir Putin and Syrian President Ahmad al-Sharaa discussed energy cooperation "
        "and the status of Russian military facilities in Syria in a phone call on Friday, the Kremlin said."
    ),
    body=[
        "The call was initiated by the Syrian side, the Kremlin said in a brief statement, adding that the "
        "two leaders \"noted the positive dynamics\" of contacts between their governments.",
        "Kremlin spokesman Dmitry Peskov later told reporters that the future of the Hmeimim and Tartus "
        "bases had been discussed \"in the context of the work of the joint committee\" agreed last week.",
        "The Syrian Presidency said al-Sharaa emphasized that any agreement must respect Syria's "
        "sovereignty and serve \"the interests of the Syrian people first.\"",
        "Al-Sharaa visited Moscow in October 2025, his first trip to Russia since he came to power, and met "
        "Putin at the Kremlin.",
        "Russian companies are seeking contracts to repair Syrian thermal power plants and oil fields, "
        "while Damascus is looking for fuel supplies ahead of the winter.",
    ],
    published=ist(2026, 11, 20, 19, 50),
    category="russia-syria",
    tags=["Syria", "Russia", "Vladimir Putin", "Ahmad al-Sharaa"],
)

# --- Syria only -----------------------------------------------------------

YS08 = rec(
    article_id="3725560",
    slug="un-envoy-says-syrias-political-transition-must-include-all-communities",
    section="world",
    title="UN envoy says Syria's political transition must include all communities",
    lead=(
        "The UN special envoy for Syria told the Security Council that the country's political transition "
        "would succeed only if all Syrian communities felt represented in the new institutions."
    ),
    body=[
        "Briefing the 15-member council in New York, the envoy welcomed the first sessions of the People's "
        "Assembly but said that delays in the selection of members from several provinces risked "
        "undermining confidence in the process.",
        "\"Syrians from Sweida to Qamishli must see themselves in their state,\" the envoy said.",
        "The envoy also called on donors to increase humanitarian funding, noting that the UN appeal for "
        "Syria was less than 30% funded with six weeks left in the year.",
        "Syria's permanent representative to the UN said the government was committed to an inclusive "
        "transition and accused \"outside actors\" of encouraging separatism in the south.",
    ],
    published=ist(2026, 11, 14, 17, 30),
    category="syria-only",
    aa_story="aa-20261114-un-envoy-syria",
    agency="AA",
    tags=["Syria", "United Nations"],
)

YS09 = rec(
    article_id="3725668",
    slug="damascus-airport-reopens-renovated-terminal-adds-flights-to-gulf-and-europe",
    section="world",
    title="Damascus airport reopens renovated terminal, adds flights to Gulf and Europe",
    lead=(
        "Damascus International Airport reopened its renovated main terminal on Monday, with authorities "
        "announcing new routes to Gulf capitals and the first scheduled flights to Europe in more than a decade."
    ),
    body=[
        "The terminal, damaged during the war and closed for eight months of works, can now handle up to "
        "four million passengers a year, the General Authority of Civil Aviation said.",
        img(
            ys_image_path(ist(2026, 11, 16, 12, 0), "3725668-terminal"),
            caption="Passengers walk through the renovated departures hall of Damascus International Airport",
            credit="Yenişafak",
        ),
        "Syrian Airlines will start flights to Doha and Riyadh next week, while a European carrier is "
        "expected to launch a weekly service to Athens in December.",
        "Officials said new baggage systems, passport control booths and a solar power plant had been "
        "installed with funding from Gulf investors.",
        "Air traffic to Syria has grown steadily since the lifting of most Western sanctions, with "
        "diaspora Syrians and business travelers making up the bulk of passengers.",
    ],
    published=ist(2026, 11, 16, 13, 10),
    category="syria-only",
    tags=["Syria", "Aviation"],
)

YS10 = rec(
    article_id="3725801",
    slug="turkiye-and-syria-sign-deal-to-boost-electricity-exports-to-aleppo",
    section="turkiye",
    title="Türkiye and Syria sign deal to boost electricity exports to Aleppo",
    lead=(
        "Türkiye will raise its electricity exports to northern Syria to 900 megawatts under an agreement "
        "signed in Ankara, Energy Minister Alparslan Bayraktar said."
    ),
    body=[
        "The agreement covers a new 400-kilovolt line between Kilis and Aleppo, which is expected to be "
        "completed within 18 months, Bayraktar told reporters after the signing ceremony.",
        "Syrian Energy Minister Mohammad al-Bashir said the additional power would allow factories in "
        "Aleppo's industrial zones to operate around the clock for the first time since 2012.",
        "Türkiye already supplies gas to Syria through the Kilis-Aleppo pipeline, which started operating "
        "in August 2025.",
        "Bayraktar said Turkish companies were also ready to build new power plants in Syria and to take "
        "part in rehabilitating the country's grid.",
    ],
    published=ist(2026, 11, 19, 10, 20),
    category="syria-only",
    tags=["Türkiye", "Syria", "Energy"],
)

# --- Russia only ----------------------------------------------------------

YS11 = rec(
    article_id="3725598",
    slug="russia-and-ukraine-swap-prisoners-in-uae-mediated-exchange",
    section="world",
    title="Russia and Ukraine swap prisoners in UAE-mediated exchange",
    lead=(
        "Russia and Ukraine exchanged 157 prisoners of war each on Saturday in a swap mediated by the "
        "United Arab Emirates, both sides said."
    ),
    body=[
        "The Russian Defense Ministry said the returned servicemen were being flown to Moscow for medical "
        "treatment and rehabilitation.",
        "Ukrainian President Volodymyr Zelenskyy wrote on social media that those freed included soldiers "
        "who had been held since 2022.",
        "The UAE Foreign Ministry said it was the 18th exchange it had mediated, bringing the total number "
        "of prisoners released through its efforts to more than 5,000.",
        "Türkiye has also offered to host talks between the warring sides and facilitated earlier "
        "exchanges in Istanbul.",
    ],
    published=ist(2026, 11, 15, 10, 45),
    category="russia-only",
    aa_story="aa-20261115-prisoner-swap",
    agency="AA",
    tags=["Russia", "Ukraine", "Prisoner Exchange"],
)

YS12 = rec(
    article_id="3725723",
    slug="first-unit-of-akkuyu-nuclear-plant-begins-supplying-power-to-turkish-grid",
    section="economy",
    title="First unit of Akkuyu nuclear plant begins supplying power to Turkish grid",
    lead=(
        "The first unit of the Akkuyu Nuclear Power Plant, built by Russia's state nuclear company Rosatom "
        "in Mersin, has started delivering electricity to the Turkish grid, the company said."
    ),
    body=[
        "The 1,200-megawatt unit was synchronized with the grid after a series of tests and will gradually "
        "be brought to full capacity, Akkuyu Nuclear said in a statement.",
        "Energy Minister Alparslan Bayraktar called it \"a historic day for Turkish energy independence\" "
        "and said the plant would meet about 10% of the country's electricity demand once all four units "
        "are running.",
        "Rosatom head Alexey Likhachev said the remaining units would be commissioned one per year.",
        "The project, worth about $20 billion, was delayed by Western sanctions on Russia that affected "
        "equipment deliveries and payments.",
    ],
    published=ist(2026, 11, 17, 15, 30),
    category="russia-only",
    tags=["Akkuyu", "Rosatom", "Energy"],
    listings=["turkey-economy"],
)

YS13 = rec(
    article_id="3725752",
    slug="kremlin-calls-new-eu-sanctions-package-illegal-vows-response",
    section="world",
    title="Kremlin calls new EU sanctions package 'illegal', vows response",
    lead=(
        "The Kremlin on Wednesday described a new package of EU sanctions against Russia as illegal and "
        "said Moscow would respond in a way that protects its interests."
    ),
    body=[
        "\"Such restrictions are illegal under international law, and we will respond in a manner that "
        "serves our interests,\" Kremlin spokesman Dmitry Peskov told reporters in Moscow.",
        "The package agreed by EU ambassadors targets additional tankers of Russia's so-called shadow fleet "
        "and several banks in third countries accused of helping Russia evade earlier measures.",
        "Hungary and Slovakia dropped their objections after assurances regarding energy supplies, "
        "diplomats said.",
        "Russia's Foreign Ministry said the sanctions would hurt European consumers more than Russia.",
    ],
    published=ist(2026, 11, 18, 11, 0),
    category="russia-only",
    tags=["Russia", "European Union", "Sanctions"],
)

# --- unrelated -------------------------------------------------------------

YS14 = rec(
    article_id="3725540",
    slug="turkiyes-current-account-posts-surplus-in-september",
    section="economy",
    title="Türkiye's current account posts surplus in September",
    lead=(
        "Türkiye's current account posted a surplus of $2.1 billion in September, supported by strong "
        "tourism revenues, data from the Central Bank of the Republic of Türkiye showed."
    ),
    body=[
        "The figure was slightly above the market expectation of $1.8 billion, according to an AA Finance "
        "survey of economists.",
        "Net services revenues reached $6.4 billion, while the foreign trade deficit narrowed compared with "
        "the same month last year, the bank said.",
        "The 12-month rolling current account deficit fell to $14.9 billion.",
        "Economists expect the deficit to remain below 1.5% of national income this year as energy prices "
        "stay moderate.",
    ],
    published=ist(2026, 11, 14, 10, 0),
    category="unrelated",
    aa_story="aa-20261114-current-account",
    agency="AA",
    tags=["Turkish Economy", "Current Account"],
    listings=["turkey-economy"],
)

YS15 = rec(
    article_id="3725862",
    slug="turkish-engineers-unveil-domestically-built-5g-base-station",
    section="technology",
    title="Turkish engineers unveil domestically built 5G base station",
    lead=(
        "A domestically developed 5G base station has been installed at six sites in Istanbul and Ankara in "
        "the first field deployment of Turkish-made mobile network equipment."
    ),
    body=[
        "The equipment was developed by a consortium of Turkish defense and telecom companies with support "
        "from the Transport and Infrastructure Ministry.",
        "Officials said the stations reached download speeds of more than 1.5 gigabits per second in tests.",
        "Türkiye plans to launch commercial 5G services in April, after an auction of frequencies held "
        "earlier this year.",
        "The ministry said the share of domestically produced equipment in the national network would be "
        "raised gradually over the next five years.",
    ],
    published=ist(2026, 11, 20, 14, 5),
    category="unrelated",
    tags=["Technology", "5G"],
)

YS16 = rec(
    article_id="3725890",
    slug="anadolu-efes-edge-real-madrid-in-euroleague-thriller-in-istanbul",
    section="sports",
    title="Anadolu Efes edge Real Madrid in EuroLeague thriller in Istanbul",
    lead=(
        "Anadolu Efes beat Real Madrid 84-82 in a EuroLeague game decided in the final seconds at the "
        "Basketball Development Center in Istanbul on Friday."
    ),
    body=[
        "The Istanbul side trailed by nine points early in the fourth quarter before a 14-3 run turned the "
        "game around.",
        "A three-pointer with four seconds left gave Efes the lead, and Real Madrid's last attempt rolled "
        "off the rim.",
        "The win lifted Efes to seventh place in the standings with eight wins from 12 games.",
        "Efes host Fenerbahce in a Turkish league derby on Monday.",
    ],
    published=ist(2026, 11, 20, 23, 10),
    category="unrelated",
    tags=["Basketball", "EuroLeague"],
)

RECORDS = [SEED, YS01, YS02, YS03, YS04, YS05, YS06, YS07, YS08, YS09, YS10, YS11, YS12, YS13, YS14, YS15, YS16]

from .content_topic import YENISAFAK as TOPIC_CASES  # noqa: E402  issue 11: topic-filter cases
RECORDS += TOPIC_CASES
