"""Word lists for `suggest`: English function words, the
cues that say what kind of thing a name is, and the world's countries.

Plain data, kept small: each list is here because a rule of suggest
names it, and the rules are documented in docs/SPEC.md ("suggest").
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = _words("""
a about above according across after afterwards again against ago all almost along already also
although always am amid among an and another any anybody anyone anything anyway are around as at
away back be because been before being below beside besides between beyond both but by can cannot
could did do does doing done down during each either else enough even ever every everybody
everyone everything far few for from further had has have having he hence her here hers herself
him himself his how however i if in indeed instead into is it its itself just least less let like
likely many may maybe me meanwhile might mine more moreover most much must my myself namely
neither never nevertheless no nobody none nonetheless nor not nothing now of off often on once
one only onto or other others otherwise our ours ourselves out over own per perhaps quite rather
really same she should since so some somebody someone something sometimes soon still such than
that the their theirs them themselves then there thereby therefore these they this those though
through throughout thus to together too toward towards under unless until up upon us very via was
we well were what whatever when whenever where whereas wherever whether which while whilst who
whoever whom whose why will with within without would yet you your yours yourself yourselves
""")
"""Function words: never the start or end of a term, and a sentence's first
word is dropped from a name when it is one of them."""

COMMON_VERBS = _words("""
said says say saying told tell tells wrote write writes added asked made make makes making get gets
got go goes going gone went come comes came take takes took taken give gives gave given see sees
saw seen know knows knew known think thinks thought seem seems seemed want wants wanted need needs
needed use used uses put keep kept find found show shown shows look looks looked became become
becomes called call calls mean means meant remain remains remained
""")
"""Frequent verbs, left out of repeated noun phrases."""

NUMBER_WORDS = _words("""
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
hundred hundreds thousand thousands million millions billion billions trillion trillions dozen
dozens half
""")
SCALE_WORDS = {"hundred": 100, "hundreds": 100, "thousand": 1_000, "thousands": 1_000,
               "million": 1_000_000, "millions": 1_000_000, "billion": 1_000_000_000,
               "billions": 1_000_000_000, "trillion": 1_000_000_000_000,
               "trillions": 1_000_000_000_000, "dozen": 12, "dozens": 12}
SMALL_NUMBERS = {word: value for value, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
SMALL_NUMBERS.update({"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                      "seventy": 70, "eighty": 80, "ninety": 90})
UNIT_WORDS = _words("""
percent per cent percentage points years year decades decade months month weeks week days day
hours hour times dollars euros pounds yuan rubles roubles won yen tons tonnes kilometers kilometres
miles meters metres people troops soldiers casualties deaths
""")
"""Words that make a spelled-out number a figure ("five decades"), not a count
of the things in the story ("the two men")."""

QUALIFIERS = {
    "about": "about", "approximately": "about", "roughly": "about", "around": "about",
    "some": "about", "nearly": "nearly", "almost": "nearly", "up to": "up to",
    "at least": "at least", "more than": "more than", "over": "more than",
    "fewer than": "fewer than", "less than": "fewer than",
}
"""Words before a number -> the fact box `qualifier` they mean."""

NOT_SUPERLATIVES = _words("""
arrest attest behest best-known chest conquest contest crest detest digest divest earnest forest
guest harvest honest infest ingest inquest interest invest jest lest manifest midwest modest molest
nest northwest pest priest protest quest request rest southwest suggest tempest test unrest vest west
zest everest budapest bucharest
""")
"""Words ending in -est that are no superlative."""

PERSON_TITLES = _words("""
President Vice-President Premier Chancellor Minister Secretary Senator Sen. Representative Rep.
Governor Gov. Mayor Ambassador Envoy King Queen Prince Princess Emperor Pope Sheikh Sultan Ayatollah
Chairman Chairwoman Chair Director Judge Justice Speaker Leader General Gen. Admiral Adm. Colonel
Col. Major Maj. Captain Capt. Lieutenant Lt. Sergeant Sgt. Commander Marshal Mr. Mrs. Ms. Dr.
Professor Prof. Spokesperson Spokesman Spokeswoman Commissioner Chief Dictator
""")
"""Capitalised words that stand before a person's name ("President Vladimir
Putin", "Foreign Minister X"); the name is what follows the last of them."""

