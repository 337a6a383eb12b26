"""Create synthetic published articles, for trying the related-articles engine at scale.

    manage.py generate_articles 100000 [--seed 1]

Every word is generated here from small topic vocabularies and sentence templates, so there
is no dataset to ship and no licence to mind. Each article belongs to one of ten topics and
to one of `STORYLINES` running stories in that topic (the same invented town, organisation
and people come back, over a few weeks), so "related" means something: stories of one
storyline share rare names, stories of one topic share its vocabulary, and some articles
have a further topic whose words they borrow.

Articles are written with `bulk_create`, a batch per transaction, already published: the
per-article publish hook (a related-list refresh) is skipped on purpose, so run
`manage.py rebuild_related` afterwards. Their slugs are `generated-<n>`; a run tops up to N
(it creates only the numbers missing from 1..N), so an interrupted run can simply be run
again, and running it twice creates nothing the second time. Article n is the same text on
every run with the same seed, whatever the batch it falls in.

How close to real news (measured against the BBC News set, bench/related_quality.py): at
2,127 articles the text has about 23,000 distinct terms (BBC: 27,700), thanks to the long
tail of invented names; at 100,000 about 32,000, where real news would keep growing. The
topic vocabularies are small, so common words fill more of each signature than in real
news (with 100-term signatures at 2,127 articles, 64% of signature entries are terms found
in more than 5% of all signatures, against 9% for the BBC set): for the rebuild's sparse
product this is a pessimistic case.
"""

import html
import random
import re
import sys
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.timezone import now

from dateline.articles.models import Article, Byline
from dateline.articles.text import make_excerpt
from dateline.authors.models import Author
from dateline.topics.models import Topic

SLUG_PREFIX = "generated-"
BATCH = 1000
# Running stories per topic: at 100,000 articles about 25 articles per storyline.
STORYLINES = 400
SPAN_DAYS = 3 * 365
# How far a storyline's articles stray from its centre date (standard deviation, days).
STORY_SPREAD_DAYS = 20
UPDATED_SHARE = 0.15
FURTHER_TOPIC_SHARE = 0.3
HEADLINE_WORDS = (6, 14)
DEK_WORDS = (15, 30)
BODY_WORDS = (300, 900)


def verb(base, participle=None, third=None):
    """(base, past participle, third person) of a verb: regular unless told otherwise."""
    if participle is None:
        if base.endswith("e"):
            participle = base + "d"
        elif base.endswith("y") and base[-2] not in "aeiou":
            participle = base[:-1] + "ied"
        else:
            participle = base + "ed"
    if third is None:
        if base.endswith(("s", "sh", "ch", "x")):
            third = base + "es"
        elif base.endswith("y") and base[-2] not in "aeiou":
            third = base[:-1] + "ies"
        else:
            third = base + "s"
    return base, participle, third


def plural(noun):
    head, _, last = noun.rpartition(" ")
    if last.endswith("is"):  # diagnosis, analysis
        last = last[:-2] + "es"
    elif last.endswith(("s", "sh", "ch", "x")):
        last += "es"
    elif last.endswith("y") and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


@dataclass
class Vocabulary:
    slug: str
    name: str
    description: str
    nouns: list  # singular, things the topic is about
    groups: list  # plural, people the topic is about
    roles: list  # singular, jobs people quoted in the topic hold
    org_kinds: list  # last word(s) of an organisation's name
    verbs: list  # (base, past, third) things done in the topic
    adjectives: list
    weight: int = 10  # relative share of articles


