"""Which demo story gets which picture, with its caption. graphics.py draws them; load_demo
attaches them as the stories' lead images, credited "Dateline graphic", and puts the charts
of LIBRARY_PICTURES in the media library and inside the bodies of the stories they go with.

The charts show figures their stories report, and nothing else. A few stories have no
picture, as in any newsroom: their cards show how a story without one looks.
"""

from dataclasses import dataclass

from dateline.demo.graphics import BallotBox, BarChart, Line, LocatorMap, Place, Pylon, Sea

CREDIT = "Dateline graphic"

# The Ardak pipeline: from Tarsan's gas fields, past the pumping station east of Ardak, then
# west across Valdoria to the buyers beyond (world units, graphics.py).
PIPELINE = Line(
    ((960, 160), (915, 172), (828, 186), (760, 196), (690, 188), (600, 180), (508, 176),
     (430, 172), (356, 168)),
    "Ardak pipeline",
    (650, 208),
)  # fmt: skip
ALONG_THE_PIPELINE = "A line traces the Ardak pipeline west from Tarsan across Valdoria."
# The two links across the Northern Sea that failed on one night in January.
INTERCONNECTOR = Line(((452, 62), (468, 132)), "Power interconnector", (396, 114))
DATA_CABLE = Line(((522, 72), (542, 130)), "Data cable", (568, 80))
BOTH_CABLES = "A power interconnector and a data cable cross the Northern Sea to Valdoria."


@dataclass(frozen=True)
class StoryPicture:
    slug: str
    picture: object  # a graphics.LocatorMap, BarChart, BallotBox, Pylon or Sea
    caption: str

    @property
    def kind(self):
        return type(self.picture).__name__

    def draw(self):
        """The picture, the same on every run: its randomness is seeded by the story."""
        return self.picture.draw(seed=self.slug)

    def alt_text(self):
        return self.picture.alt_text()


