"""Cache tags: every cached page records which things it shows ("article:12", "topic:3",
"home"...) and the version of each at render time. A write bumps the versions of the
things it changed, in the shared cache (Redis in production), so every app process stops
serving exactly the pages that show them, at once. No key is ever hunted down."""

import logging

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


def _key(tag):
    return f"pagecache:tag:{tag}"


def versions(tags):
    """{tag: version} from the cache; a tag never bumped is at version 0."""
    found = cache.get_many([_key(t) for t in tags])
    return {t: found.get(_key(t), 0) for t in tags}


def bump_on_commit(*tags):
    """Bump once the write is committed: bumping earlier would let a request cache the old
    page again between the bump and the commit."""
    from django.db import transaction

    transaction.on_commit(lambda: bump(*tags))


def bump(*tags):
    """Make every cached page that shows one of `tags` stale. A cache outage is logged, not
    raised: the write that called this must not fail because the cache is down."""
    for tag in set(tags):
        try:
            try:
                cache.incr(_key(tag))
            except ValueError:  # never bumped: start it
                cache.add(_key(tag), 1, timeout=None) or cache.incr(_key(tag))
        except Exception:
            logger.warning("Could not invalidate cached pages for %s: cache unavailable", tag)


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
