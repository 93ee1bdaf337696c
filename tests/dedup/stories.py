"""Wire stories of the evaluation set, written in the style of the agencies and outlets they stand for.

``A_*`` are Anadolu Agency originals; ``SP_*``, ``RT_*`` (Reuters) and ``TASS_*`` are other agencies'
stories about the same events; ``X_*`` are stories about a different event that reuse an ``A_*``
story's background paragraphs. Times are UTC.
"""

from __future__ import annotations

from .build import art

# --- Russia / Syria --------------------------------------------------------------------------

A_SHAIBANI = art(
    "aa", "syrian-foreign-minister-meets-lavrov-in-moscow",
    "Syrian foreign minister meets Lavrov in Moscow, discusses future of Russian bases",
    "Asaad al-Shaibani, Sergey Lavrov agree to form joint committee on military, technical cooperation",
    [
        "Syrian Foreign Minister Asaad al-Shaibani met his Russian counterpart Sergey Lavrov in Moscow on "
        "Sunday for talks on the future of Russia's military presence in Syria and post-war reconstruction.",
        "\"We agreed to set up a joint committee that will look at every aspect of our military and "
        "technical cooperation, including the bases,\" Lavrov told a joint news conference after the "
        "three-hour meeting.",
        "Al-Shaibani said Damascus would not accept \"any presence on our soil that is not regulated by clear "
        "agreements,\" adding that Syria sought relations with Russia based on respect for its sovereignty.",
        "Russia operates the Hmeimim air base in Latakia province and a naval facility in the port of Tartus "
        "under agreements signed with the ousted regime of Bashar al-Assad.",
        "The two ministers also discussed Russian wheat deliveries and Russia's possible participation in "
        "rebuilding power plants and railways, according to the Syrian Foreign Ministry.",
        "Assad fled to Russia in December 2024, ending the Baath Party regime, which had been in power since "
        "1963. Damascus has repeatedly asked Moscow to hand him over to stand trial.",
    ],
    "2026-11-15T11:20:00+00:00", agency="AA", dateline="MOSCOW",
)

SP_SHAIBANI = art(
    "sputnik", "lavrov-syrian-counterpart-agree-to-set-up-joint-committee",
    "Lavrov, Syrian Counterpart Agree to Set Up Joint Committee on Military Cooperation",
    "Russian Foreign Minister Sergei Lavrov and his Syrian counterpart Asaad al-Shaibani have agreed to "
    "establish a joint committee that will deal with all aspects of military and technical cooperation.",
    [
        "MOSCOW (Sputnik) - Russian Foreign Minister Sergei Lavrov and his Syrian counterpart Asaad "
        "al-Shaibani have agreed to establish a joint committee that will deal with all aspects of military "
        "and technical cooperation, including Russia's facilities in Syria, Lavrov said on Sunday after "
        "talks in Moscow.",
        "\"We agreed to set up a joint committee that will look at every aspect of our military and "
        "technical cooperation, including the bases,\" Lavrov told a joint press conference.",
        "The Russian minister said Moscow valued its \"long-standing friendship with the Syrian people\" "
        "and was ready to help the country restore its economy and infrastructure.",
        "Lavrov also said Russia would continue to supply humanitarian aid to Syria, including grain, and "
        "called on Western countries to lift unilateral sanctions against Damascus.",
        "Al-Shaibani, for his part, thanked Russia for its position at the UN Security Council and said "
        "Damascus was interested in developing relations with Moscow.",
    ],
    "2026-11-15T12:05:00+00:00", agency="Sputnik", dateline="MOSCOW",
)

X_SHAIBANI_CALL = art(
    "aa", "syrian-russian-foreign-ministers-discuss-joint-committee-by-phone",
    "Syrian, Russian foreign ministers discuss work of joint committee in phone call",
    "Al-Shaibani, Lavrov review preparations for committee's first session in Damascus, says Syrian "
    "Foreign Ministry",
    [
        "Syrian Foreign Minister Asaad al-Shaibani and Russian Foreign Minister Sergey Lavrov discussed "
        "preparations for the first session of a joint military and technical committee in a phone call on "
        "Thursday, the Syrian Foreign Ministry said.",
        "The committee, whose creation was announced in Moscow last month, is expected to meet in Damascus "
        "in January, the ministry said in a statement, without giving an exact date.",
        "Russia operates the Hmeimim air base in Latakia province and a naval facility in the port of Tartus "
        "under agreements signed with the ousted regime of Bashar al-Assad.",
        "Assad fled to Russia in December 2024, ending the Baath Party regime, which had been in power since "
        "1963. Damascus has repeatedly asked Moscow to hand him over to stand trial.",
    ],
    "2026-12-10T15:40:00+00:00", agency="AA", dateline="DAMASCUS",
)

