"""What the home page shows: the arrangement in force, filled by rule where editors left
slots empty (layout.py), as cards. A fixed number of queries however many zones, slots and
topics: the main topics, the placed stories, the newest stories, the newest of each topic,
and the cards (two: the stories and their bylines)."""

from django.db.models import Value

from dateline.articles.models import Article
from dateline.frontpage import layout
from dateline.frontpage.models import TOP_STORIES, TOPIC_STORIES, Slot
from dateline.topics.models import Topic


def front_page():
    """The home page's context: `lead_story` (a list of at most one card), `top_stories`
    and `topic_blocks` ([(topic, cards)], main topics in their order, empty ones left
    out)."""
    topics = list(Topic.objects.on_home_page())
    zones = [layout.Zone("lead", 1), layout.Zone("top", TOP_STORIES)]
    zones += [layout.Zone(topic.pk, TOPIC_STORIES) for topic in topics]
    by_key = {zone.key: zone for zone in zones}
    placed = set()
    for zone_name, topic_id, position, article_id in (
        Slot.objects.in_force().order_by().values_list("zone", "topic_id", "position", "article_id")
    ):
        zone = by_key.get(topic_id if zone_name == Slot.Zone.TOPIC else zone_name)
        if zone is not None:  # a topic that is no longer a main topic has no block
            zone.placed[position] = article_id
            placed.add(article_id)

    live = Article.objects.published().exclude(pk__in=placed)
    newest = list(live.newest_first().values_list("pk", flat=True)[: 1 + TOP_STORIES])
    newest_in_topic = newest_by_topic(live, topics)
    layout.fill(zones, newest, newest_in_topic)

    cards = (
        Article.objects.published()
        .for_listing()
        .in_bulk([article_id for zone in zones for article_id in zone.slots])
    )

    def shown(zone):
        # A story unpublished since the slots were read is left out.
        return [cards[article_id] for article_id in zone.slots if article_id in cards]

    return {
        "lead_story": shown(zones[0]),
        "top_stories": shown(zones[1]),
        "topic_blocks": [(topic, shown(by_key[topic.pk])) for topic in topics],
    }


def newest_by_topic(articles, topics):
    """{topic id: ids of its newest `articles`, newest first}, in one query: for each
    topic, its newest stories the way its own page finds them (primary or further topic,
    newest first, stopping at the limit), all in one UNION ALL. A block can lose to the
    zones above it only the stories they show, so that many plus its own is as deep as
    any block needs to look."""
    depth = 1 + TOP_STORIES + TOPIC_STORIES * len(topics)
    parts = [
        Article.objects.filter(pk__in=articles.in_topic(topic).newest_first().values("pk")[:depth])
        .annotate(block=Value(topic.pk))
        .order_by()
        .values_list("block", "pk", "published_at")
        for topic in topics
    ]
    if not parts:
        return {}
    found = {}
    for topic_id, article_id, published_at in parts[0].union(*parts[1:], all=True):
        found.setdefault(topic_id, []).append((published_at, article_id))
    return {
        topic_id: [article_id for _, article_id in sorted(stories, reverse=True)]
        for topic_id, stories in found.items()
    }