# fmt: off
TOPICS = [
    Vocabulary(
        "business", "Business", "Companies, markets, jobs and the money behind them.",
        ["profit", "share price", "merger", "takeover bid", "dividend", "quarterly result",
         "retailer", "supplier", "factory", "export order", "bank loan", "interest rate",
         "pension fund", "bond market", "revenue forecast", "cost cutting", "pay deal",
         "stock exchange", "buyout", "credit rating", "balance sheet", "inflation figure",
         "wholesale price", "bonus scheme"],
        ["investors", "shareholders", "analysts", "traders", "creditors", "suppliers",
         "small firms", "exporters"],
        ["chief executive", "finance director", "chairman", "market analyst",
         "chief economist", "fund manager"],
        ["Holdings", "Bank", "Motors", "Group", "Retail", "Capital", "Insurance"],
        [verb("acquire"), verb("sell", "sold"), verb("raise", "raised"), verb("cut", "cut"),
         verb("float"), verb("restructure"), verb("refinance"), verb("downgrade")],
        ["profitable", "loss-making", "listed", "cautious", "bullish", "volatile",
         "quarterly", "annual", "wholesale", "overseas"],
        weight=14,
    ),
    Vocabulary(
        "technology", "Technology", "Software, gadgets, networks and the firms that build them.",
        ["smartphone", "software update", "broadband network", "data centre", "chip",
         "search engine", "security flaw", "password", "online service", "app store",
         "browser", "games console", "operating system", "cloud contract", "battery",
         "satellite link", "robot", "algorithm", "server", "virus", "download",
         "subscription", "touchscreen", "handset"],
        ["users", "developers", "hackers", "gamers", "engineers", "programmers",
         "subscribers", "start-ups"],
        ["software engineer", "security researcher", "product manager", "technology analyst",
         "chief technology officer", "games designer"],
        ["Systems", "Software", "Labs", "Networks", "Digital", "Computing", "Devices"],
        [verb("patch"), verb("encrypt"), verb("download"), verb("upgrade"), verb("hack"),
         verb("launch"), verb("license"), verb("stream")],
        ["wireless", "digital", "encrypted", "open-source", "mobile", "faster", "cheaper",
         "online", "automated", "portable"],
        weight=12,
    ),
    Vocabulary(
        "health", "Health", "Hospitals, doctors, patients and public health.",
        ["hospital", "waiting list", "vaccine", "clinic", "cancer drug", "ward",
         "screening programme", "prescription", "surgery", "flu outbreak", "ambulance service",
         "mental health service", "nursing home", "diagnosis", "infection", "maternity unit",
         "trial", "dental practice", "emergency department", "treatment", "blood test",
         "transplant", "health trust", "obesity rate"],
        ["patients", "nurses", "doctors", "surgeons", "carers", "midwives", "pharmacists",
         "paramedics"],
        ["consultant", "health secretary", "chief nurse", "medical director",
         "public health officer", "general practitioner"],
        ["Health Trust", "Hospital", "Clinic", "Medical Centre", "Pharmaceuticals",
         "Care Group"],
        [verb("treat"), verb("diagnose"), verb("vaccinate"), verb("discharge"),
         verb("admit", "admitted"), verb("prescribe"), verb("screen"), verb("operate")],
        ["clinical", "chronic", "infectious", "surgical", "elderly", "medical", "urgent",
         "preventable", "rare", "routine"],
        weight=11,
    ),
    Vocabulary(
        "science", "Science", "Discoveries, research and the people who do it.",
        ["telescope", "fossil", "experiment", "laboratory", "genome", "particle", "comet",
         "species", "research grant", "ice core", "observatory", "microscope", "probe",
         "orbit", "climate model", "gene", "mineral", "asteroid", "specimen", "dataset",
         "rocket", "volcano", "galaxy", "expedition"],
        ["scientists", "researchers", "astronomers", "biologists", "physicists",
         "geologists", "chemists", "students"],
        ["professor", "lead author", "research fellow", "astronomer", "geneticist",
         "expedition leader"],
        ["Institute", "Observatory", "University", "Research Centre", "Laboratory",
         "Museum"],
        [verb("discover"), verb("measure"), verb("observe"), verb("sequence"), verb("detect"),
         verb("analyse"), verb("excavate"), verb("publish")],
        ["ancient", "distant", "microscopic", "genetic", "experimental", "frozen", "rare",
         "unexpected", "peer-reviewed", "deep"],
        weight=8,
    ),
    Vocabulary(
        "sport", "Sport", "Matches, players, clubs and the seasons they play.",
        ["match", "goal", "league title", "transfer", "striker", "goalkeeper", "cup final",
         "penalty", "injury", "coach", "stadium", "championship", "season", "semi-final",
         "squad", "medal", "race", "captain", "tournament", "try", "wicket", "derby",
         "relegation battle", "winning streak"],
        ["fans", "players", "supporters", "referees", "athletes", "defenders", "selectors",
         "sprinters"],
        ["manager", "head coach", "team captain", "club chairman", "sports minister",
         "former international"],
        ["United", "Rovers", "Athletic", "City", "Wanderers", "Harriers"],
        [verb("win", "won"), verb("lose", "lost"), verb("score", "scored"), verb("sign"),
         verb("beat", "beaten"), verb("draw", "drawn"), verb("qualify"), verb("train")],
        ["unbeaten", "injured", "home", "away", "relegated", "promoted", "record-breaking",
         "young", "veteran", "dramatic"],
        weight=13,
    ),
    Vocabulary(
        "culture", "Arts & Culture", "Film, music, books, theatre and galleries.",
        ["film", "album", "novel", "exhibition", "theatre", "festival", "orchestra",
         "gallery", "box office", "premiere", "award ceremony", "sequel", "musical",
         "concert tour", "director", "soundtrack", "painting", "poetry prize", "comedy",
         "drama series", "opera", "sculpture", "memoir", "record label"],
        ["audiences", "critics", "actors", "musicians", "artists", "writers", "viewers",
         "curators"],
        ["film director", "festival director", "curator", "novelist", "producer",
         "lead singer"],
        ["Pictures", "Records", "Theatre Company", "Gallery", "Press", "Studios"],
        [verb("premiere"), verb("perform"), verb("record"), verb("direct"), verb("exhibit"),
         verb("adapt"), verb("stage"), verb("tour")],
        ["acclaimed", "independent", "animated", "classical", "sold-out", "debut",
         "award-winning", "experimental", "live", "restored"],
        weight=10,
    ),
    Vocabulary(
        "education", "Education", "Schools, universities, teachers and exams.",
        ["school", "exam result", "university place", "tuition fee", "curriculum",
         "head teacher", "classroom", "school inspection", "nursery", "student loan",
         "reading test", "apprenticeship", "school meal", "term time", "lecture",
         "scholarship", "degree course", "timetable", "playground", "academy",
         "class size", "school budget", "grade", "homework"],
        ["pupils", "teachers", "parents", "students", "governors", "lecturers",
         "graduates", "inspectors"],
        ["education secretary", "head teacher", "vice-chancellor", "school governor",
         "teaching union leader", "exam board chief"],
        ["Academy", "College", "School", "University", "Learning Trust"],
        [verb("teach", "taught"), verb("inspect"), verb("enrol", "enrolled"), verb("graduate"),
         verb("mark"), verb("expel", "expelled"), verb("fund"), verb("train")],
        ["primary", "secondary", "academic", "vocational", "overcrowded", "selective",
         "rural", "failing", "outstanding", "part-time"],
        weight=8,
    ),
    Vocabulary(
        "transport", "Transport", "Trains, roads, flights and how people get about.",
        ["railway line", "bus route", "airport", "motorway", "fare", "timetable change",
         "signal failure", "runway", "ferry", "bypass", "rail franchise", "speed camera",
         "cycle lane", "congestion charge", "tram", "station", "flight", "lorry", "parking",
         "level crossing", "road works", "train", "driver shortage", "ticket office"],
        ["passengers", "commuters", "drivers", "cyclists", "pilots", "hauliers",
         "travellers", "motorists"],
        ["transport secretary", "rail operator", "airport director", "road safety officer",
         "union official", "traffic manager"],
        ["Rail", "Airways", "Buses", "Ferries", "Airport", "Trains"],
        [verb("reopen"), verb("electrify"), verb("reroute"), verb("divert"),
         verb("timetable"), verb("widen"), verb("ground"), verb("cancel", "cancelled")],
        ["overcrowded", "delayed", "electric", "regional", "cheaper", "late", "high-speed",
         "rural", "night", "toll"],
        weight=8,
    ),
    Vocabulary(
        "justice", "Crime & Justice", "Police, courts, prisons and the law.",
        ["trial", "police investigation", "court case", "verdict", "sentence", "jury",
         "prison", "appeal", "burglary", "fraud charge", "inquest", "witness", "warrant",
         "robbery", "custody", "arrest", "parole board", "evidence", "bail hearing",
         "crown court", "magistrate", "detective", "cold case", "charge"],
        ["police officers", "detectives", "prosecutors", "jurors", "defendants",
         "witnesses", "victims", "lawyers"],
        ["detective inspector", "chief constable", "judge", "defence barrister",
         "prosecutor", "prison governor"],
        ["Police", "Crown Court", "Constabulary", "Magistrates", "Prison"],
        [verb("arrest"), verb("charge"), verb("convict"), verb("acquit", "acquitted"),
         verb("sentence"), verb("jail"), verb("appeal"), verb("investigate")],
        ["unanimous", "suspended", "custodial", "criminal", "unsolved", "armed", "alleged",
         "reduced", "historic", "fraudulent"],
        weight=9,
    ),
    Vocabulary(
        "farming", "Food & Farming", "Farms, harvests, food prices and what we eat.",
        ["harvest", "wheat crop", "dairy herd", "milk price", "orchard", "fertiliser",
         "livestock", "supermarket", "organic produce", "drought", "sheep flock",
         "farm subsidy", "vineyard", "fishing quota", "grain store", "pesticide",
         "allotment", "bakery", "restaurant", "food label", "farmers market", "poultry farm",
         "seed bank", "abattoir"],
        ["farmers", "growers", "shoppers", "fishermen", "vets", "chefs", "producers",
         "consumers"],
        ["farm manager", "food minister", "head chef", "agricultural economist",
         "dairy farmer", "food safety inspector"],
        ["Farms", "Dairies", "Foods", "Growers", "Produce", "Creamery"],
        [verb("harvest"), verb("plant"), verb("graze"), verb("export"), verb("label", "labelled"),
         verb("ration"), verb("irrigate"), verb("cull")],
        ["organic", "seasonal", "local", "free-range", "arable", "wet", "frozen", "imported",
         "fresh", "wholesale"],
        weight=7,
    ),
]

