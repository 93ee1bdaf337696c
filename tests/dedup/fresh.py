"""Pairs written after the matcher was tuned, run once to check that it generalises.

New stories and new outlets, none of them seen while the matcher was built; their results are reported
separately (``fresh`` pairs in ``pairs.PAIRS``).
"""

from __future__ import annotations

from dataclasses import replace

from .build import art, copy_as, liveblog, restructured, rewritten, trimmed

IRAN_SPY = art(
    "aa", "iran-executes-man-convicted-of-spying-for-israel",
    "Iran executes man convicted of spying for Israel's Mossad",
    "Judiciary says Babak S. passed information on sensitive sites to Israeli intelligence officers",
    [
        "Iran on Wednesday executed a man convicted of spying for Israel's Mossad intelligence agency, the "
        "judiciary's Mizan news agency reported.",
        "The man, identified as Babak S., was arrested in 2024 and found guilty of passing information on "
        "sensitive sites in the city of Isfahan to Israeli intelligence officers, Mizan said.",
        "\"The sentence was carried out at dawn after being upheld by the Supreme Court,\" the agency said.",
        "Iran has executed at least 12 people on charges of spying for Israel since the 12-day war between "
        "the two countries in June 2025, according to rights groups.",
        "Tehran does not recognize Israel and accuses it of carrying out sabotage attacks and assassinations "
        "on Iranian soil.",
    ],
    "2026-11-25T07:30:00+00:00", agency="AA", dateline="TEHRAN",
)

AFP_IRAN_SPY = art(
    "afp", "iran-hangs-alleged-mossad-spy",
    "Iran hangs alleged Mossad spy, rights groups decry wave of executions",
    None,
    [
        "TEHRAN (AFP) - Iran hanged a man on Wednesday over charges of spying for Israel, the judiciary said, "
        "the latest in a wave of executions that rights groups say is aimed at spreading fear.",
        "\"The sentence was carried out at dawn after being upheld by the Supreme Court,\" the judiciary's "
        "Mizan Online website said, identifying the man only by his first name and initial.",
        "Norway-based Iran Human Rights said the trial had been held behind closed doors and that the man had "
        "no access to a lawyer of his choice.",
        "Amnesty International says Iran carried out more than 1,000 executions in 2025, the highest number "
        "in a decade.",
    ],
    "2026-11-25T08:45:00+00:00", agency="AFP", dateline="TEHRAN",
)

IRAN_ARREST = art(
    "aa", "iran-arrests-3-suspected-of-spying-for-mossad-in-kermanshah",
    "Iran arrests 3 suspected of spying for Mossad in Kermanshah",
    "Suspects were planning attacks on police stations, says Revolutionary Guards",
    [
        "Iran's Revolutionary Guards arrested three people suspected of working for Israel's Mossad in the "
        "western province of Kermanshah on Saturday, the semi-official Tasnim news agency reported.",
        "The suspects were planning attacks on police stations and had received explosives smuggled across "
        "the border, the Guards said in a statement.",
        "Iran has executed at least 12 people on charges of spying for Israel since the 12-day war between "
        "the two countries in June 2025, according to rights groups.",
        "Tehran does not recognize Israel and accuses it of carrying out sabotage attacks and assassinations "
        "on Iranian soil.",
    ],
    "2026-11-29T18:05:00+00:00", agency="AA", dateline="TEHRAN",
)


def drones(n: int, regions: str, weekday: str, published: str):
    return art(
        "aa", f"russia-says-it-downed-{n}-ukrainian-drones-overnight",
        f"Russia says it downed {n} Ukrainian drones overnight",
        f"Drones intercepted over {regions}, says Defense Ministry",
        [
            f"Russian air defense systems intercepted and destroyed {n} Ukrainian drones overnight, the Russian "
            f"Defense Ministry said on {weekday}.",
            f"The drones were downed over {regions}, the ministry said on Telegram.",
            "Kyiv has not commented on the claim.",
            "Ukraine has stepped up long-range drone attacks on Russian oil refineries and military airfields "
            "in recent months.",
        ],
        published, agency="AA", dateline="MOSCOW",
    )


DRONES_41 = drones(41, "the Bryansk, Kursk and Belgorod regions", "Monday", "2026-11-23T06:40:00+00:00")
DRONES_57 = drones(57, "the Bryansk, Kursk and Belgorod regions", "Tuesday", "2026-11-24T06:25:00+00:00")
DRONES_41B = drones(41, "the Rostov and Voronezh regions and the Sea of Azov", "Friday",
                    "2026-11-27T06:55:00+00:00")