PERSON_CUES_BEFORE = _words("""
leader president minister spokesperson spokesman spokeswoman chairman chairwoman secretary
ambassador envoy general admiral official officials director analyst columnist professor senator
dictator premier chancellor king queen prince commander chief lawmaker adviser advisor aide
correspondent reporter journalist writer author editor scholar researcher fellow grandfather
grandmother father mother son daughter brother sister wife husband successor predecessor rival
""")
"""Lowercase words that stand before a person's name: "leader Kim Jong Un"."""

PERSON_NOUNS = _words("""
fellow columnist professor analyst reporter journalist writer author director spokesperson
spokesman spokeswoman official researcher scholar editor correspondent lawyer diplomat senator
minister president leader adviser advisor aide general commander economist historian expert
""")
"""After a name: "X, a former director", "X is a fellow"."""

SPEECH_VERBS = _words("said says wrote writes told added argued stated noted warned claimed insisted")

ORGANIZATION_WORDS = _words("""
Ministry Council Committee Agency Center Centre Institute Institution Party Department Office
Bureau Service Services Commission Union Organization Organisation Association Foundation
Corporation Company Inc. Ltd. Group Bank University College Court Parliament Congress Senate
Assembly Duma Army Navy Forces Guard Police Tribune Times Post Journal News Press Fund Forum
Program Programme Team Panel Network Coalition Front Movement Administration Government
Kremlin Pentagon Secretariat Cabinet Board Authority Watch
""")
"""Any of these in a name makes it an organisation."""

OF_HEADS = ORGANIZATION_WORDS | PERSON_TITLES | _words("""
Republic Kingdom Sea Gulf Bay Strait Isle Islands Sea State States Chamber House Society Academy
Chapter Article Treaty Charter Declaration Convention Protocol Battle Siege Bank Museum Port City
Cape Duke Duchess Federation League Order Panel Peace Sultanate Emirate Emirates Principality
""")
"""Capitalised words after which 'of' and 'for' continue a name ("Workers'
Party of Korea", "Center for Strategic and International Studies")."""

TERM_HEADS = _words("""
War Wars Peninsula Treaty Agreement Accord Accords Act Resolution Resolutions Charter Doctrine
Summit Crisis Revolution Talks Sea Ocean River Island Islands Strait Square House Palace Hall
Cosmodrome Convention Protocol Declaration Plan Operation Campaign Deal Pact Era Principle Zone
Region Province Gulf Bay Canal Mountains Desert Valley Station Airport Satellite Missile Program
Armistice Agreement Initiative Conference Games Cup Prize Award Strategy
""")
"""The last word of a name that is a thing, place or event rather than an
actor: such names are suggested as glossary terms."""

GROUP_WORDS = _words("dynasty family clan tribe regime")
"""After a name, these make a group of it: "the Kim dynasty"."""

ORGANIZATION_NOUNS = _words("""
committee council agency panel commission court mission ministry department office bureau
service fund programme program inspectors observers
""")
"""After an acronym and a few words, these make an organisation of them:
"the U.N. monitoring committee"."""

TERM_PREFIXES = ("quasi-", "self-", "anti-", "non-", "counter-", "semi-", "multi-", "neo-",
                 "pseudo-", "ultra-", "geo-")
"""Words made with these are coined terms: "quasi-alliance", "self-reliance"."""

EVERYDAY_ACRONYMS = _words("""
AM PM OK TV DNA ID FAQ CEO PS PR VS AD BC GMT UTC
""")
"""Capitals that are words, not names."""

ROMAN_NUMERALS = _words("I II III IV V VI VII VIII IX X XI XII XIII XIV XV XX")

CONNECTORS = _words("of for and the de del der van von al bin da di du la le")
"""Lowercase words that may stand inside a name."""

NAME_PARTICLES = _words("de del der van von al bin da di du la le")
"""Connectors that always continue a person's name ("Charles de Gaulle")."""

ABBREVIATIONS = _words("""
Mr Mrs Ms Dr St Jr Sr Gen Col Lt Sgt Capt Sen Rep Gov Prof Rev Hon No vs etc Inc Ltd Co Corp
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Adm Maj Mt Ft approx est
""")
"""Words whose full stop ends no sentence."""

WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