A_ABUQASRA = art(
    "aa", "syrian-defense-minister-meets-russian-military-delegation-in-damascus",
    "Syrian defense minister meets Russian military delegation in Damascus",
    "Syrian Defense Minister Murhaf Abu Qasra has met with a high-level Russian military delegation led by "
    "Deputy Defense Minister Yunus-bek Yevkurov in Damascus. The discussions focused on enhancing military "
    "cooperation and coordination between the two nations.",
    [
        "Syrian Defense Minister Murhaf Abu Qasra has held talks with a senior Russian military delegation in "
        "Damascus, marking another chapter in the evolving relationship between the two nations. The meeting "
        "with Deputy Defense Minister Yunus-bek Yevkurov centered on military cooperation frameworks and "
        "mechanisms to strengthen bilateral coordination.",
        "Sunday's meeting follows Defense Minister Abu Qasra's November 28 discussions with Russian Defense "
        "Minister Andrey Belousov in Moscow, where both officials addressed joint military matters.",
        "The diplomatic exchanges occur against a backdrop of shifting relations between Syria and Russia, "
        "previously strained by Moscow's support for former President Bashar al-Assad and its decision to "
        "grant him asylum following his departure from power.",
        "The new Syrian administration under President Ahmad al-Sharaa has pursued a more open foreign policy "
        "approach, facilitating a series of reciprocal visits by senior officials from both countries.",
        "Former leader Bashar al-Assad fled to Russia in December after nearly 25 years in power, ending the "
        "Baath Party regime that had governed since 1963.",
    ],
    "2026-12-06T15:43:00+00:00", agency="AA", dateline="DAMASCUS",
)

X_ABUQASRA_BELOUSOV = art(
    "aa", "syrian-defense-minister-holds-talks-with-belousov-in-moscow",
    "Syrian defense minister holds talks with Belousov in Moscow",
    "Murhaf Abu Qasra and Andrey Belousov discuss training of Syrian officers and supply of spare parts, "
    "says Syrian Defense Ministry",
    [
        "Syrian Defense Minister Murhaf Abu Qasra held talks with Russian Defense Minister Andrey Belousov in "
        "Moscow on Friday, focusing on the training of Syrian officers at Russian military academies and the "
        "supply of spare parts for Soviet-made equipment.",
        "\"We discussed a program for our cadets and the maintenance of our air defense systems,\" Abu Qasra "
        "said in a statement released by his ministry after the meeting.",
        "The diplomatic exchanges occur against a backdrop of shifting relations between Syria and Russia, "
        "previously strained by Moscow's support for former President Bashar al-Assad and its decision to "
        "grant him asylum following his departure from power.",
        "The new Syrian administration under President Ahmad al-Sharaa has pursued a more open foreign policy "
        "approach, facilitating a series of reciprocal visits by senior officials from both countries.",
        "Former leader Bashar al-Assad fled to Russia in December after nearly 25 years in power, ending the "
        "Baath Party regime that had governed since 1963.",
    ],
    "2026-11-28T13:10:00+00:00", agency="AA", dateline="MOSCOW",
)

A_PUTIN_ERDOGAN = art(
    "aa", "erdogan-putin-discuss-ukraine-peace-efforts-in-phone-call",
    "Erdogan, Putin discuss Ukraine peace efforts in phone call",
    "Turkish president says Türkiye ready to host new round of Russia-Ukraine negotiations in Istanbul",
    [
        "Turkish President Recep Tayyip Erdogan and his Russian counterpart Vladimir Putin discussed efforts "
        "to end the war in Ukraine in a phone call on Tuesday, Türkiye's Communications Directorate said.",
        "Erdogan told Putin that Türkiye was ready to host a new round of direct talks between Russian and "
        "Ukrainian delegations in Istanbul, the directorate said in a statement on NSocial.",
        "\"A just and lasting peace can be achieved through dialogue, and Türkiye will continue to contribute "
        "to this process,\" Erdogan was quoted as saying.",
        "The two leaders also discussed bilateral trade, the Akkuyu nuclear power plant being built by "
        "Russia's Rosatom in Mersin province, and regional issues including Syria.",
        "Istanbul hosted three rounds of direct talks between Russia and Ukraine in 2025, which resulted in "
        "large-scale prisoner exchanges.",
    ],
    "2026-11-17T16:30:00+00:00", agency="AA", dateline="ANKARA",
)

