"""Cache tags: every cached page records which things it shows ("article:12", "topic:3",
"home"...) and the version of each at render time. A write bumps the versions of the
things it changed, in the shared cache (Redis in production), so every app process stops
serving exactly the pages that show them, at once. No key is ever hunted down."""

import logging
import secrets

from django.core.cache import cache

logger = logging.getLogger(__name__)
SITE = "site"  # navigation and anything every page shows
HOME = "home"  # the front page, the latest-stories lists and the site feeds


def article(pk):
    return f"article:{pk}"


def topic(pk):
    return f"topic:{pk}"


def author(pk):
    return f"author:{pk}"


def key(tag):
    return f"pagecache:tag:{tag}"


# Bumped with every tag: a page rendered while any tag changed is not stored (see
# pagecache.middleware), since what it shows may predate the change.
ANY = "*"


def new_version():
    """A version no page was ever stored with. Versions are compared, never ordered, so a
    fresh random number serves better than a counter: two processes bumping the same tag
    at once, or a version evicted from the cache and started again, can never land back
    on a value that old pages carry."""
    return secrets.randbits(60)


def versions(tags):
    """{tag: version} from the cache. A tag with no version yet (never bumped, or evicted
    by the cache) gets a fresh one, so no page stored before can match it."""
    keys = {t: key(t) for t in tags}
    found = cache.get_many(keys.values())
    missing = [t for t in tags if keys[t] not in found]
    if missing:
        for tag in missing:
            cache.add(keys[tag], new_version(), timeout=None)
        found |= cache.get_many([keys[t] for t in missing])
    return {t: found.get(keys[t]) for t in tags}


def bump_on_commit(*tags):
    """Throw away the article pages' stored parts that show `tags` now, in the writer's
    transaction (they go with the change, or stay if it rolls back), and bump the cached
    pages' versions once the write is committed: bumping earlier would let a request cache
    the old page again between the bump and the commit."""
    from django.db import transaction

    from dateline.articles import parts

    parts.forget(tags)
    transaction.on_commit(lambda: bump_versions(tags))


def bump(*tags):
    """Make every cached page and stored page part that shows one of `tags` stale."""
    from dateline.articles import parts

    parts.forget(tags)
    bump_versions(tags)


def bump_versions(tags):
    """Make every cached page that shows one of `tags` stale. A cache outage is logged, not
    raised: the write that called this must not fail because the cache is down."""
    try:
        cache.set_many({key(tag): new_version() for tag in {*tags, ANY}}, timeout=None)
    except Exception:
        logger.warning("Could not invalidate cached pages for %s: cache unavailable", tags)


def for_articles(article_ids):
    """Every tag a change to these articles touches: their pages, their topic and author
    pages and feeds, and the front page."""
    from dateline.articles.models import Article, Byline

    article_ids = list(article_ids)
    through = Article.topics.through.objects.filter(article_id__in=article_ids)
    topic_ids = {
        *Article.objects.filter(pk__in=article_ids).values_list("primary_topic_id", flat=True),
        *through.values_list("topic_id", flat=True),
    }
    author_ids = Byline.objects.filter(article_id__in=article_ids).values_list(
        "author_id", flat=True
    )
    return [
        HOME,
        *(article(pk) for pk in article_ids),
        *(topic(pk) for pk in topic_ids if pk),
        *(author(pk) for pk in set(author_ids)),
    ]