# Topics an article of each topic may also belong to (its further topic).
NEIGHBOURS = {
    "business": ["technology", "transport", "farming"],
    "technology": ["business", "science", "education"],
    "health": ["science", "farming", "justice"],
    "science": ["health", "technology", "farming"],
    "sport": ["health", "business", "justice"],
    "culture": ["business", "education", "technology"],
    "education": ["culture", "science", "justice"],
    "transport": ["business", "technology", "justice"],
    "justice": ["business", "education", "technology"],
    "farming": ["business", "science", "health"],
}

GENERAL_VERBS = [
    verb("approve"), verb("delay"), verb("reject"), verb("back"), verb("review"),
    verb("announce"), verb("defend"), verb("criticise"), verb("scrap", "scrapped"), verb("expand"),
    verb("question"), verb("welcome"), verb("block"), verb("promise"), verb("overhaul"),
]
CHANGES = [
    # (base, simple past, third person) of things that happen to something
    ("rise", "rose", "rises"), ("fall", "fell", "falls"), ("stall", "stalled", "stalls"),
    ("recover", "recovered", "recovers"), ("double", "doubled", "doubles"),
    ("slow", "slowed", "slows"), ("collapse", "collapsed", "collapses"),
    ("improve", "improved", "improves"), ("grow", "grew", "grows"),
    ("shrink", "shrank", "shrinks"),
]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday",
        "at the weekend", "last week", "earlier this month", "this week", "overnight"]
