"""The demo site's cast: topics and authors. Articles live in content/articles/*.txt.

Everything here is written for Dateline; see content/WORLD.md for the invented world.
"""

TOPICS = [
    # slug, name, description
    ("diplomacy", "Diplomacy", "Summits, treaties and the quiet work between foreign ministries."),
    ("security", "Security", "Defence, conflict and the alliances that try to prevent it."),
    ("economy", "Economy", "Trade, markets, sanctions and the money behind foreign policy."),
    ("climate", "Climate & Energy", "Energy security, climate diplomacy and rising seas."),
    ("elections", "Elections", "Campaigns, results and the coalitions that follow them."),
    ("migration", "Migration", "People on the move, the borders they cross, the laws they meet."),
]  # fmt: skip

AUTHORS = [
    # slug, display name, bio
    ("amara-okafor", "Amara Okafor",
     "Diplomatic editor. Has covered four summits of the Northern Sea Council and too many "
     "late-night communiques."),
    ("daniel-brandt", "Daniel Brandt",
     "Security correspondent, formerly based in Kel Tamir. Writes about armies, arms control "
     "and the people caught between them."),
    ("sofia-lindqvist", "Sofia Lindqvist",
     "Economics editor. Follows trade blocs, pipelines and central banks from Vessgard."),
    ("rahul-mehta", "Rahul Mehta",
     "Climate and energy correspondent. Reports from coastlines, grids and negotiating rooms."),
    ("noor-haddad", "Noor Haddad",
     "Politics and migration reporter. Covers elections and asylum policy across the region."),
]  # fmt: skip

DEMO_EDITOR_USERNAME = "editor"
DEMO_MODERATOR_USERNAME = "moderator"
# The first demo author's own account: an Author who sees only her stories.
DEMO_AUTHOR_USERNAME = "amara.okafor"
DEMO_PASSWORD = "dateline-demo"

# (slug, name, kind, one line for the sign-up form)
NEWSLETTERS = [
    ("daily-briefing", "The Daily Briefing", "daily",
     "The day's most important stories, every morning at six."),
    ("breaking-news", "Breaking news", "alerts",
     "A short alert when something big happens, and only then."),
]  # fmt: skip
DEMO_SUBSCRIBERS = ["reader.one@example.org", "reader.two@example.org", "reader.three@example.org"]