PICTURES = [
    StoryPicture(
        "ardak-network-methane-plumes-satellite-analysis",
        LocatorMap(("Tarsan",), lines=(PIPELINE,), describe=ALONG_THE_PIPELINE),
        "The Ardak network carries Tarsan's gas west through Valdoria.",
    ),
    StoryPicture(
        "ardak-pipeline-pumping-station-sabotage-attempt",
        LocatorMap(
            ("Tarsan",),
            lines=(PIPELINE,),
            places=(Place("Pumping station", (915, 172), cross=True, side="below"),),
            describe=ALONG_THE_PIPELINE + " A cross east of Ardak marks the pumping station.",
        ),
        "The pumping station lies on the main export line east of Ardak.",
    ),
    StoryPicture(
        "calvera-puerto-alvo-customs-corridor-pilot-launch",
        Sea(ship=True),
        "The pilot's first 212 containers were inspected once, at Puerto Alvo.",
    ),
    StoryPicture(
        "coastal-trade-compact-calvera-customs-corridor",
        LocatorMap(("Hadria", "Marivel")),
        "Hadria and Marivel, the two ends of the planned customs corridor.",
    ),
    StoryPicture(
        "dunmara-council-expels-ceasefire-monitors",
        LocatorMap(
            ("Dunmara",),
            places=(Place("Tin Akar", (600, 490)),),
            describe="The market town of Tin Akar is marked in the north.",
        ),
        "The observers monitored a truce in Dunmara's north, around Tin Akar.",
    ),
    StoryPicture(
        "dunmara-council-postpones-transition-election",
        BallotBox(),
        "The council says insecurity in the north rules out an October vote.",
    ),
    StoryPicture(
        "dunmara-failed-rains-displacement-kel-tamir",
        LocatorMap(("Dunmara",)),
        "Families from the drought-stricken north are heading for Kel Tamir.",
    ),
    StoryPicture(
        "dunmara-northern-fighting-displaces-families",
        BarChart(
            "People who fled the fighting around Tin Akar",
            "People registered at four reception points",
            (("Tuesday's estimate", 22_000), ("Thursday's count", 38_000)),
            "Sahel Relief Network",
            highlight=1,
        ),
        "Relief agencies revised their count upward within two days.",
    ),
    StoryPicture(
        "hadria-calvera-port-drone-sightings-halt-traffic",
        LocatorMap(("Hadria",)),
        "Vessel movements at Calvera's container terminal stopped for six hours.",
    ),
    StoryPicture(
        "hadria-calvera-winter-crossings-reception-strain",
        Sea(boat=True, rough=True),
        "More than 2,300 people crossed to Calvera in January despite rough seas.",
    ),
    StoryPicture(
        "hadria-norveth-asylum-relocation-agreement",
        LocatorMap(("Hadria", "Norveth")),
        "Norveth will take up to 4,000 people a year from Hadria's reception centres.",
    ),
    StoryPicture(
        "hadria-record-arrivals-storm-rescues-calvera",
        LocatorMap(
            ("Hadria",),
            places=(Place("Boats capsized", (606, 450), cross=True),),
            describe="A cross south of Serrano island marks where the two boats capsized.",
        ),
        "The two boats overturned about 30 nautical miles south of Serrano.",
    ),
    StoryPicture(
        "kessary-islands-lunet-seawall-financing",
        BarChart(
            "How the $310 million for Lunet's seawall is made up",
            "Million dollars",
            (
                ("Grants from Norveth", 85),
                ("Grants from two climate funds", 105),
                ("Concessional loan", 120),
            ),  # fmt: skip
            "Kessary Islands government; the climate funds' share is the remainder",
            unit="$m",
        ),
        "The loan alone is worth about a quarter of the country's annual output.",
    ),
    StoryPicture(
        "kessary-islands-un-appeal-fixed-maritime-borders",
        LocatorMap(("Kessary Islands",)),
        "The archipelago's sea zones are measured from islands the sea is shrinking.",
    ),
    StoryPicture(
        "kessary-lunet-seawall-first-phase-king-tides",
        Sea(seawall=True),
        "The northern section was finished weeks before the king tides.",
    ),
    StoryPicture(
        "kessary-teva-atoll-families-relocate-lunet",
        LocatorMap(
            ("Kessary Islands",),
            places=(Place("Teva atoll", (958, 566)),),
            describe="Teva atoll is marked to the south of Lunet.",
        ),
        "The families travelled 19 hours by ferry from Teva to Lunet.",
    ),
    StoryPicture(
        "marivel-campaign-copper-towns-soy-belt",
        BarChart(
            "Marivel's parties in the polls, four weeks before the vote",
            "Share of voting intention, percent",
            (("Democratic Renewal", 37), ("National Action Front", 31), ("Agrarian Union", 11)),
            "University of Puerto Alvo poll average",
            unit="%",
            highlight=0,
        ),
        "Ferraz's party leads, but short of what a majority would take.",
    ),
    StoryPicture(
        "marivel-congress-passes-copper-royalty-bill",
        BarChart(
            "What the copper royalty deal is worth each year",
            "Million dollars a year, once fully in force",
            (
                ("Higher copper royalty brings in", 520),
                ("Lower soy export levy costs", 180),
                ("Net gain", 340),
            ),  # fmt: skip
            "Marivel's finance ministry",
            unit="$m",
            highlight=2,
        ),
        "The royalty on large mines rises from 4 to 6 percent in three annual steps.",
    ),
    StoryPicture(
        "marivel-drought-soy-harvest-losses",
        BarChart(
            "Marivel's soy harvest",
            "Million tonnes",
            (("Last season", 21.0), ("January forecast", 20.0), ("Forecast now", 14.2)),
            "Agriculture ministry",
            decimals=1,
            highlight=2,
        ),
        "The drought has cut the harvest by about a third.",
    ),
    StoryPicture(
        "marivel-election-result-ferraz-short-of-majority",
        BarChart(
            "Seats won in Marivel's 150-seat Congress",
            "Seats",
            (
                ("Democratic Renewal", 61),
                ("National Action Front", 52),
                ("Agrarian Union", 17),
                ("Others", 20),
            ),  # fmt: skip
            "National Electoral Tribunal",
            reference=(76, "Majority: 76"),
            highlight=0,
        ),
        "With the Agrarian Union, Democratic Renewal would command 78 seats.",
    ),
    StoryPicture(
        "marivel-ferraz-calls-early-general-election",
        BallotBox(),
        "Marivel votes in May, after Congress blocked the copper royalty reform.",
    ),
    StoryPicture(
        "northern-sea-council-emergency-session-cable-damage",
        LocatorMap(
            ("Norveth",),
            lines=(INTERCONNECTOR, DATA_CABLE),
            places=(Place("", (460, 97), cross=True), Place("", (532, 101), cross=True)),
            describe=BOTH_CABLES + " Crosses mark where each failed.",
        ),
        "Both links failed within four hours of each other.",
    ),
    StoryPicture(
        "northern-sea-council-joint-seabed-patrols",
        LocatorMap(
            ("Norveth", "Valdoria"),
            lines=(INTERCONNECTOR, DATA_CABLE),
            describe=BOTH_CABLES,
        ),
        "The patrols will guard cables and pipelines like these under a command in Vessgard.",
    ),
    StoryPicture(
        "norveth-future-fund-fossil-fuel-divestment",
        BarChart(
            "What the Norveth Future Fund holds",
            "Billion dollars",
            (("The whole fund", 640), ("Fossil fuel producers", 38)),
            "Norveth Future Fund",
            unit="$bn",
            highlight=1,
        ),
        "The fund will make no new investments in fossil fuel producers.",
    ),
    StoryPicture(
        "norveth-hosts-dunmara-talks-vessgard",
        LocatorMap(("Norveth", "Dunmara")),
        "The delegations met for three days outside Vessgard.",
    ),
    StoryPicture(
        "norveth-inquiry-cable-damage-anchor-drag",
        LocatorMap(
            ("Norveth",),
            lines=(
                INTERCONNECTOR,
                DATA_CABLE,
                Line(((400, 84), (612, 112)), "Anchor's track", (590, 126), dashed=True),
            ),
            describe=BOTH_CABLES + " A dashed line across both is the anchor's track.",
        ),
        "The anchor scraped the seabed for more than 90 kilometres.",
    ),
    StoryPicture(
        "regional-gas-prices-cold-snap-winter-supply",
        BarChart(
            "How full the region's gas storage is",
            "Percent full, for the time of year",
            (("This year", 81), ("Five-year average", 89)),
            "Grid operators",
            unit="%",
            highlight=0,
        ),
        "The cold came a fortnight early, with less gas in store than usual.",
    ),
    StoryPicture(
        "tarsan-central-bank-rate-rise-currency-defence",
        BarChart(
            "Tarsan's main interest rate",
            "Percent",
            (("Before Tuesday", 13), ("After Tuesday's rise", 15)),
            "National Bank of Tarsan",
            unit="%",
            highlight=1,
        ),
        "The unscheduled rise came after the mark fell about 9 percent in two weeks.",
    ),
    StoryPicture(
        "valdoria-assembly-passes-asylum-overhaul",
        LocatorMap(("Valdoria",)),
        "The law creates border processing centres and a relocation scheme with Hadria.",
    ),
    StoryPicture(
        "valdoria-central-bank-holds-rates-energy-costs",
        BarChart(
            "Valdoria's prices, year to December",
            "Percent rise",
            (("Consumer prices", 4.1), ("Household gas and electricity bills", 11.0)),
            "Statistics office",
            unit="%",
            reference=(2, "Inflation target: 2%"),
            decimals=1,
            highlight=0,
        ),
        "Energy bills are keeping inflation above the central bank's goal.",
    ),
    StoryPicture(
        "valdoria-coal-exit-2033-wind-power",
        Pylon(turbines=True),
        "The plan counts on 6 gigawatts of new wind capacity by 2032.",
    ),
    StoryPicture(
        "valdoria-parliamentary-election-homeland-movement-surge",
        BarChart(
            "Seats won in Valdoria's 200-seat National Assembly",
            "Seats",
            (
                ("Centre Alliance", 64),
                ("Homeland Movement", 49),
                ("Social Democrats", 41),
                ("Greens", 19),
                ("Farmers' and Regions Party", 16),
                ("Others", 11),
            ),  # fmt: skip
            "State Election Commission",
            reference=(101, "Majority: 101"),
            highlight=1,
        ),
        "The Homeland Movement went from 18 seats to 49.",
    ),
    StoryPicture(
        "valdoria-tarsan-gas-talks-collapse-ardak",
        LocatorMap(("Valdoria", "Tarsan"), lines=(PIPELINE,), describe=ALONG_THE_PIPELINE),
        "Gas for buyers further west crosses Valdoria on its way from Ardak.",
    ),
]