PERIODS = ["within a year", "by the spring", "before the summer", "over the next decade",
           "within six months", "by the end of the year", "in the coming weeks"]
NUMBERS = ["two", "three", "four", "five", "six", "eight", "ten", "12", "15", "20", "30",
           "40", "a dozen", "several", "hundreds of", "thousands of"]
MONEY = ["£2m", "£4.5m", "£12m", "£30m", "£250,000", "£1.2bn", "£800m", "£75m", "£600,000"]
PERCENT = ["3%", "5%", "8%", "12%", "15%", "20%", "a quarter", "a third", "half"]
FIRST_NAMES = """
Abigail Adebayo Aisha Alan Alice Amir Ana Andrew Anya Ben Bridget Carlos Catherine Chen
Chloe Daniel Deepa Eamon Elena Emeka Erik Fatima Fiona Gareth Grace Hamid Hannah Helen Hugo
Ines Isaac Jamal James Jane Joanna Jonas Karen Kwame Laura Leila Liam Lucy Malik Marcus
Maria Martin Maya Mei Michael Nadia Naveen Nicola Oliver Omar Patrick Paul Priya Rachel Ravi
Rosa Ruth Samuel Sara Sean Simon Siobhan Sophie Stefan Tariq Thomas Tom Uma Victor Wendy
Yusuf Zara
""".split()  # noqa: SIM905 - a word list reads better as text
NAME_STARTS = """
Ash Bal Bran Carr Dun Eld Fair Gil Hal Hart Kel Lang Mar Mor Nor Oak Pen Quar Rad Sal Shel
Stan Tor Ul Ver Wal Wick Yar Ab Brom Cal Dal Fen Gor Har Lin Mel Pell Ros Tam
""".split()  # noqa: SIM905
NAME_ENDS = """
by well ford wood ley ton man cott ridge more field wright ham ling sey worth stone ard
croft ick en ow ers
""".split()  # noqa: SIM905
NAME_MIDDLES = ["", "a", "en", "er", "in", "o", "ing", "el", "an", "is", "ot", "ar", "um",
                "il", "ow", "et", "ad", "on", "ir", "es"]
PLACE_ENDS = """
bridge bury mouth stead wick ford haven port field ton combe minster dale moor thorpe
""".split()  # noqa: SIM905
# fmt: on