TASS_PUTIN_ERDOGAN = art(
    "tass", "putin-erdogan-hold-phone-conversation",
    "Putin, Erdogan hold phone conversation - Kremlin",
    "The presidents discussed the situation around Ukraine, the Kremlin press service said",
    [
        "MOSCOW, November 17. /TASS/. Russian President Vladimir Putin held a telephone conversation with "
        "Turkish President Recep Tayyip Erdogan on Tuesday, the Kremlin press service said.",
        "\"The situation around Ukraine was discussed. Vladimir Putin informed about the Russian side's "
        "approaches to a political and diplomatic settlement,\" the Kremlin said.",
        "The Russian leader thanked his Turkish counterpart for the readiness to provide a platform for "
        "negotiations in Istanbul.",
        "The presidents also touched upon topical issues of bilateral cooperation, primarily in the trade, "
        "economic and energy spheres, including the construction of the Akkuyu nuclear power plant.",
        "The conversation was constructive and substantive, the Kremlin noted.",
    ],
    "2026-11-17T15:55:00+00:00", agency="TASS", dateline="MOSCOW",
)

X_PUTIN_ERDOGAN_OLD = art(
    "aa", "erdogan-putin-discuss-grain-and-energy-in-phone-call",
    "Erdogan, Putin discuss Black Sea navigation, energy in phone call",
    "Turkish president calls for restoring safe navigation in Black Sea after attacks on commercial ships",
    [
        "Turkish President Recep Tayyip Erdogan spoke by phone with Russian President Vladimir Putin on "
        "Saturday and called for the restoration of safe navigation in the Black Sea after a series of "
        "attacks on commercial vessels.",
        "Erdogan said attacks on merchant ships and energy infrastructure threatened the security of all "
        "coastal states and urged both sides to respect freedom of navigation, the Communications "
        "Directorate said.",
        "The two leaders also discussed bilateral trade, the Akkuyu nuclear power plant being built by "
        "Russia's Rosatom in Mersin province, and regional issues including Syria.",
        "Istanbul hosted three rounds of direct talks between Russia and Ukraine in 2025, which resulted in "
        "large-scale prisoner exchanges.",
    ],
    "2026-10-03T12:15:00+00:00", agency="AA", dateline="ANKARA",
)

# --- Türkiye / Iran ----------------------------------------------------------------------------

A_ARAGHCHI = art(
    "aa", "iranian-foreign-minister-araghchi-visits-ankara-meets-fidan",
    "Iranian foreign minister visits Ankara, meets Turkish counterpart Fidan",
    "Hakan Fidan, Abbas Araghchi discuss regional tensions, trade and border security",
    [
        "Turkish Foreign Minister Hakan Fidan received his Iranian counterpart Abbas Araghchi in Ankara on "
        "Monday for talks on regional developments and bilateral relations.",
        "Speaking at a joint news conference, Fidan said the two neighbors had agreed to raise bilateral "
        "trade to $30 billion and to step up cooperation against terrorism along their 560-kilometer border.",
        "\"We do not want to see a new war in our region. Diplomacy must be given a chance,\" Fidan said, "
        "referring to tensions over Iran's nuclear program.",
        "Araghchi thanked Türkiye for its \"principled stance\" and said Tehran remained open to negotiations "
        "\"on the basis of mutual respect.\"",
        "The Iranian minister is also expected to meet President Recep Tayyip Erdogan during his two-day "
        "visit.",
    ],
    "2026-11-09T14:10:00+00:00", agency="AA", dateline="ANKARA",
)

