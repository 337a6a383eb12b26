from django.core.cache import cache

NAVIGATION_CACHE_KEY = "topics:navigation:v1"


def main_topics():
    """(name, url) of every main topic, from the cache: no query on a page view."""
    entries = cache.get(NAVIGATION_CACHE_KEY)
    if entries is None:
        from dateline.topics.models import Topic

        entries = [(t.name, t.get_absolute_url()) for t in Topic.objects.on_home_page()]
        cache.set(NAVIGATION_CACHE_KEY, entries, timeout=None)
    return entries


def forget_navigation():
    cache.delete(NAVIGATION_CACHE_KEY)