HEJAZ = art(
    "aa", "syria-jordan-turkiye-agree-to-restore-hejaz-railway",
    "Syria, Jordan, Türkiye agree to restore historic Hejaz Railway link",
    "Transport ministers sign memorandum in Amman to rebuild 30-kilometer missing section in southern Syria",
    [
        "Syria, Jordan and Türkiye signed a memorandum of understanding in Amman on Thursday to restore the "
        "Hejaz Railway, the Ottoman-era line that once linked Istanbul with the holy city of Medina.",
        "Turkish Transport Minister Abdulkadir Uraloglu said the three countries would first rebuild a "
        "30-kilometer missing section in southern Syria, with the aim of running freight trains between "
        "Türkiye and Jordan within two years.",
        "\"This railway will once again connect our peoples and our economies,\" Uraloglu told a news "
        "conference with his Syrian and Jordanian counterparts.",
        "The line was built between 1900 and 1908 on the orders of Sultan Abdulhamid II. Large parts of the "
        "track were destroyed during World War I and later abandoned.",
        "Syrian Transport Minister Yarub Badr said feasibility studies would be completed by March.",
    ],
    "2026-11-19T12:20:00+00:00", agency="AA", dateline="AMMAN",
)

HEJAZ_OTHER = art(
    "aa", "turkiye-syria-sign-deal-on-aleppo-gaziantep-railway",
    "Türkiye, Syria sign deal to reopen Gaziantep-Aleppo railway",
    "First freight train expected to run between the two cities next summer, says Turkish minister",
    [
        "Türkiye and Syria on Monday signed an agreement in Gaziantep to reopen the railway between the "
        "southern Turkish city and Aleppo, closed since 2012.",
        "Transport Minister Abdulkadir Uraloglu said Turkish State Railways would repair 42 kilometers of "
        "track on the Syrian side, with the first freight train expected next summer.",
        "The Hejaz Railway was built between 1900 and 1908 on the orders of Sultan Abdulhamid II. Large parts "
        "of the track were destroyed during World War I and later abandoned.",
    ],
    "2026-10-05T14:00:00+00:00", agency="AA", dateline="GAZIANTEP",
)

NETANYAHU = art(
    "aa", "netanyahu-says-israel-will-not-withdraw-from-syrian-buffer-zone",
    "Netanyahu says Israel will not withdraw from Syrian buffer zone",
    "Israeli premier visits troops on occupied Mount Hermon, says army will stay 'for the foreseeable future'",
    [
        "Israeli Prime Minister Benjamin Netanyahu said on Tuesday that Israeli troops would not withdraw from "
        "the buffer zone in southern Syria, during a visit to positions on Mount Hermon.",
        "\"We will remain here for the foreseeable future to protect the communities of the Golan and the "
        "Galilee,\" Netanyahu said in a video statement released by his office.",
        "The Syrian Foreign Ministry condemned the visit as a \"provocative violation\" of Syrian sovereignty "
        "and international law.",
        "Israel seized the UN-patrolled buffer zone after the fall of the Assad regime in December 2024.",
    ],
    "2026-11-24T13:10:00+00:00", agency="AA", dateline="JERUSALEM",
)

RT_NETANYAHU = art(
    "reuters", "netanyahu-visits-troops-syria-buffer-zone",
    "Netanyahu visits troops in Syria buffer zone, says they will stay",
    None,
    [
        "JERUSALEM, Nov 24 (Reuters) - Prime Minister Benjamin Netanyahu visited Israeli troops inside a "
        "demilitarised zone in southern Syria on Tuesday and said they would remain there indefinitely.",
        "Netanyahu, accompanied by Defence Minister Israel Katz, was shown in a video looking out from the "
        "summit of Mount Hermon. \"We will remain here for the foreseeable future,\" he said.",
        "Syria's foreign ministry called the visit a provocation. The United Nations says Israel's presence "
        "in the zone violates the 1974 disengagement agreement.",
        "Israeli officials say the deployment is needed to prevent attacks on northern Israel.",
    ],
    "2026-11-24T14:02:00+00:00", agency="Reuters", dateline="JERUSALEM",
)

KRG_OIL = art(
    "aa", "iraqi-kurdish-oil-exports-via-turkiye-resume",
    "Oil exports from Iraq's Kurdish region via Türkiye resume after 2.5-year halt",
    "First tanker to load at Ceyhan port, 180,000 barrels per day to flow initially, says Iraqi Oil Ministry",
    [
        "Crude oil exports from northern Iraq's Kurdish region through the Iraq-Türkiye pipeline resumed on "
        "Saturday after a halt of more than two and a half years, Iraq's Oil Ministry said.",
        "About 180,000 barrels per day will initially be pumped to Türkiye's Mediterranean port of Ceyhan, "
        "the ministry said in a statement, adding that volumes would rise to 230,000 barrels within weeks.",
        "Exports were halted in March 2023 after an arbitration court in Paris ordered Ankara to pay Baghdad "
        "damages for allowing exports without the federal government's approval.",
        "Türkiye's Energy Minister Alparslan Bayraktar welcomed the restart, saying it would benefit \"the "
        "whole Iraqi people.\"",
    ],
    "2026-09-27T09:15:00+00:00", agency="AA", dateline="BAGHDAD",
)

