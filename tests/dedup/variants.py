"""Copies of the wire stories as other outlets ran them: Yeni Şafak (restructured, sub-headings and a
paragraph of its own), Daily Sabah and TRT World (new headline and lead), Hürriyet Daily News (trimmed,
often without a time or credit), a content farm (synonym spinner), live blogs."""

from __future__ import annotations

from dataclasses import replace

from . import stories as s
from .build import art, copy_as, liveblog, restructured, rewritten, spun, trimmed

# --- restructured (Yeni Şafak) -----------------------------------------------------------------

YS_SHAIBANI = restructured(
    s.A_SHAIBANI, "yenisafak",
    ["Bases on the table", "Reconstruction and wheat"],
    "The visit is al-Shaibani's third to Moscow since the fall of the Assad regime and comes days after a "
    "Russian military convoy left Qamishli airport in northeastern Syria.",
    own_at=3, published="2026-11-15T14:20:00+00:00",
    title="Syria's top diplomat holds talks with Lavrov in Moscow on Russian bases, reconstruction",
)

YS_ABUQASRA = restructured(
    s.A_ABUQASRA, "yenisafak",
    ["Recent High-Level Engagements", "Evolving Bilateral Relations", "Political Transition Context"],
    "Türkiye, which backs the new administration in Damascus, has also signed a military training and "
    "cooperation agreement with Syria, and Turkish officials have said Ankara is following the contacts "
    "between Damascus and Moscow closely.",
    own_at=4, published="2026-12-06T18:43:00+00:00",
)

YS_ARAGHCHI = restructured(
    s.A_ARAGHCHI, "yenisafak",
    ["Trade target of $30 billion", "Nuclear tensions"],
    "Ankara has repeatedly warned that an attack on Iran would drag the whole region into a wider war, and "
    "President Erdogan has offered to mediate between Tehran and Washington.",
    own_at=2, published="2026-11-09T16:30:00+00:00", swap=(2, 3),
)

YS_GAS = restructured(
    s.A_GAS, "yenisafak",
    ["800 megawatts for Syria's grid", "Funded by Qatar"],
    "Syria's power plants were heavily damaged during the 14-year civil war, and most households in "
    "Aleppo and Damascus have relied on private generators for years.",
    own_at=5, published="2026-08-02T13:00:00+00:00",
    title="Azerbaijani gas reaches Syria through Türkiye, to add 800 MW to grid",
)

YS_FIDAN = restructured(
    s.A_FIDAN_DAMASCUS, "yenisafak",
    ["SDF integration", "Refugee returns"],
    "It is Fidan's fourth visit to Damascus since December 2024. Türkiye was the first country to reopen "
    "its embassy in the Syrian capital after the fall of the Assad regime.",
    own_at=4, published="2026-10-16T15:05:00+00:00",
)

YS_SWAP = restructured(
    s.A_SWAP, "yenisafak",
    ["Mariupol defenders return", "17th UAE mediation"],
    "Türkiye has also hosted several exchanges, and President Erdogan has repeatedly said Ankara is ready "
    "to facilitate an \"all for all\" swap of prisoners between the warring sides.",
    own_at=5, published="2026-11-13T19:10:00+00:00",
)

YS_QUNEITRA = restructured(
    s.A_QUNEITRA, "yenisafak",
    ["Shepherds detained", "Golan occupation"],
    "Residents of the Quneitra countryside say Israeli patrols have become an almost daily occurrence, with "
    "farmers unable to reach their fields near the buffer zone.",
    own_at=3, published="2026-11-18T12:00:00+00:00",
    title="Israeli troops storm 2 villages in Syria's Quneitra, detain 3 shepherds",
)

# --- trimmed (Hürriyet Daily News, Daily Sabah briefs) --------------------------------------------

HDN_PUTIN_ERDOGAN = trimmed(s.A_PUTIN_ERDOGAN, "hurriyetdailynews", published="2026-11-18T07:00:00+00:00")
HDN_RUBLE = trimmed(s.A_RUBLE, "hurriyetdailynews", published=None, agency=None)
DS_SWEIDA = trimmed(s.A_SWEIDA, "dailysabah", published="2026-07-15T16:00:00+00:00")
HDN_NUCLEAR = trimmed(s.A_NUCLEAR_TALKS, "hurriyetdailynews", published="2026-11-21T06:30:00+00:00",
                      agency=None)
