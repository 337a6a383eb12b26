"""Reads: the list as pages show it."""

import logging
from contextlib import suppress

from django.core.cache import cache

from dateline.articles.models import Article
from dateline.mostread.models import HourlyViews

logger = logging.getLogger(__name__)

# Stories in the list.
LIST_LENGTH = 5
# The list as last computed (services.refresh_most_read): article ids, most read first.
LIST_KEY = "mostread:list"
# The cache tag (dateline/changes.py) of pages that show the list, announced with HOME
# when its order changes: for the article pages, once they show it.
MOST_READ = "most-read"


def most_read_articles():
    """The live articles of the list, most read first, in one query. A story taken down
    since the list was computed is left out at once."""
    ids = list_ids()
    if not ids:
        return []
    found = Article.objects.published().filter(pk__in=ids).select_related("primary_topic")
    by_id = {article.pk: article for article in found.defer("body")}
    return [by_id[pk] for pk in ids if pk in by_id]


def list_ids():
    """The list as last computed; computed now if the cache has lost it (or is down)."""
    try:
        ids = cache.get(LIST_KEY)
    except Exception:
        logger.warning("Cache unavailable: the most-read list is computed for this page")
        ids = None
    if ids is None:
        ids = HourlyViews.objects.most_read(LIST_LENGTH)
        # Kept for the next page; a cache that is down costs the next page this query.
        with suppress(Exception):
            cache.add(LIST_KEY, ids, timeout=None)
    return ids