# Sentences of a body paragraph. Slots in braces are filled by `Writer`: capitalised slots
# are names, from the article's storyline (Person, Org, Place) or met in passing (Someone,
# Town, Firm).
BODY_SENTENCES = [
    "{Person}, {role} at {Org}, said the {noun} had been {verb_past} after months of talks.",
    "The {adj} {noun} in {Place} {change_past} {day}, according to {groups}.",
    "{Number} {groups} in {Place} have {verb_past} the {noun} since it was first proposed.",
    "Critics said the decision to {verb} the {noun} would leave {groups} worse off.",
    "Figures published {day} showed the {noun} {change_past} by {percent} compared with last year.",
    "{Org} said it would {verb} the {noun} {period}, at a cost of about {money}.",
    "{Groups} have warned that the {noun} cannot {change_base} without more support.",
    "The {noun} is expected to {verb} {noun2} plans across {Place} {period}.",
    "It is the {ordinal} time {Org} has {verb_past} the {adj} {noun} in {Place}.",
    "{Person} told reporters that {groups} would not accept any {adj} {noun}.",
    "Local {groups} said they had only learned about the {noun} {day}.",
    "A spokesperson for {Org} declined to comment on the {noun} but said talks continued.",
    "Under the plans, {number} {nouns} in {Place} would be {verb_past} and others reviewed.",
    "The row over the {noun} has divided {groups} and {groups2} for much of the year.",
    "Supporters argue the {noun} will help {groups} while critics fear for the {noun2}.",
    "The {noun2} was not part of the original plan, {Person} said.",
    "Officials in {Place} said the {adj} {noun} was the largest of its kind in the region.",
    "{Org} has faced questions over the {noun} since {groups} raised concerns {day}.",
    "Earlier this year the {noun} {change_past} sharply, prompting {groups} to {verb} the {noun2}.",
    "Both sides are due to meet again {period} to discuss the {noun}.",
    "The latest figures put the cost of the {noun} at around {money}.",
    "{Person2}, {a_role2}, said the {noun} showed how much had changed in {Place}.",
    "Some {groups} have already {verb_past} the {noun}, while others are waiting to see what "
    "{Org} does next.",
    "The {adj} {noun2} has been a source of friction between {Org} and {groups} for years.",
    "{Someone}, who lives in {Town}, said the {noun} had changed little for {groups} there.",
    "In nearby {Town}, {groups} said a similar {noun} had {change_past} last year.",
    "{Firm}, which supplies {Org}, said it was watching the {noun} closely.",
    "{Someone} of {Firm} said {groups} in {Town} and {Town} would feel the effects first.",
    "The {noun} was first raised by {Someone}, {a_role2} in {Town}, {number} years ago.",
    "A report by {Someone} for {Firm} found the {noun} had {change_past} in {Town}.",
    "{Town} has had a {noun} since {year}, when {Someone} persuaded {groups} to pay for it.",
    "{Someone} and {Someone} from {Town} have asked {Org} to publish its figures.",
    "Records kept since {year} show {groups} in {Town} spending about {money} a year on the "
    "{noun}.",
]
QUOTES = [
    "We have been clear from the start that the {noun} must put {groups} first",
    "Nobody expected the {noun} to {change_base} so quickly, and we are still catching up",
    "This is a {adj} moment for {Place} and for everyone who depends on the {noun}",
    "The {noun} has to work for {groups}, not just for {Org}",
    "We will {verb} the {noun} {period} whatever happens in the talks",
    "I have never seen {groups} so worried about the {noun}",
    "There is no point pretending the {noun} is in good shape when {groups} can see it is not",
]
QUOTE_ENDINGS = [
    ' "{quote}," {Person} said.',
    ' "{quote}," said {Person2}, {a_role2}.',
    ' "{quote}," {Person} told {groups} at a meeting in {Place}.',
    ' "{quote}," said {Someone}, who has followed the {noun} in {Town} for years.',
]
HEADLINES = [
    "{Org} to {verb} {adj} {noun} in {Place}",
    "{Place} {noun} {change_third} as {groups} {verb_base_plural} plan",
    "{Groups} {verb_base_plural} {noun} plan in {Place}",
    "{Org} {verb_third} {noun} after {adj} row with {groups}",
    "{Number} {groups} {verb_base_plural} {adj} {noun} in {Place}",
    "Row over {noun} in {Place} deepens as {groups} {verb_base_plural} {noun2}",
    "{Person} {verb_third} {noun} as {Org} faces questions",
    "{Adj} {noun} {change_third} for the first time in {number} years",
    "Why the {noun} matters for {groups} in {Place}",
    "{Org} {noun} plan {change_third} as costs reach {money}",
]
DEKS = [
    "{Person}, {role} at {Org}, says the {noun} could {change_base} {period} unless {groups} "
    "get more support.",
    "The {adj} {noun} has divided {groups} in {Place}, and {Org} is under pressure to "
    "{verb} it {period}.",
    "Figures published {day} show the {noun} {change_past} by {percent}, the sharpest move "
    "since {Org} began keeping records.",
    "{Groups} in {Place} say they were not consulted about the {noun}, which {Org} insists "
    "will go ahead.",
    "After months of argument over the {noun}, {Org} and {groups} are due to meet again {period}.",
]
ORDINALS = ["first", "second", "third", "fourth"]
SLOT_RE = re.compile(r"\{(\w+)\}")


def compile_templates(templates):
    """Each template split once into [literal, slot, literal, slot, ...]."""
    return [SLOT_RE.split(template) for template in templates]


BODY_PARTS = compile_templates(BODY_SENTENCES)
QUOTE_PARTS = compile_templates(QUOTES)
QUOTE_ENDING_PARTS = compile_templates(QUOTE_ENDINGS)
HEADLINE_PARTS = compile_templates(HEADLINES)
DEK_PARTS = compile_templates(DEKS)