DS_GAZA = trimmed(s.A_GAZA_AID, "dailysabah", keep=2, published="2026-11-22T15:40:00+00:00")
HDN_ABUQASRA = trimmed(s.A_ABUQASRA, "hurriyetdailynews", published=None,
                       title="Syria, Russia discuss military cooperation in Damascus")
TRT_SHAIBANI = trimmed(s.A_SHAIBANI, "trtworld", keep=2, published="2026-11-15T13:00:00+00:00",
                       agency=None, title="Syria, Russia to form joint committee on military cooperation")
HDN_QUNEITRA = replace(trimmed(s.A_QUNEITRA, "hurriyetdailynews", keep=2, published=None), lead=None)

# --- rewritten headline and lead (Daily Sabah, TRT World, Middle East Monitor) ---------------------

DS_SHAIBANI = rewritten(
    s.A_SHAIBANI, "dailysabah",
    "Damascus wants clear rules for Russian troops on Syrian soil, top diplomat tells Lavrov",
    "Syria's new authorities will only accept a Russian military presence regulated by agreements, Foreign "
    "Minister Asaad al-Shaibani said in Moscow, where the two sides set up a committee to review the bases.",
    published="2026-11-15T16:45:00+00:00", drop=1,
)

TRT_ARAGHCHI = rewritten(
    s.A_ARAGHCHI, "trtworld",
    "Türkiye, Iran set $30B trade goal as Fidan warns against new war in region",
    "Ankara and Tehran vowed to deepen trade and security cooperation during Iranian Foreign Minister Abbas "
    "Araghchi's visit, while Fidan urged that diplomacy be given a chance on the nuclear dispute.",
    first="Fidan hosted Araghchi in the Turkish capital on Monday, where the two discussed regional "
    "developments and bilateral ties.",
    published="2026-11-09T18:10:00+00:00", agency=None,
)

DS_GAS = rewritten(
    s.A_GAS, "dailysabah",
    "Lights on in Aleppo: Gas from Azerbaijan reaches Syria over Türkiye",
    "A Qatari-funded project launched in Kilis will supply Syrian power plants with 3.4 million cubic meters "
    "of Azerbaijani gas per day, boosting electricity supply across the war-torn country.",
    published="2026-08-02T14:20:00+00:00",
)

MEMO_QUNEITRA = rewritten(
    s.A_QUNEITRA, "middleeastmonitor",
    "Israel occupation forces abduct three Syrian shepherds in Quneitra raid",
    "Israeli occupation forces stormed two Syrian villages near the occupied Golan Heights and abducted "
    "three shepherds, in a new violation of Syria's sovereignty.",
    first="Israeli forces raided Jubata al-Khashab and Ufaniya in the Quneitra countryside on Wednesday and "
    "took three people away, SANA reported.",
    published="2026-11-18T15:00:00+00:00", agency=None,
)

TRT_SWAP = rewritten(
    s.A_SWAP, "trtworld",
    "UAE brokers another prisoner swap as 168 captives go home",
    "Moscow and Kyiv handed over 84 prisoners of war each in the Emirates' 17th mediation between the "
    "warring neighbours, with Mariupol defenders among those released.",
    published="2026-11-13T17:30:00+00:00", agency=None,
)

DS_FIDAN = rewritten(
    s.A_FIDAN_DAMASCUS, "dailysabah",
    "Syria's unity a red line, Fidan says after meeting al-Sharaa",
    "Türkiye will not allow terrorist groups to divide Syria, Foreign Minister Hakan Fidan said in "
    "Damascus after talks with President Ahmad al-Sharaa on the SDF, counterterrorism and refugees.",
    published="2026-10-16T16:00:00+00:00",
)

