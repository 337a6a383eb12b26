"""A page cache for anonymous readers that never serves stale news.

Views opt in with `@cached_page`, and say what the page shows by setting
`request.cache_tags`. A cached entry keeps the versions of its tags; a hit is served only
if they are all still current (one extra round trip to the cache). Staff, and readers with
their own comment cookies, always get a fresh page.
"""

import logging
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control
from django.utils.timezone import now

from dateline.ops.replica import primary_only
from dateline.pagecache import tags as cache_tags

logger = logging.getLogger(__name__)
# Cookies that make a page personal: a logged-in session, or a commenter's own cookies.
PERSONAL_COOKIES = ("dateline_held", "dateline_commenter")


def is_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    return not any(name in request.COOKIES for name in PERSONAL_COOKIES)


def page_key(request):
    return f"pagecache:page:{request.get_full_path()}"


NEXT_GO_LIVE_KEY = "pagecache:next-go-live"


def next_go_live():
    """When the next scheduled article goes live: no cached page may outlive that moment.
    Kept in the cache (publishing forgets it), so a cache miss costs no extra query."""
    from dateline.articles.models import Article

    found = cache.get(NEXT_GO_LIVE_KEY)
    if found is not None and (found == "none" or found > now()):
        return None if found == "none" else found
    found = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    cache.set(NEXT_GO_LIVE_KEY, found or "none", timeout=3600)
    return found


def forget_next_go_live():
    try:
        cache.delete(NEXT_GO_LIVE_KEY)
    except Exception:
        logger.warning("Cache unavailable: could not forget the next go-live time")


def lookup(request):
    try:
        entry = cache.get(page_key(request))
        if entry is None or entry["expires"] < time.time():
            return None
        if cache_tags.versions(entry["tags"]) != entry["tags"]:
            return None
    except Exception:
        logger.warning("Page cache unavailable: serving %s uncached", request.path)
        return None
    response = entry["response"]
    response["X-Cache"] = "HIT"
    return response


def current_generation():
    """The version of the tag every bump changes, read before a page is rendered."""
    try:
        return cache_tags.versions([cache_tags.ANY])[cache_tags.ANY]
    except Exception:
        return None


def store(request, response, generation):
    if response.cookies:
        return  # a page that sets a cookie is someone's own: never share it
    tags = {cache_tags.SITE, cache_tags.ANY, *getattr(request, "cache_tags", ())}
    ttl = settings.PAGE_CACHE_SECONDS
    try:
        go_live = next_go_live()
        if go_live is not None:
            ttl = min(ttl, max(1, int((go_live - now()).total_seconds())))
        versions = cache_tags.versions(tags)
        if generation is None or versions.pop(cache_tags.ANY) != generation:
            # Something changed while this page was rendered: the versions read now may
            # be newer than what the page shows. Serve it, but do not keep it.
            return
        entry = {"tags": versions, "expires": time.time() + ttl, "response": response}
        cache.set(page_key(request), entry, timeout=ttl)
    except Exception:
        logger.warning("Page cache unavailable: could not store %s", request.path)


def cached_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.PAGE_CACHE_SECONDS or not is_cacheable(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            return response
        # From the primary only: a lagging replica's page would be stored as current.
        with primary_only():
            return cached_response(request, view, args, kwargs)

    return wrapper


def cached_response(request, view, args, kwargs):
    request.page_cache = True
    cached = lookup(request)
    if cached is not None:
        return cached
    generation = current_generation()
    response = view(request, *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response.render()
    if response.status_code == 200 and not response.streaming:
        # Browsers revalidate (ETag); a front server may keep it for a second or so.
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=settings.PAGE_CACHE_SHARED_SECONDS
        )
        store(request, response, generation)
        response["X-Cache"] = "MISS"
    return response