@dataclass
class Storyline:
    place: str
    org: str
    person: str
    person2: str
    focus: list  # nouns this storyline is about
    centre_days: float  # days before the newest story


def invented_names(ends):
    """Every start + middle + end, in a fixed shuffled order: 18,400 surnames, 12,000 places.
    News is full of names; they give the text the long tail of rare words that real
    articles have (without them the vocabulary would stop at a few thousand words)."""
    names = sorted({start + middle + end for start in NAME_STARTS for middle in NAME_MIDDLES
                    for end in ends})  # fmt: skip
    random.Random(2024).shuffle(names)
    return names


SURNAMES = invented_names(NAME_ENDS)
PLACES = invented_names(PLACE_ENDS)


def rare_choice(rng, names):
    """A name, some much more often than others: half the time log-uniformly (a few names
    are everywhere), half the time uniformly (most are met once or twice)."""
    if rng.random() < 0.5:
        return names[int(len(names) ** rng.random()) - 1]
    return rng.choice(names)


def make_storyline(topic_index, number):
    """The same storyline for the same (topic, number), on every run and every seed."""
    rng = random.Random(topic_index * 100_003 + number)
    vocabulary = TOPICS[topic_index]
    place = rng.choice(PLACES)
    founder = rng.choice([place, rng.choice(SURNAMES)])
    return Storyline(
        place=place,
        org=f"{founder} {rng.choice(vocabulary.org_kinds)}",
        person=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
        person2=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
        focus=rng.sample(vocabulary.nouns, 3),
        centre_days=rng.uniform(0, SPAN_DAYS),
    )


class Writer:
    """Fills templates for one article: its topic's words, its storyline's names."""

    def __init__(self, rng, vocabulary, story, further=None):
        self.rng, self.vocabulary, self.story, self.further = rng, vocabulary, story, further
        self.last_sentence = None

    def fill(self, parts):
        out = parts[:]
        for i in range(1, len(parts), 2):
            out[i] = getattr(self, parts[i])()
        return "".join(out)

    def words_of(self):
        """The vocabulary a slot draws from: now and then the further topic's."""
        if self.further is not None and self.rng.random() < 0.25:
            return self.further
        return self.vocabulary

    # Slots, one method each.
    def noun(self):
        if self.rng.random() < 0.45:
            return self.rng.choice(self.story.focus)
        return self.rng.choice(self.words_of().nouns)

    noun2 = noun

    def nouns(self):
        return plural(self.noun())

    def groups(self):
        return self.rng.choice(self.words_of().groups)

    groups2 = groups

    def Groups(self):  # noqa: N802 - slot names are capitalised for sentence starts
        return self.groups().capitalize()

    def role(self):
        return self.rng.choice(self.vocabulary.roles)

    def a_role2(self):
        role = self.role()
        return ("an " if role[0] in "aeiou" else "a ") + role

    def adj(self):
        return self.rng.choice(self.words_of().adjectives)

    def Adj(self):  # noqa: N802
        return self.adj().capitalize()

    def _verb(self, form):
        if self.rng.random() < 0.6:
            return self.rng.choice(self.words_of().verbs)[form]
        return self.rng.choice(GENERAL_VERBS)[form]

    def verb(self):
        return self._verb(0)

    verb_base_plural = verb

    def verb_past(self):
        return self._verb(1)

    def verb_third(self):
        return self._verb(2)

    def change_base(self):
        return self.rng.choice(CHANGES)[0]

    def change_past(self):
        return self.rng.choice(CHANGES)[1]

    def change_third(self):
        return self.rng.choice(CHANGES)[2]

    def Person(self):  # noqa: N802
        return self.story.person

    def Person2(self):  # noqa: N802
        return self.story.person2

    def Org(self):  # noqa: N802
        return self.story.org

    def Place(self):  # noqa: N802
        return self.story.place

    def Someone(self):  # noqa: N802 - someone met in passing, not in the storyline
        return f"{self.rng.choice(FIRST_NAMES)} {rare_choice(self.rng, SURNAMES)}"

    def Town(self):  # noqa: N802
        return rare_choice(self.rng, PLACES)

    def Firm(self):  # noqa: N802
        return f"{rare_choice(self.rng, SURNAMES)} {self.rng.choice(self.vocabulary.org_kinds)}"

    def number(self):
        return self.rng.choice(NUMBERS)

    def Number(self):  # noqa: N802
        return self.number().capitalize()

    def money(self):
        if self.rng.random() < 0.5:
            return self.rng.choice(MONEY)
        return f"£{self.rng.randint(2, 990)}{self.rng.choice(['m', 'm', ',000', 'bn'])}"

    def percent(self):
        if self.rng.random() < 0.5:
            return self.rng.choice(PERCENT)
        return f"{self.rng.randint(1, 60)}%"

    def year(self):
        return str(self.rng.randint(1950, 2015))

    def day(self):
        return self.rng.choice(DAYS)

    def period(self):
        return self.rng.choice(PERIODS)

    def ordinal(self):
        return self.rng.choice(ORDINALS)

    def quote(self):
        text = self.fill(self.rng.choice(QUOTE_PARTS))
        return text[0].upper() + text[1:]

    # Whole pieces.
    def sentence(self):
        parts = self.rng.choice(BODY_PARTS)
        if parts is self.last_sentence:
            parts = self.rng.choice(BODY_PARTS)  # the same sentence twice in a row reads badly
        self.last_sentence = parts
        text = self.fill(parts)
        if self.rng.random() < 0.12:
            text += self.fill(self.rng.choice(QUOTE_ENDING_PARTS))
        return text[0].upper() + text[1:]

    def headline(self):
        low, high = HEADLINE_WORDS
        for _ in range(20):
            text = self.fill(self.rng.choice(HEADLINE_PARTS))
            if low <= len(text.split()) <= high:
                return text[0].upper() + text[1:]
        return f"{self.story.org} and {self.groups()} at odds over {self.noun()} plan"

    def dek(self):
        low, high = DEK_WORDS
        for _ in range(20):
            text = self.fill(self.rng.choice(DEK_PARTS))
            if low <= len(text.split()) <= high:
                return text[0].upper() + text[1:]
        return (
            f"{self.story.person} of {self.story.org} says {self.groups()} in "
            f"{self.story.place} have waited too long for the {self.noun()} to change."
        )

    def paragraphs(self, words):
        """Paragraphs of two to five sentences, `words` words or a sentence more in all."""
        paragraphs, count = [], 0
        while count < words:
            sentences = []
            for _ in range(self.rng.randint(2, 5)):
                sentence = self.sentence()
                sentences.append(sentence)
                count += sentence.count(" ") + 1
                if count >= words:
                    break
            paragraphs.append(" ".join(sentences))
        return paragraphs