MONTHS = {name: number for number, names in enumerate((
    ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"), ("May",),
    ("June", "Jun"), ("July", "Jul"), ("August", "Aug"), ("September", "Sep", "Sept"),
    ("October", "Oct"), ("November", "Nov"), ("December", "Dec")), 1) for name in names}

COUNTRY_CAPITALS = {
    "Afghanistan": "Kabul", "Albania": "Tirana", "Algeria": "Algiers", "Andorra": "Andorra la Vella",
    "Angola": "Luanda", "Argentina": "Buenos Aires", "Armenia": "Yerevan", "Australia": "Canberra",
    "Austria": "Vienna", "Azerbaijan": "Baku", "Bahamas": "Nassau", "Bahrain": "Manama",
    "Bangladesh": "Dhaka", "Barbados": "Bridgetown", "Belarus": "Minsk", "Belgium": "Brussels",
    "Belize": "Belmopan", "Benin": "Porto-Novo", "Bhutan": "Thimphu", "Bolivia": "Sucre",
    "Bosnia and Herzegovina": "Sarajevo", "Botswana": "Gaborone", "Brazil": "Brasília",
    "Brunei": "Bandar Seri Begawan", "Bulgaria": "Sofia", "Burkina Faso": "Ouagadougou",
    "Burundi": "Gitega", "Cambodia": "Phnom Penh", "Cameroon": "Yaoundé", "Canada": "Ottawa",
    "Cape Verde": "Praia", "Central African Republic": "Bangui", "Chad": "N'Djamena",
    "Chile": "Santiago", "China": "Beijing", "Colombia": "Bogotá", "Comoros": "Moroni",
    "Congo": "Brazzaville", "Costa Rica": "San José", "Croatia": "Zagreb", "Cuba": "Havana",
    "Cyprus": "Nicosia", "Czech Republic": "Prague", "Czechia": "Prague", "Denmark": "Copenhagen",
    "Djibouti": "Djibouti", "Dominica": "Roseau", "Dominican Republic": "Santo Domingo",
    "East Timor": "Dili", "Ecuador": "Quito", "Egypt": "Cairo", "El Salvador": "San Salvador",
    "Equatorial Guinea": "Malabo", "Eritrea": "Asmara", "Estonia": "Tallinn", "Eswatini": "Mbabane",
    "Ethiopia": "Addis Ababa", "Fiji": "Suva", "Finland": "Helsinki", "France": "Paris",
    "Gabon": "Libreville", "Gambia": "Banjul", "Georgia": "Tbilisi", "Germany": "Berlin",
    "Ghana": "Accra", "Greece": "Athens", "Grenada": "St. George's", "Guatemala": "Guatemala City",
    "Guinea": "Conakry", "Guinea-Bissau": "Bissau", "Guyana": "Georgetown", "Haiti": "Port-au-Prince",
    "Honduras": "Tegucigalpa", "Hungary": "Budapest", "Iceland": "Reykjavik", "India": "New Delhi",
    "Indonesia": "Jakarta", "Iran": "Tehran", "Iraq": "Baghdad", "Ireland": "Dublin",
    "Israel": "Jerusalem", "Italy": "Rome", "Ivory Coast": "Yamoussoukro", "Jamaica": "Kingston",
    "Japan": "Tokyo", "Jordan": "Amman", "Kazakhstan": "Astana", "Kenya": "Nairobi",
    "Kiribati": "Tarawa", "Kosovo": "Pristina", "Kuwait": "Kuwait City", "Kyrgyzstan": "Bishkek",
    "Laos": "Vientiane", "Latvia": "Riga", "Lebanon": "Beirut", "Lesotho": "Maseru",
    "Liberia": "Monrovia", "Libya": "Tripoli", "Liechtenstein": "Vaduz", "Lithuania": "Vilnius",
    "Luxembourg": "Luxembourg", "Madagascar": "Antananarivo", "Malawi": "Lilongwe",
    "Malaysia": "Kuala Lumpur", "Maldives": "Malé", "Mali": "Bamako", "Malta": "Valletta",
    "Marshall Islands": "Majuro", "Mauritania": "Nouakchott", "Mauritius": "Port Louis",
    "Mexico": "Mexico City", "Micronesia": "Palikir", "Moldova": "Chișinău", "Monaco": "Monaco",
    "Mongolia": "Ulaanbaatar", "Montenegro": "Podgorica", "Morocco": "Rabat",
    "Mozambique": "Maputo", "Myanmar": "Naypyidaw", "Namibia": "Windhoek", "Nauru": "Yaren",
    "Nepal": "Kathmandu", "Netherlands": "Amsterdam", "New Zealand": "Wellington",
    "Nicaragua": "Managua", "Niger": "Niamey", "Nigeria": "Abuja", "North Korea": "Pyongyang",
    "North Macedonia": "Skopje", "Norway": "Oslo", "Oman": "Muscat", "Pakistan": "Islamabad",
    "Palau": "Ngerulmud", "Palestine": "Ramallah", "Panama": "Panama City",
    "Papua New Guinea": "Port Moresby", "Paraguay": "Asunción", "Peru": "Lima",
    "Philippines": "Manila", "Poland": "Warsaw", "Portugal": "Lisbon", "Qatar": "Doha",
    "Romania": "Bucharest", "Russia": "Moscow", "Rwanda": "Kigali", "Saint Lucia": "Castries",
    "Samoa": "Apia", "San Marino": "San Marino", "Saudi Arabia": "Riyadh", "Senegal": "Dakar",
    "Serbia": "Belgrade", "Seychelles": "Victoria", "Sierra Leone": "Freetown",
    "Singapore": "Singapore", "Slovakia": "Bratislava", "Slovenia": "Ljubljana",
    "Solomon Islands": "Honiara", "Somalia": "Mogadishu", "South Africa": "Pretoria",
    "South Korea": "Seoul", "South Sudan": "Juba", "Spain": "Madrid", "Sri Lanka": "Colombo",
    "Sudan": "Khartoum", "Suriname": "Paramaribo", "Sweden": "Stockholm", "Switzerland": "Bern",
    "Syria": "Damascus", "Taiwan": "Taipei", "Tajikistan": "Dushanbe", "Tanzania": "Dodoma",
    "Thailand": "Bangkok", "Togo": "Lomé", "Tonga": "Nukuʻalofa", "Trinidad and Tobago": "Port of Spain",
    "Tunisia": "Tunis", "Turkey": "Ankara", "Türkiye": "Ankara", "Turkmenistan": "Ashgabat",
    "Tuvalu": "Funafuti", "Uganda": "Kampala", "Ukraine": "Kyiv", "United Arab Emirates": "Abu Dhabi",
    "United Kingdom": "London", "Britain": "London", "Great Britain": "London",
    "United States": "Washington", "United States of America": "Washington", "America": "Washington",
    "Uruguay": "Montevideo", "Uzbekistan": "Tashkent", "Vanuatu": "Port Vila",
    "Vatican City": "Vatican City", "Venezuela": "Caracas", "Vietnam": "Hanoi", "Yemen": "Sanaa",
    "Zambia": "Lusaka", "Zimbabwe": "Harare", "Soviet Union": "Moscow",
}
"""Country names in common English use, and their capitals, which the news
uses for governments ("Moscow said")."""

REGIONS = _words("""
Africa Asia Europe America Americas Oceania Antarctica Arctic Atlantic Pacific Eurasia Caribbean
Balkans Baltics Scandinavia Siberia Sahel
""") | {"East Asia", "South Asia", "Southeast Asia", "Central Asia", "Middle East", "Near East",
       "Far East", "Latin America", "North America", "South America", "Central America",
       "Western Europe", "Eastern Europe", "Central Europe", "North Africa", "West Africa",
       "East Africa", "Southern Africa", "Indo-Pacific", "Asia-Pacific"}
"""Continents and world regions: not actors, and rarely worth a glossary entry."""

COUNTRY_ACRONYMS = _words("U.S. US U.S.A. USA U.K. UK UAE U.A.E. DPRK ROK PRC USSR")
_AMBIGUOUS_CAPITALS = {"Victoria", "Kingston", "Georgetown", "Santiago", "Jordan"}
CAPITALS: dict[str, str] = {}
for _country, _capital in COUNTRY_CAPITALS.items():
    if _capital not in COUNTRY_CAPITALS and _capital not in _AMBIGUOUS_CAPITALS:
        CAPITALS.setdefault(_capital, _country)
"""Capital -> the first country listed with it ("Washington" -> "United States")."""