DS_NUCLEAR = rewritten(
    s.A_NUCLEAR_TALKS, "dailysabah",
    "Istanbul talks between Iran, E3 end with pledge to keep talking",
    "Iranian and European diplomats spent four hours at Tehran's consulate in Istanbul discussing "
    "sanctions relief and inspections, but set no date for a new round.",
    first="Iranian diplomats met counterparts from Britain, France and Germany in Istanbul on Friday in "
    "talks Tehran called \"serious, frank and detailed.\"",
    published="2026-11-21T09:00:00+00:00",
)

# --- synonym spinner (content farms) ----------------------------------------------------------------

SPUN_SHAIBANI = spun(s.A_SHAIBANI, "worldnewsdaily24", "syria-russia-foreign-ministers-moscow",
                     published="2026-11-16T02:10:00+00:00")
SPUN_ARAGHCHI = spun(s.A_ARAGHCHI, "newsnowglobal", "iran-turkiye-fm-ankara", published=None)
SPUN_QUNEITRA = spun(s.A_QUNEITRA, "mideastfeed", "israel-quneitra-raid", published="2026-11-18T20:00:00+00:00")
SPUN_PUTIN = spun(s.A_PUTIN_ERDOGAN, "eurasiatimes24", "erdogan-putin-phone", published="2026-11-18T04:00:00+00:00")
SPUN_SWAP = spun(s.A_SWAP, "ukrainetoday-news", "prisoner-swap-84", published=None)

# Spun by hand: reordered clauses and paraphrase, the way newer rewriting tools do it.
SPUN_SWEIDA = art(
    "levantdigest", "sweida-army-deployment",
    "Syrian troops move into Sweida following lethal fighting between Bedouin clans and Druze factions",
    "A truce came into force after three days of combat that left no fewer than 48 dead, according to the "
    "Interior Ministry",
    [
        "Units of the Syrian military moved into the southern city of Sweida on Tuesday following three days "
        "of fighting between Bedouin clans and Druze factions that left no fewer than 48 people dead, "
        "according to the Interior Ministry.",
        "A truce mediated by local notables and the authorities came into force at midday, ministry "
        "spokesperson Nureddin al-Baba told journalists.",
        "\"The state will not allow anyone to drag Sweida into chaos,\" he stated, noting that a panel would "
        "look into the killings.",
        "The violence erupted after a trader was kidnapped on the Damascus-Sweida road.",
        "Druze spiritual leader Sheikh Hikmat al-Hijri has opposed the entry of state forces into the "
        "province.",
    ],
    "2026-07-16T05:00:00+00:00",
)

SPUN_RUBLE = art(
    "bizwirehub", "turkey-russia-national-currencies",
    "Turkey and Russia consent to conduct more commerce in local currencies",
    "Portion of lira and ruble in two-way commerce to exceed 50% next year, Turkish commerce secretary says",
    [
        "Turkey and Russia consented to lift the portion of Turkish lira and Russian ruble payments in "
        "two-way commerce beyond 50% next year, Turkish Trade Secretary Omer Bolat stated on Wednesday.",
        "Bolat was speaking following a session of the Turkish-Russian intergovernmental commission in "
        "Sochi, jointly chaired by Russian Deputy Prime Minister Alexander Novak.",
        "\"Our goal of $100 billion in trade remains on the table,\" Bolat stated, pointing out that two-way "
        "commerce reached $52 billion last year.",
    ],
    None,
)

# --- live blogs --------------------------------------------------------------------------------------

LIVE_GAZA = liveblog(
    s.A_GAZA_AID, "trtworld", "Live blog: Israel's violations of Gaza ceasefire, day 44",
    "Follow our live coverage of the situation in Gaza as the ceasefire enters its seventh week.",
    [
        "11:20",
        "Palestinian Civil Defense says teams recovered 12 bodies from under the rubble of homes in Gaza City's "
        "Shujaiya neighbourhood.",
        "09:45",
        "UNRWA chief Philippe Lazzarini says winter storms have flooded thousands of tents in Mawasi, warning "
        "that families lack blankets and heating fuel.",
        "08:10",
        "Egypt's foreign minister says Cairo is preparing to host a reconstruction conference once the second "
        "phase of the ceasefire begins.",
    ],
    "2026-11-22T05:00:00+00:00", stamp="14:05",
)