def article_fields(number, seed, newest):
    """Everything about synthetic article `number` except its authors, as model fields, plus
    the index of its topic in TOPICS, its further topic's index (or None) and its desk."""
    rng = random.Random(seed * 1_000_003 + number)
    topic_index = rng.choices(range(len(TOPICS)), weights=[t.weight for t in TOPICS])[0]
    vocabulary = TOPICS[topic_index]
    story = storyline(topic_index, rng.randrange(STORYLINES))
    further_index = None
    if rng.random() < FURTHER_TOPIC_SHARE:
        further_slug = rng.choice(NEIGHBOURS[vocabulary.slug])
        further_index = next(i for i, t in enumerate(TOPICS) if t.slug == further_slug)
    writer = Writer(
        rng, vocabulary, story, TOPICS[further_index] if further_index is not None else None
    )
    headline = writer.headline()
    dek = writer.dek()
    # Leave room for the last sentence, so that the body stays within BODY_WORDS.
    paragraphs = writer.paragraphs(rng.randint(BODY_WORDS[0], BODY_WORDS[1] - 60))
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    days_ago = min(max(rng.gauss(story.centre_days, STORY_SPREAD_DAYS), 0.0), SPAN_DAYS)
    published_at = newest - timedelta(days=days_ago)
    updated_at = None
    if rng.random() < UPDATED_SHARE:
        updated_at = min(published_at + timedelta(hours=rng.uniform(1, 240)), newest)
    fields = {
        "headline": headline,
        "slug": f"{SLUG_PREFIX}{number}",
        "dek": dek,
        "body": body,
        # What Article.save() would store: the dek is always there, so the excerpt is made
        # from it; the body is plain <p> paragraphs of escaped text, already clean.
        "excerpt": make_excerpt(dek),
        "status": Article.Status.PUBLISHED,
        "published_at": published_at,
        "updated_at": updated_at,
    }
    author_count = rng.choices([1, 2, 3], weights=[70, 25, 5])[0]
    return fields, topic_index, further_index, author_count, rng


_storylines = {}


def storyline(topic_index, number):
    key = (topic_index, number)
    if key not in _storylines:
        _storylines[key] = make_storyline(topic_index, number)
    return _storylines[key]


