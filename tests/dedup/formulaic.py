"""AA's formulaic daily stories: the same wording every day, only the numbers, places and dates change.

These are written the way the agency writes them (a fixed skeleton with the day's facts); pairs of
them from different days must stay apart, while a copy of one day's story must still be joined.
"""

from __future__ import annotations

from .build import art

ORD = {31: "31st", 32: "32nd", 33: "33rd", 34: "34th", 35: "35th", 36: "36th", 41: "41st", 42: "42nd"}


def joint_patrol(n: int, day: str, weekday: str, vehicles: int, villages: str, published: str):
    return art(
        "aa", f"turkish-russian-troops-conduct-{ORD[n]}-joint-patrol-in-northern-syria",
        f"Turkish, Russian troops conduct {ORD[n]} joint patrol in northern Syria",
        f"Land patrol carried out in {villages} with participation of {vehicles} military vehicles, drones "
        "accompany patrol",
        [
            f"Turkish and Russian troops conducted their {ORD[n]} joint land patrol in northern Syria on "
            f"{weekday}, the Turkish National Defense Ministry said.",
            f"The patrol was carried out in an area east of the Euphrates River near {villages} with the "
            f"participation of {vehicles} military vehicles, the ministry said in a statement.",
            "The patrol was also supported by unmanned aerial vehicles, it added.",
            "Under a memorandum of understanding signed in Sochi, Türkiye and Russia agreed to conduct joint "
            "patrols to ensure that YPG/PKK terrorists withdraw from the area, 30 kilometers south of the "
            "border.",
        ],
        published, agency="AA", dateline="ANKARA",
    )


def neutralized(n: int, weekday: str, zone: str, country: str, published: str):
    return art(
        "aa", f"turkish-forces-neutralize-{n}-pkk-terrorists-in-northern-{country.lower()}",
        f"Türkiye 'neutralizes' {n} PKK terrorists in northern {country}",
        f"Terrorists were neutralized in {zone} region, says National Defense Ministry",
        [
            f"Turkish security forces \"neutralized\" {n} PKK terrorists in northern {country}, the National "
            f"Defense Ministry said on {weekday}.",
            f"The terrorists were spotted and neutralized in the {zone} region, the ministry said on X.",
            "\"Our fight against terrorism will continue effectively and decisively until the last terrorist "
            "is neutralized,\" it added.",
            "Turkish authorities use the term \"neutralize\" to imply the terrorists in question surrendered "
            "or were killed or captured.",
            "In its more than 40-year terror campaign against Türkiye, the PKK - listed as a terrorist "
            "organization by Türkiye, the US, and the EU - has been responsible for the deaths of more than "
            "40,000 people, including women, children, and infants.",
        ],
        published, agency="AA", dateline="ANKARA",
    )


def grain_ships(n: int, weekday: str, tonnes: str, total: int, total_tonnes: str, published: str):
    return art(
        "aa", f"{n}-more-ships-carrying-grain-depart-ukrainian-ports",
        f"{n} more ships carrying grain depart Ukrainian ports",
        f"Ships carrying {tonnes} tons of agricultural products leave under Black Sea grain deal, says "
        "Turkish National Defense Ministry",
        [
            f"{n} more ships loaded with grain left Ukrainian ports on {weekday} under the Black Sea grain "
            "deal, the Turkish National Defense Ministry said.",
            f"The vessels, carrying a total of {tonnes} tons of agricultural products, departed the ports of "
            "Odesa, Chornomorsk and Pivdennyi, the ministry said in a statement.",
            f"So far, {total} ships have left Ukrainian ports carrying more than {total_tonnes} tons of "
            "grain, according to the Joint Coordination Center in Istanbul.",
            "Türkiye, the UN, Russia and Ukraine signed a deal in Istanbul in July 2022 to resume grain "
            "exports from three Ukrainian Black Sea ports, which had been paused after the Russia-Ukraine "
            "war began in February 2022.",
        ],
        published, agency="AA", dateline="ISTANBUL",
    )


def quake(magnitude: str, province: str, district: str, weekday: str, time: str, depth: str, published: str):
    return art(
        "aa", f"{magnitude.replace('.', '-')}-magnitude-earthquake-jolts-turkiyes-{province.lower()}",
        f"{magnitude} magnitude earthquake jolts Türkiye's {province} province",
        "No immediate reports of casualties or damage, says disaster agency AFAD",
        [
            f"A magnitude {magnitude} earthquake struck the {district} district of {province} province in "
            f"Türkiye on {weekday}, according to the country's disaster agency.",
            f"The quake occurred at {time} local time at a depth of {depth} kilometers, the Disaster and "
            "Emergency Management Authority (AFAD) said.",
            "There were no immediate reports of casualties or damage.",
            "Türkiye is located on several active fault lines. Two powerful earthquakes centered in "
            "Kahramanmaras province killed more than 53,000 people in February 2023.",
        ],
        published, agency="AA", dateline="ANKARA",
    )


def gaza_toll(total: str, wounded: str, new_dead: int, weekday: str, published: str):
    return art(
        "aa", f"gaza-death-toll-rises-to-{total.replace(',', '')}",
        f"Gaza death toll rises to {total} as Israel continues genocidal war",
        f"Over {wounded} people wounded since Oct. 7, 2023, says Health Ministry",
        [
            f"The death toll from Israel's ongoing genocidal war on the Gaza Strip has risen to {total}, the "
            f"Health Ministry in the enclave said on {weekday}.",
            f"A ministry statement said {wounded} people have also been injured in the onslaught since Oct. "
            "7, 2023.",
            f"\"Israeli occupation forces killed {new_dead} people and injured dozens more in the past 24 "
            "hours,\" the ministry said.",
            "\"Many people are still trapped under the rubble and on the roads as rescuers are unable to "
            "reach them,\" it added.",
            "Israel also faces a genocide case at the International Court of Justice for its war on the "
            "enclave.",
        ],
        published, agency="AA", dateline="GAZA CITY",
    )


def returns(total: str, month: str, weekday: str, gate: str, published: str):
    return art(
        "aa", f"syrians-return-home-from-turkiye-{total.replace(',', '')}",
        f"Over {total} Syrians voluntarily return home from Türkiye since fall of Assad regime",
        f"Returns continue through {gate} border gate, says Interior Ministry",
        [
            f"More than {total} Syrians have voluntarily returned to their country from Türkiye since the fall "
            f"of the Assad regime in December 2024, Turkish Interior Minister Ali Yerlikaya said on {weekday}.",
            f"Most of the returns in {month} took place through the {gate} border gate, Yerlikaya said on X.",
            "Türkiye hosted about 3.5 million Syrians at the peak of the civil war, more than any other "
            "country.",
        ],
        published, agency="AA", dateline="ANKARA",
    )