RT_ARAGHCHI = art(
    "reuters", "iran-foreign-minister-visits-turkey-amid-nuclear-tensions",
    "Iran's foreign minister visits Turkey amid tensions over nuclear programme",
    None,
    [
        "ANKARA, Nov 9 (Reuters) - Iran's Foreign Minister Abbas Araghchi held talks with Turkish officials "
        "in Ankara on Monday, as Tehran seeks regional support amid renewed Western pressure over its "
        "nuclear programme.",
        "Turkish Foreign Minister Hakan Fidan told reporters that Ankara opposed any military action against "
        "Iran. \"We do not want to see a new war in our region,\" he said.",
        "Araghchi said Iran had not closed the door to talks with Washington, but would not negotiate "
        "\"under threats\", according to Iranian state media.",
        "Turkey, a NATO member, shares a long border with Iran and has sought to mediate between Tehran and "
        "Western capitals in the past.",
        "Diplomats said the visit was also aimed at coordinating positions on Syria, where Ankara backs the "
        "new government and Tehran lost its main Arab ally with the fall of Bashar al-Assad.",
    ],
    "2026-11-09T15:02:00+00:00", agency="Reuters", dateline="ANKARA",
)

A_NUCLEAR_TALKS = art(
    "aa", "iran-european-trio-hold-nuclear-talks-in-istanbul",
    "Iran, European trio hold nuclear talks in Istanbul",
    "Iranian deputy foreign minister says talks with UK, France, Germany were 'serious, frank and detailed'",
    [
        "Iran and three European countries held a new round of talks on Tehran's nuclear program in "
        "Istanbul on Friday, with the Iranian side describing the discussions as \"serious, frank and "
        "detailed.\"",
        "Iranian Deputy Foreign Minister Kazem Gharibabadi said on X that the two sides had discussed the "
        "lifting of sanctions and the future of cooperation with the International Atomic Energy Agency.",
        "\"It was agreed that consultations will continue,\" Gharibabadi wrote, without giving a date for the "
        "next round.",
        "The talks took place at the Iranian Consulate General in Istanbul and lasted about four hours.",
        "Britain, France and Germany triggered the so-called snapback mechanism in 2025, restoring UN "
        "sanctions on Iran that had been lifted under the 2015 nuclear deal.",
        "Tehran suspended cooperation with the IAEA after Israeli and US strikes on its nuclear facilities "
        "in June 2025.",
    ],
    "2026-11-20T17:45:00+00:00", agency="AA", dateline="ISTANBUL",
)

X_NUCLEAR_GENEVA = art(
    "aa", "iran-europeans-to-meet-again-in-geneva",
    "Iran, European powers hold technical talks in Geneva",
    "Experts discuss verification measures, says Iranian Foreign Ministry spokesman Esmaeil Baghaei",
    [
        "Technical teams from Iran and three European countries met in Geneva on Wednesday to discuss "
        "verification measures at Iranian nuclear sites, Foreign Ministry spokesman Esmaeil Baghaei said.",
        "Baghaei told a weekly news conference in Tehran that the expert-level meeting was \"a continuation "
        "of the political talks\" and that a report would be presented to the ministers.",
        "Britain, France and Germany triggered the so-called snapback mechanism in 2025, restoring UN "
        "sanctions on Iran that had been lifted under the 2015 nuclear deal.",
        "Tehran suspended cooperation with the IAEA after Israeli and US strikes on its nuclear facilities "
        "in June 2025.",
    ],
    "2026-12-02T10:30:00+00:00", agency="AA", dateline="TEHRAN",
)

# --- Israel / Syria ----------------------------------------------------------------------------

A_QUNEITRA = art(
    "aa", "israeli-army-raids-villages-in-southern-syria-quneitra",
    "Israeli army raids 2 villages in southern Syria, detains 3 people",
    "Israeli forces push into Quneitra countryside, search homes in Jubata al-Khashab and Ufaniya, says "
    "Syrian news agency",
    [
        "Israeli forces on Wednesday raided two villages in the Quneitra countryside in southern Syria and "
        "detained three people, Syria's official news agency SANA reported.",
        "A force of eight military vehicles entered the village of Jubata al-Khashab at dawn and searched "
        "several homes before moving on to nearby Ufaniya, SANA said.",
        "The detained men, all shepherds, were taken to an unknown destination, local sources told Anadolu.",
        "The Syrian Foreign Ministry condemned the incursion as \"a flagrant violation of Syrian "
        "sovereignty\" and called on the UN Security Council to act.",
        "Israel has occupied most of the Syrian Golan Heights since 1967. After the fall of the Assad regime "
        "in December 2024, it declared the 1974 disengagement agreement void and moved into the buffer "
        "zone.",
        "Despite Syria's new administration not posing a threat, Israel has carried out hundreds of airstrikes "
        "across the country, killing civilians and targeting military sites.",
    ],
    "2026-11-18T09:25:00+00:00", agency="AA", dateline="DAMASCUS",
)