RUDAW_OIL = art(
    "rudaw", "kurdistan-oil-flows-to-ceyhan",
    "Kurdistan oil flows to Ceyhan again, ending 30-month stoppage",
    "The Kurdistan Region's oil is being pumped to Türkiye after Erbil and Baghdad reached a deal on "
    "payments to international oil companies.",
    [
        "Oil from the Kurdistan Region started flowing through the pipeline to Türkiye's Ceyhan port on "
        "Saturday morning, the Kurdistan Region's Ministry of Natural Resources told Rudaw.",
        "The restart follows an agreement between Erbil, Baghdad and foreign oil companies operating in the "
        "Region over costs and arrears, which the companies had demanded before resuming production.",
        "Kurdish officials said the Region would hand over its oil to Iraq's state marketer SOMO in exchange "
        "for the payment of public sector salaries from the federal budget.",
        "The halt cost the Region an estimated $25 billion in lost revenue, according to the Association of "
        "the Petroleum Industry of Kurdistan (APIKUR).",
    ],
    "2026-09-27T10:30:00+00:00",
)

# --- copies ----------------------------------------------------------------------------------------

YS_IRAN_SPY = restructured(
    IRAN_SPY, "yenisafak", ["Executions since the 12-day war"],
    "Iran and Israel fought a 12-day war in June 2025 that began with Israeli strikes on Iranian nuclear and "
    "military sites and ended with a US-brokered ceasefire.",
    own_at=3, published="2026-11-25T10:15:00+00:00",
    title="Iran hangs man convicted of spying for Mossad",
)
MEMO_IRAN_SPY = replace(copy_as(IRAN_SPY, "middleeastmonitor", published="2026-11-25T12:00:00+00:00"),
                        agency="Anadolu Agency")
DS_DRONES = trimmed(DRONES_41, "dailysabah", keep=2, published="2026-11-23T09:00:00+00:00")
HDN_HEJAZ = replace(rewritten(
    HEJAZ, "hurriyetdailynews",
    "Hejaz Railway to be revived by Türkiye, Syria and Jordan",
    "", drop=1, published=None, agency=None), lead=None)
SPUN_HEJAZ = art(
    "railnewsarabia", "hejaz-railway-revival",
    "Syria, Jordan and Turkey consent to revive the historic Hejaz Railway connection",
    "Transport secretaries sign a memorandum in Amman to reconstruct a missing 30-kilometer stretch in "
    "southern Syria",
    [
        "Syria, Jordan and Turkey inked a memorandum of understanding in Amman on Thursday to revive the Hejaz "
        "Railway, the Ottoman-period line that formerly connected Istanbul with the holy town of Medina.",
        "Turkish Transport Secretary Abdulkadir Uraloglu stated the three nations would initially reconstruct "
        "a missing 30-kilometer stretch in southern Syria, with the goal of operating cargo trains between "
        "Turkey and Jordan in two years.",
        "\"This railway will once again connect our peoples and our economies,\" Uraloglu informed a press "
        "briefing alongside his Syrian and Jordanian counterparts.",
    ],
    None,
)
LIVE_NETANYAHU = liveblog(
    NETANYAHU, "timesofisrael", "Live updates: Israel on multiple fronts, Nov. 24",
    "The day's events as they happen.",
    [
        "12:40",
        "Sirens sound in the Upper Galilee; the IDF says a drone launched from Lebanon was intercepted.",
        "11:05",
        "Hostage families hold a rally outside the Knesset calling for the return of the last bodies held "
        "in Gaza.",
    ],
    "2026-11-24T05:30:00+00:00", keep=1, stamp="15:32",
)
TRT_OIL = rewritten(
    KRG_OIL, "trtworld",
    "Kirkuk-Ceyhan pipeline back in business as Kurdish oil reaches Türkiye",
    "Iraqi crude from the Kurdish region is once again flowing to Ceyhan, ending a stoppage that began with a "
    "Paris arbitration ruling in 2023.",
    first="Northern Iraq's Kurdish region restarted crude exports through the pipeline to Türkiye on Saturday, "
    "Iraq's Oil Ministry announced, more than 30 months after the flow stopped.",
    published="2026-09-27T13:40:00+00:00", agency=None,
)

SAME = [
    ("restructured", IRAN_SPY, YS_IRAN_SPY), ("verbatim", IRAN_SPY, MEMO_IRAN_SPY),
    ("trimmed", DRONES_41, DS_DRONES), ("rewritten_lead", HEJAZ, HDN_HEJAZ), ("spun", HEJAZ, SPUN_HEJAZ),
    ("liveblog", NETANYAHU, LIVE_NETANYAHU), ("rewritten_lead", KRG_OIL, TRT_OIL),
]
DIFFERENT = [
    ("other_agency", IRAN_SPY, AFP_IRAN_SPY), ("shared_background", IRAN_SPY, IRAN_ARREST),
    ("formulaic_other_day", DRONES_41, DRONES_57), ("formulaic_other_day", DRONES_41, DRONES_41B),
    ("shared_background", HEJAZ, HEJAZ_OTHER), ("other_agency", NETANYAHU, RT_NETANYAHU),
    ("other_agency", KRG_OIL, RUDAW_OIL), ("other_agency", YS_IRAN_SPY, AFP_IRAN_SPY),
]