LIVE_SWAP = liveblog(
    s.A_SWAP, "kyivindependent", "Russia's war against Ukraine: live updates, Nov. 13",
    "The latest news from the front line and diplomacy.",
    [
        "12:30",
        "Russian drones struck energy infrastructure in Odesa oblast overnight, leaving 40,000 households "
        "without power, the regional governor said.",
        "10:05",
        "Ukraine's General Staff reports 1,120 Russian casualties over the past day.",
    ],
    "2026-11-13T06:00:00+00:00", keep=3, stamp="16:42",
)

LIVE_QUNEITRA = liveblog(
    s.A_QUNEITRA, "middleeasteye", "Syria live: Israeli incursions in south, Sharaa in Riyadh",
    "Live updates on Syria's transition.",
    [
        "08:00",
        "President Ahmad al-Sharaa arrived in Riyadh for talks with Saudi Crown Prince Mohammed bin Salman on "
        "investment and reconstruction.",
        "07:15",
        "Syria's central bank said new banknotes without Assad's portrait would enter circulation next month.",
    ],
    "2026-11-18T06:30:00+00:00", stamp="10:10",
)

LIVE_FIDAN = liveblog(
    s.A_FIDAN_DAMASCUS, "aa", "LIVE: Turkish delegation in Damascus",
    "Follow AA's live coverage of Foreign Minister Hakan Fidan's visit to Syria.",
    [
        "11:00",
        "Fidan, Guler and Kalin were welcomed at Damascus International Airport by Syrian Foreign Minister Asaad "
        "al-Shaibani.",
        "09:30",
        "The Turkish delegation departed Ankara's Esenboga Airport for Damascus.",
    ],
    "2026-10-16T06:30:00+00:00", stamp="15:20",
)

LIVE_NUCLEAR = liveblog(
    s.A_NUCLEAR_TALKS, "iranwire", "Live: Iran-Europe nuclear talks in Istanbul",
    None,
    [
        "15:00",
        "Protesters gathered outside the Iranian consulate in Istanbul to demand the release of political "
        "prisoners in Iran.",
        "13:30",
        "The European delegations arrived at the consulate, according to Turkish media.",
    ],
    "2026-11-20T10:00:00+00:00", stamp="20:45",
)

# --- verbatim and updated copies ---------------------------------------------------------------------

YS_SWEIDA_VERBATIM = copy_as(s.A_SWEIDA, "yenisafak", published="2026-07-15T14:10:00+00:00")
DS_RUBLE_VERBATIM = copy_as(s.A_RUBLE, "dailysabah", published="2026-11-11T17:00:00+00:00")
AA_NUCLEAR_SECOND_URL = copy_as(s.A_NUCLEAR_TALKS, "aa", slug="iran-e3-nuclear-talks-istanbul-friday")
TRT_GAZA_VERBATIM = copy_as(s.A_GAZA_AID, "trtworld", published="2026-11-22T13:40:00+00:00", agency=None)


def _updated(article, title, extra, modified_published):
    from .build import paras
    return replace(copy_as(article, article.source, slug=None, published=modified_published, title=title),
                   body="\n\n".join(paras(article) + [extra]))


AA_SWEIDA_UPDATED = _updated(
    s.A_SWEIDA,
    "UPDATE - Syrian army deploys in Sweida after deadly clashes between Bedouin tribes, Druze groups",
    "Later on Tuesday, the Interior Ministry said the death toll had risen to 52 and that 96 people were "
    "wounded.", "2026-07-15T17:45:00+00:00",
)
AA_GAZA_UPDATED = _updated(
    s.A_GAZA_AID,
    "Israel blocks entry of 120 aid trucks into Gaza despite ceasefire",
    "Later, the UN's humanitarian office OCHA said fuel deliveries to hospitals in northern Gaza had also "
    "been delayed.", "2026-11-22T16:30:00+00:00",
)
AA_ARAGHCHI_UPDATED = _updated(
    s.A_ARAGHCHI,
    "Iranian foreign minister visits Ankara, meets Fidan, Erdogan",
    "Araghchi was later received by President Recep Tayyip Erdogan at the presidential complex, the "
    "Communications Directorate said.", "2026-11-09T19:00:00+00:00",
)