SP_QUNEITRA = art(
    "sputnik", "israeli-troops-enter-villages-in-syrias-quneitra-province",
    "Israeli Troops Enter Villages in Syria's Quneitra Province - Reports",
    "Israeli troops have entered two villages in the southern Syrian province of Quneitra, local media "
    "reported on Wednesday.",
    [
        "DAMASCUS (Sputnik) - Israeli troops have entered two villages in the southern Syrian province of "
        "Quneitra, local media reported on Wednesday.",
        "According to the reports, an Israeli unit supported by armored vehicles entered Jubata al-Khashab "
        "and Ufaniya and carried out searches.",
        "Three local residents were detained, the reports said.",
        "The Israel Defense Forces have not commented on the reports.",
        "Israel has been conducting operations in southern Syria since December 2024, when it moved troops "
        "into the demilitarized zone on the Golan Heights.",
    ],
    "2026-11-18T10:40:00+00:00", agency="Sputnik", dateline="DAMASCUS",
)

X_QUNEITRA_STRIKE = art(
    "aa", "israeli-airstrike-hits-military-site-near-damascus",
    "Israeli airstrike hits former military site near Damascus",
    "Strike targets abandoned air defense battalion in Kisweh, no casualties reported",
    [
        "Israeli warplanes struck a former air defense site in Kisweh, south of Damascus, late on Saturday, "
        "Syrian state television reported.",
        "No casualties were reported in the strike, which hit an abandoned battalion headquarters, the "
        "report said.",
        "Israel has occupied most of the Syrian Golan Heights since 1967. After the fall of the Assad regime "
        "in December 2024, it declared the 1974 disengagement agreement void and moved into the buffer "
        "zone.",
        "Despite Syria's new administration not posing a threat, Israel has carried out hundreds of airstrikes "
        "across the country, killing civilians and targeting military sites.",
    ],
    "2026-11-22T21:50:00+00:00", agency="AA", dateline="DAMASCUS",
)

A_GAZA_AID = art(
    "aa", "israel-blocks-aid-trucks-at-kerem-shalom-crossing",
    "Israel blocks entry of 120 aid trucks into Gaza despite ceasefire, says Gaza media office",
    "Only 180 trucks were allowed in on Sunday out of 600 agreed under ceasefire deal, says government "
    "media office",
    [
        "Israel prevented 120 trucks loaded with humanitarian aid from entering the Gaza Strip through the "
        "Kerem Shalom crossing on Sunday, the Gaza government media office said.",
        "The office said in a statement that only 180 trucks had entered the enclave, far below the 600 "
        "trucks a day agreed under the ceasefire deal that took effect on Oct. 10.",
        "\"The occupation continues to use starvation as a weapon against 2.4 million people,\" the "
        "statement said, calling on mediators to pressure Israel to honor its commitments.",
        "The Israeli army body that oversees aid, COGAT, said the trucks had been held for additional "
        "inspections.",
        "The ceasefire, brokered by Egypt, Qatar, Türkiye and the US, ended two years of an Israeli war that "
        "killed more than 69,000 Palestinians, most of them women and children.",
    ],
    "2026-11-22T13:05:00+00:00", agency="AA", dateline="GAZA CITY",
)

X_GAZA_SHOOTING = art(
    "aa", "israeli-army-kills-2-palestinians-in-khan-younis",
    "Israeli army kills 2 Palestinians in Khan Younis despite ceasefire",
    "Palestinians shot near 'yellow line' east of Khan Younis, medical sources say",
    [
        "Israeli troops shot dead two Palestinians east of Khan Younis in southern Gaza on Monday, medical "
        "sources said, in the latest violation of the ceasefire.",
        "The two men were shot near the so-called yellow line, to which Israeli forces withdrew under the "
        "first phase of the deal, the sources told Anadolu.",
        "The ceasefire, brokered by Egypt, Qatar, Türkiye and the US, ended two years of an Israeli war that "
        "killed more than 69,000 Palestinians, most of them women and children.",
    ],
    "2026-11-23T08:35:00+00:00", agency="AA", dateline="GAZA CITY",
)

# --- Türkiye / Syria ---------------------------------------------------------------------------