@dataclass(frozen=True)
class LibraryPicture:
    """A chart in the media library, placed inside the bodies of the stories that report
    its figures, each after the paragraph that does."""

    filename: str  # finds it in the library again on the next run
    picture: object  # a graphics.BarChart
    caption: str
    placements: tuple  # ((story slug, the paragraph it follows, counted from 1), ...)

    def draw(self):
        return self.picture.draw(seed=self.filename)

    def alt_text(self):
        return self.picture.alt_text()


LIBRARY_PICTURES = [
    LibraryPicture(
        "marivel-ferraz-confirmation-vote.png",
        BarChart(
            "Congress's vote on a second term for Ferraz",
            "Deputies",
            (("For", 79), ("Against", 68), ("Abstained", 3)),
            "National Congress of Marivel",
            highlight=0,
        ),
        "Her coalition's 78 deputies and one independent voted for her.",
        (("marivel-ferraz-agrarian-union-coalition-deal", 2),),
    ),
    # One chart in two stories: the library keeps it once.
    LibraryPicture(
        "marivel-copper-royalty.png",
        BarChart(
            "The royalty on Marivel's large copper mines",
            "Percent of gross sales",
            (("Until now", 4), ("After three annual steps", 6)),
            "Marivel's coalition agreement and royalty law",
            unit="%",
            highlight=1,
        ),
        "The royalty rises from 4 to 6 percent of gross sales over three years.",
        (
            ("marivel-ferraz-agrarian-union-coalition-deal", 3),
            ("marivel-congress-passes-copper-royalty-bill", 2),
        ),
    ),
    LibraryPicture(
        "hadria-sea-arrivals.png",
        BarChart(
            "Sea arrivals in Hadria this year",
            "People since January",
            (("Arrived by sea", 58_400), ("Moved on to Norveth", 3_100)),
            "Interior ministry",
            highlight=0,
        ),
        "Arrivals have already passed the record set in 2017.",
        (("hadria-record-arrivals-storm-rescues-calvera", 4),),
    ),
]
