import contextlib
import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

NAVIGATION_CACHE_KEY = "topics:navigation:v1"


def main_topics():
    """(name, url) of every main topic, from the cache: no query on a page view."""
    from dateline.topics.models import Topic

    try:
        entries = cache.get(NAVIGATION_CACHE_KEY)
    except Exception:
        logger.warning("Cache unavailable: reading the navigation from the database")
        entries = None
    if entries is None:
        entries = [(t.name, t.get_absolute_url()) for t in Topic.objects.on_home_page()]
        with contextlib.suppress(Exception):  # a cache outage was logged above
            cache.set(NAVIGATION_CACHE_KEY, entries, timeout=None)
    return entries


def forget_navigation():
    try:
        cache.delete(NAVIGATION_CACHE_KEY)
    except Exception:
        logger.warning("Cache unavailable: the navigation may show old topics for a while")