A_GAS = art(
    "aa", "azerbaijani-gas-begins-flowing-to-syria-via-turkiye",
    "Azerbaijani gas begins flowing to Syria via Türkiye",
    "Natural gas to be used for electricity generation, adding 800 megawatts to Syria's grid, says Turkish "
    "energy minister",
    [
        "Azerbaijani natural gas began flowing to Syria through Türkiye on Saturday, Turkish Energy and "
        "Natural Resources Minister Alparslan Bayraktar announced at a ceremony in the border province of "
        "Kilis.",
        "The gas, transported through the Kilis-Aleppo pipeline, will supply 3.4 million cubic meters a day "
        "to power plants in Syria, adding about 800 megawatts of electricity to the country's grid, "
        "Bayraktar said.",
        "\"Today we are bringing light to the homes of millions of our Syrian brothers and sisters,\" the "
        "minister said.",
        "Syrian Energy Minister Mohammad al-Bashir said the supply would allow Syria to increase daily "
        "electricity supply to households from four hours to around ten hours.",
        "The project is financed by Qatar and was agreed at a meeting in Baku in July.",
    ],
    "2026-08-02T10:15:00+00:00", agency="AA", dateline="KILIS",
)

RT_GAS = art(
    "reuters", "azeri-gas-starts-flowing-to-syria-through-turkey",
    "Azeri gas starts flowing to Syria through Turkey to ease power shortages",
    None,
    [
        "KILIS, Turkey, Aug 2 (Reuters) - Natural gas from Azerbaijan began flowing to Syria through Turkey "
        "on Saturday, in a deal funded by Qatar aimed at easing chronic power shortages in the war-ravaged "
        "country.",
        "Turkey's Energy Minister Alparslan Bayraktar said the gas would feed Syrian power plants and boost "
        "generation by around 800 megawatts. \"Today we are bringing light to the homes of millions of our "
        "Syrian brothers and sisters,\" he said.",
        "Syrians in many areas receive only a few hours of state electricity a day, relying on private "
        "generators and solar panels.",
        "The Qatar Fund for Development said it would cover the cost of the gas, without giving a figure.",
        "Energy experts say Syria needs billions of dollars in investment to repair its grid, much of which "
        "was destroyed during 14 years of war.",
    ],
    "2026-08-02T11:30:00+00:00", agency="Reuters", dateline="KILIS",
)

A_FIDAN_DAMASCUS = art(
    "aa", "turkish-foreign-minister-fidan-meets-syrian-president-sharaa-in-damascus",
    "Turkish foreign minister meets Syrian President al-Sharaa in Damascus",
    "Hakan Fidan says Türkiye will continue to support Syria's territorial integrity, stability",
    [
        "Turkish Foreign Minister Hakan Fidan met Syrian President Ahmad al-Sharaa in Damascus on Thursday, "
        "Turkish diplomatic sources said.",
        "The meeting, also attended by Turkish intelligence chief Ibrahim Kalin and Defense Minister Yasar "
        "Guler, focused on the integration of the SDF into the Syrian army, counterterrorism and the "
        "return of refugees, the sources said.",
        "Speaking to reporters after the meeting, Fidan said: \"Syria's territorial integrity and unity are "
        "a red line for us. We will not allow terrorist organizations to divide this country.\"",
        "Fidan also held talks with his Syrian counterpart Asaad al-Shaibani on trade, energy projects and "
        "the reopening of border crossings.",
        "More than 550,000 Syrians have voluntarily returned from Türkiye to their country since December "
        "2024, according to the Turkish Interior Ministry.",
    ],
    "2026-10-16T12:50:00+00:00", agency="AA", dateline="DAMASCUS",
)

SP_FIDAN_DAMASCUS = art(
    "sputnik", "turkish-fm-arrives-in-damascus-for-talks-with-syrian-leadership",
    "Turkish FM Arrives in Damascus for Talks With Syrian Leadership",
    "Turkish Foreign Minister Hakan Fidan arrived in Damascus on Thursday for talks with the Syrian "
    "leadership, Syrian state media reported.",
    [
        "DAMASCUS (Sputnik) - Turkish Foreign Minister Hakan Fidan arrived in Damascus on Thursday for talks "
        "with the Syrian leadership, Syrian state media reported.",
        "Fidan is accompanied by Turkish Defense Minister Yasar Guler and intelligence chief Ibrahim Kalin, "
        "the report said.",
        "The delegation is expected to discuss the situation in northeastern Syria, where the US-backed "
        "Syrian Democratic Forces (SDF) control large areas.",
        "Ankara considers the SDF an offshoot of the Kurdistan Workers' Party (PKK), which is designated as "
        "a terrorist organization in Turkey.",
    ],
    "2026-10-16T09:10:00+00:00", agency="Sputnik", dateline="DAMASCUS",
)

