"""Which story goes in which slot of the home page: pure functions, no ORM.

Zones come in page order: the lead, the Top stories, then the topic blocks in their
order. A story appears once on the page. Editors' placements come first, and a story
placed in a higher zone is skipped below; then each zone fills its empty slots by its
rule (the newest stories, or the newest of its topic), skipping every story already on
the page, placed or not, so a story an editor put in a topic block stays there.
"""

from dataclasses import dataclass, field


@dataclass
class Zone:
    key: object  # "lead", "top" or a topic's id
    size: int
    placed: dict = field(default_factory=dict)  # {position (from 1): article id}
    slots: list = field(default_factory=list)  # article ids, in page order, once filled


def fill(zones, newest, newest_in_topic):
    """Fill `zones` (in page order) and return them. `newest`: article ids newest first,
    for the lead and the Top stories; `newest_in_topic`: {topic id: article ids newest
    first}, for the topic blocks."""
    on_page = set()
    for zone in zones:
        zone.slots = [None] * zone.size
        for position, article_id in sorted(zone.placed.items()):
            if 1 <= position <= zone.size and article_id not in on_page:
                zone.slots[position - 1] = article_id
                on_page.add(article_id)
    shared = iter(newest)  # the lead takes the newest, the Top stories the next ones
    for zone in zones:
        candidates = iter(newest_in_topic.get(zone.key, ())) if is_topic(zone) else shared
        for index, article_id in enumerate(zone.slots):
            if article_id is None:
                article_id = next((a for a in candidates if a not in on_page), None)
                zone.slots[index] = article_id
                on_page.add(article_id)
        zone.slots = [article_id for article_id in zone.slots if article_id is not None]
    return zones


def is_topic(zone):
    return zone.key not in ("lead", "top")