# fmt: off
AUTHOR_NAMES = [
    "Abigail Marsby", "Adebayo Okonkwo", "Alice Penwright", "Amir Haddadi", "Ana Quarley",
    "Ben Tolliver", "Bridget Calloway", "Carlos Mendel", "Chen Liwei", "Chloe Ashcombe",
    "Deepa Raman", "Eamon Fallow", "Elena Varga", "Emeka Obi", "Erik Sandvold",
    "Fatima Rahmani", "Fiona Gilchrist", "Gareth Pryce", "Grace Whitlow", "Hamid Sultani",
    "Helen Morrow", "Hugo Delacroix", "Ines Romero", "Isaac Bramwell", "Jamal Osei",
    "Joanna Kettle", "Jonas Lindgren", "Kwame Asante", "Laura Fenwick", "Leila Nasser",
    "Malik Rahman", "Maya Thornbury", "Mei Tanaka", "Nadia Petrova", "Naveen Iyer",
    "Nicola Harrowby", "Omar Farouk", "Priya Sethi", "Rosa Albrecht", "Siobhan Kerrigan",
]
# fmt: on
DESK_SIZE = 8


def desk_of(topic_index):
    """Indexes into AUTHOR_NAMES of the reporters who write for a topic."""
    return [(topic_index * 4 + i) % len(AUTHOR_NAMES) for i in range(DESK_SIZE)]


def ensure_topics():
    """The synthetic topics, found by slug (or by name) or created."""
    topics = []
    for position, vocabulary in enumerate(TOPICS):
        topic = (
            Topic.objects.filter(slug=vocabulary.slug).first()
            or Topic.objects.filter(name=vocabulary.name).first()
            or Topic.objects.create(
                slug=vocabulary.slug,
                name=vocabulary.name,
                description=vocabulary.description,
                position=position,
            )
        )
        topics.append(topic)
    return topics


def ensure_authors():
    authors = []
    for name in AUTHOR_NAMES:
        slug = SLUG_PREFIX + name.lower().replace(" ", "-")
        author, _ = Author.objects.get_or_create(slug=slug, defaults={"display_name": name})
        authors.append(author)
    return authors


def existing_numbers():
    numbers = set()
    for slug in Article.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True):
        suffix = slug[len(SLUG_PREFIX) :]
        if suffix.isdigit():
            numbers.add(int(suffix))
    return numbers


@transaction.atomic
def create_batch(numbers, seed, newest, topics, authors):
    articles, extras = [], []
    for number in numbers:
        fields, topic_index, further_index, author_count, rng = article_fields(number, seed, newest)
        articles.append(Article(primary_topic=topics[topic_index], **fields))
        byline = rng.sample(desk_of(topic_index), author_count)
        extras.append((further_index, byline))
    Article.objects.bulk_create(articles)
    if any(article.pk is None for article in articles):  # databases without RETURNING
        ids = dict(
            Article.objects.filter(slug__in=[a.slug for a in articles]).values_list("slug", "pk")
        )
        for article in articles:
            article.pk = ids[article.slug]
    bylines, further_topics = [], []
    Through = Article.topics.through
    for article, (further_index, byline) in zip(articles, extras, strict=True):
        bylines += [
            Byline(article_id=article.pk, author=authors[author_index], position=position)
            for position, author_index in enumerate(byline)
        ]
        if further_index is not None:
            further_topics.append(Through(article_id=article.pk, topic=topics[further_index]))
    Byline.objects.bulk_create(bylines)
    Through.objects.bulk_create(further_topics)


class Command(BaseCommand):
    help = (
        "Create N synthetic published articles (slugs generated-1 to generated-N) for trying "
        "related articles at scale. Tops up: run it again after an interruption and it "
        "creates only the missing ones. Run rebuild_related afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many synthetic articles there should be.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")

    def handle(self, *args, count, seed, **options):
        if count < 0:
            raise CommandError("N must be 0 or more.")
        topics = ensure_topics()
        authors = ensure_authors()
        missing = sorted(set(range(1, count + 1)) - existing_numbers())
        if not missing:
            self.stdout.write(f"Nothing to do: {count:,} synthetic articles are already there.")
            return
        self.stdout.write(
            f"Creating {len(missing):,} synthetic articles ({count - len(missing):,} already "
            "there)."
        )
        # Every story is in the past, so readers see all of them at once.
        newest = now() - timedelta(hours=1)
        tty = self.stdout.isatty()
        started = time.monotonic()
        done = 0
        try:
            for start in range(0, len(missing), BATCH):
                batch = missing[start : start + BATCH]
                create_batch(batch, seed, newest, topics, authors)
                done += len(batch)
                bar = "#" * int(30 * done / len(missing))
                line = (
                    f"Generating articles: [{bar:<30}] {done:,}/{len(missing):,} "
                    f"({time.monotonic() - started:.0f}s)"
                )
                self.stdout.write(("\r" + line) if tty else line, ending="" if tty else "\n")
                sys.stdout.flush()
        except KeyboardInterrupt:
            self.stdout.write("")
            self.stdout.write(
                f"Interrupted after {done:,} articles: run generate_articles {count} again to "
                "carry on."
            )
            raise SystemExit(130) from None
        if tty:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(missing):,} articles created. Run rebuild_related to build their "
                "related lists."
            )
        )