# --- Russia / Ukraine --------------------------------------------------------------------------

A_SWAP = art(
    "aa", "russia-ukraine-exchange-prisoners-of-war",
    "Russia, Ukraine exchange 84 prisoners of war each in UAE-mediated swap",
    "Among Ukrainian captives released were soldiers held since 2022, says Zelenskyy",
    [
        "Russia and Ukraine exchanged 84 prisoners of war each on Friday in a swap mediated by the United "
        "Arab Emirates, officials from both countries said.",
        "\"Our people are home. Among them are defenders of Mariupol who had been in captivity since 2022,\" "
        "Ukrainian President Volodymyr Zelenskyy wrote on Telegram.",
        "The Russian Defense Ministry said the returned Russian servicemen were in Belarus, where they were "
        "receiving psychological and medical assistance.",
        "The UAE Foreign Ministry said it was its 17th successful mediation between Moscow and Kyiv, "
        "bringing the total number of captives released through its efforts to 4,641.",
        "Russia launched a full-scale invasion of Ukraine in February 2022.",
    ],
    "2026-11-13T14:00:00+00:00", agency="AA", dateline="ISTANBUL",
)

X_SWAP_OTHER = art(
    "aa", "russia-ukraine-swap-bodies-of-fallen-soldiers",
    "Russia, Ukraine exchange bodies of fallen soldiers",
    "Ukraine receives 1,000 bodies, returns 31 to Russia, says Ukrainian coordination headquarters",
    [
        "Ukraine received the bodies of 1,000 soldiers from Russia on Thursday and returned 31 bodies to the "
        "Russian side, Kyiv's coordination headquarters for the treatment of prisoners of war said.",
        "The repatriation was carried out with the help of the International Committee of the Red Cross, "
        "the headquarters said on Telegram.",
        "The UAE Foreign Ministry said it was its 17th successful mediation between Moscow and Kyiv, "
        "bringing the total number of captives released through its efforts to 4,641.",
        "Russia launched a full-scale invasion of Ukraine in February 2022.",
    ],
    "2026-11-27T16:20:00+00:00", agency="AA", dateline="KYIV",
)

A_SWEIDA = art(
    "aa", "syrian-army-deploys-in-sweida-after-clashes",
    "Syrian army deploys in Sweida after deadly clashes between Bedouin tribes, Druze groups",
    "Ceasefire takes effect after 3 days of fighting that killed at least 48 people, says Interior Ministry",
    [
        "Syrian army units entered the city of Sweida in southern Syria on Tuesday after three days of "
        "clashes between Bedouin tribes and local Druze groups that killed at least 48 people, the Interior "
        "Ministry said.",
        "A ceasefire brokered by local dignitaries and the government took effect at noon, ministry "
        "spokesman Nureddin al-Baba told reporters.",
        "\"The state will not allow anyone to drag Sweida into chaos,\" he said, adding that a committee "
        "would investigate the killings.",
        "The fighting broke out after a merchant was abducted on the Damascus-Sweida highway.",
        "Druze religious leader Sheikh Hikmat al-Hijri has rejected the deployment of government forces in "
        "the province.",
    ],
    "2026-07-15T13:30:00+00:00", agency="AA", dateline="DAMASCUS",
)

A_RUBLE = art(
    "aa", "turkish-russian-trade-to-be-settled-in-national-currencies",
    "Türkiye, Russia agree to settle more trade in national currencies",
    "Share of lira, ruble in bilateral trade to rise above 50% next year, says Turkish trade minister",
    [
        "Türkiye and Russia agreed to raise the share of Turkish lira and Russian ruble settlements in "
        "bilateral trade above 50% next year, Turkish Trade Minister Omer Bolat said on Wednesday.",
        "Bolat spoke after a meeting of the Turkish-Russian intergovernmental commission in Sochi, co-chaired "
        "by Russian Deputy Prime Minister Alexander Novak.",
        "\"Our goal of $100 billion in trade remains on the table,\" Bolat said, noting that bilateral trade "
        "stood at $52 billion last year.",
        "The two sides also discussed Russian tourists' visits to Türkiye and the construction of the Akkuyu "
        "nuclear power plant.",
    ],
    "2026-11-11T15:15:00+00:00", agency="AA", dateline="SOCHI",
)
