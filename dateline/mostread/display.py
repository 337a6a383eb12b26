"""Reads: the list as pages show it."""

import logging
from contextlib import suppress

from django.core.cache import cache
from django.template.loader import render_to_string

from dateline.articles.models import Article
from dateline.mostread.models import HourlyViews

logger = logging.getLogger(__name__)

# Stories in the list.
LIST_LENGTH = 5
# The list as last computed (services.refresh_most_read): article ids, most read first.
LIST_KEY = "mostread:list"
# The list as pages show it, rendered once per list: article pages put it in for each view.
BLOCK_KEY = "mostread:block"
# Bounds what a change made behind the services' back (a database restored) can cost.
BLOCK_SECONDS = 600
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


def block(ids):
    """The "Most read" block for the list `ids` (from `list_ids`), "" for none: rendered
    once, kept in the shared cache with the list it shows, so that an article page that
    puts it in for each view pays a cache read, not a query and a rendering. A change to a
    story on the list renders it again once committed (`services`)."""
    if not ids:
        return ""
    try:
        kept = cache.get(block_key(ids))
    except Exception:
        kept = None
    if kept is not None:
        return kept
    html = render_block(ids)
    with suppress(Exception):
        cache.add(block_key(ids), html, timeout=BLOCK_SECONDS)
    return html


def block_key(ids):
    """One per list: a new order finds no block rendered for the old one."""
    return f"{BLOCK_KEY}:{','.join(map(str, ids))}"


def render_block(ids):
    return render_to_string("mostread/_most_read.html")
