"""A page cache for anonymous readers that never serves stale news.

Views opt in with `dateline.http.shared_page` (an attribute on the view, which
`PageCacheMiddleware.process_view` reads), and say what the page shows by setting
`request.cache_tags`. The page is kept as it left Dateline, every middleware's headers
included, by `PageCacheMiddleware` (the outermost one); an entry keeps the versions of its
tags, and a hit is served only if they are all still current (one extra round trip to the
cache). `serve` answers a hit from the request's path and headers alone: the middleware
calls it first thing, and `dateline.wsgi` before Django handles the request at all (see
pagecache/wsgi.py). Staff, and readers with their own comment cookies, always get a fresh
page.
"""

import contextlib
import logging
import time
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from urllib.parse import parse_qsl, unquote, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import resolve
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags
from django.utils.timezone import now

from dateline import changes
from dateline.banners.showing import next_change as banner_ends
from dateline.frontpage.schedule import next_change as front_page_changes
from dateline.http import front_expiry
from dateline.ops.replica import use_primary
from dateline.pagecache import tags as cache_tags

logger = logging.getLogger(__name__)
# Cookies that make a page personal: a logged-in session, or a commenter's own cookies.
PERSONAL_COOKIES = ("dateline_held", "dateline_commenter")


def is_cacheable(request):
    if request.method not in ("GET", "HEAD"):
        return False
    return not is_personal(request.COOKIES)


def is_personal(cookies):
    """A logged-in session, or a commenter's own cookies: the page is theirs alone."""
    return settings.SESSION_COOKIE_NAME in cookies or any(
        name in cookies for name in PERSONAL_COOKIES
    )


def page_key(kept_path):
    """The cache key of the page kept under `kept_path` (from cache_path)."""
    return f"pagecache:page:{kept_path}"


def cache_path(full_path):
    """The address a page is kept under: its path, and of its query only the parameters
    its view reads (`shared_page(reads=...)`), in one order. A click id, a tracking tag or
    a random parameter neither misses the cache nor adds a page to it."""
    path, _, query = full_path.partition("?")
    if not query:
        return path
    reads = page_reads(path)
    if reads is None:
        return full_path  # not a shared page: nothing is kept under it
    kept = sorted(
        ((name, value) for name, value in parse_qsl(query, keep_blank_values=True)
         if name in reads),
        key=itemgetter(0),
    )  # fmt: skip
    return f"{path}?{urlencode(kept)}" if kept else path


@lru_cache(maxsize=4096)
def page_reads(path):
    """The query parameters the shared page at `path` reads, or None when no shared page
    is there. Remembered per path: the hit path asks it of every address with a query."""
    try:
        view = resolve(unquote(path)).func
    except Exception:  # Resolver404, or a converter refusing the path
        return None
    return getattr(view, "page_reads", None) if getattr(view, "shared_page", False) else None


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


ENTRY_KEYS = {"tags", "generation", "expires", "headers", "etag", "body", "front"}


@dataclass
class Hit:
    """A cached page as a WSGI server sends it."""

    status: int
    headers: list  # [(name, value)]
    body: bytes


# The pages this process served last, as it read them from the shared cache: served again
# while the ANY version is still the one they were stored with, i.e. while nothing at all
# has changed since, which costs one small read instead of the page's 25 KB. Any bump, an
# evicted or cleared ANY version, or the page's expiry sends the next hit to the shared
# cache again. At most RECENT_PAGES (about 5 MB) per process.
RECENT_PAGES = 200
recent = {}


def serve(full_path, method, if_none_match=""):
    """The cached page at `full_path` if every tag it shows is still current, else None.
    A reader whose copy has the same ETag gets a 304; a HEAD request, the headers only."""
    try:
        any_key = cache_tags.key(cache_tags.ANY)
        full_path = cache_path(full_path)
        entry = recent.get(full_path)
        if entry is not None and not (
            entry["expires"] >= time.time() and cache.get(any_key) == entry["generation"]
        ):
            entry = None
        if entry is None:
            entry = shared_entry(full_path, any_key)
            if entry is None:
                return None
    except Exception:
        logger.warning("Page cache unavailable: serving %s uncached", full_path)
        return None
    headers = [*entry["headers"], ("X-Cache", "HIT")]
    if entry["front"]:
        headers.append(front_expiry(entry["front"]))
    etag = entry["etag"]
    if etag and if_none_match and etag in parse_etags(if_none_match):
        kept = {"etag", "cache-control", "vary", "expires", "last-modified", "x-accel-expires"}
        return Hit(304, [(k, v) for k, v in headers if k.lower() in kept], b"")
    return Hit(200, headers, b"" if method == "HEAD" else entry["body"])


def shared_entry(full_path, any_key):
    """The page's entry from the shared cache, if every tag it shows is still current."""
    key = page_key(full_path)
    found = cache.get_many([key, any_key])  # one round trip to Redis
    entry = found.get(key)
    if not isinstance(entry, dict) or ENTRY_KEYS - entry.keys():
        return None  # none, or kept by an earlier version of Dateline
    if entry["expires"] < time.time():
        return None
    # Every bump changes ANY too: while it is the version the page was stored with,
    # nothing has changed since. Otherwise each of the page's tags is compared.
    if found.get(any_key) == entry["generation"]:
        remember(full_path, entry)
    elif cache_tags.versions(entry["tags"]) != entry["tags"]:
        return None
    return entry


def remember(full_path, entry):
    if len(recent) >= RECENT_PAGES:
        with contextlib.suppress(KeyError, RuntimeError, StopIteration):
            del recent[next(iter(recent))]  # the oldest
    recent[full_path] = entry


def current_generation():
    """The version of the tag every bump changes, read before a page is rendered."""
    try:
        return cache_tags.versions([cache_tags.ANY])[cache_tags.ANY]
    except Exception:
        return None


# App servers' clocks may differ by this much: while anything changes, a change on one
# server counts as made during a rendering on another from this long before it began.
CLOCK_SKEW_SECONDS = 1.0


def store(request, response, generation, started):
    """Keep the final response of a `shared_page` view (PageCacheMiddleware), rendered from
    `started` on, with the ANY version (`generation`) read then."""
    if response.cookies:
        return  # a page that sets a cookie is someone's own: never share it
    tags = {cache_tags.SITE, *getattr(request, "cache_tags", ())}
    ttl = settings.PAGE_CACHE_SECONDS
    try:
        go_live = next_go_live()
        # No page outlives the next scheduled article's go-live, the next scheduled front
        # page arrangement (if it shows the front page) or the banner's end (if it shows it).
        ends = [go_live]
        if changes.HOME in tags:
            ends.append(front_page_changes())
        if changes.BANNER in tags:
            ends.append(banner_ends())
        go_live = min(filter(None, ends), default=None)
        if go_live is not None:
            ttl = min(ttl, max(1, int((go_live - now()).total_seconds())))
        # The tags, then ANY: a bump writes ANY first (tags.bump_versions), so a new tag
        # version read here comes with a changed ANY.
        versions = cache_tags.versions(tags)
        if generation is None:
            return
        if cache_tags.versions([cache_tags.ANY])[cache_tags.ANY] != generation:
            # Something changed while this page was rendered. If it is something the page
            # shows, the versions read now may be newer than what it shows: serve it, but
            # do not keep it. Changes elsewhere (comments pouring in on another story) do
            # not stop it being kept.
            changed_since = started - CLOCK_SKEW_SECONDS
            if any(cache_tags.bumped_at(v) >= changed_since for v in versions.values()):
                return
        entry = {
            "tags": versions,
            "generation": generation,
            "expires": time.time() + ttl,
            "headers": [
                (k, v) for k, v in response.items() if k not in ("X-Cache", "X-Accel-Expires")
            ],
            "front": getattr(request, "front_cache_seconds", settings.PAGE_CACHE_SHARED_SECONDS),
            "etag": response.get("ETag", ""),
            "body": response.content,
        }
        cache.set(page_key(cache_path(request.get_full_path())), entry, timeout=ttl)
    except Exception:
        logger.warning("Page cache unavailable: could not store %s", request.path)


class PageCacheMiddleware:
    """Outermost: answers hits before any other middleware runs, and keeps the pages of
    `shared_page` views, with the headers every other middleware added."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PAGE_CACHE_SECONDS
            and is_cacheable(request)
            and not request.META.get(WSGI_MISSED)  # pagecache.wsgi looked already
            and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
        ):
            hit = serve(
                request.get_full_path(), request.method, request.headers.get("If-None-Match", "")
            )
            if hit is not None:
                return hit_response(hit)
        response = self.get_response(request)
        shared = getattr(request, "page_cache", None)
        if shared is False and response.status_code != 304:
            patch_cache_control(response, private=True)
        elif shared and response.status_code == 200 and not response.streaming:
            # Browsers revalidate (ETag); a front server may keep it for a second or so,
            # unless the view asks for less (`request.front_cache_seconds`: a live poll).
            seconds = getattr(request, "front_cache_seconds", settings.PAGE_CACHE_SHARED_SECONDS)
            patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
            if seconds:
                response.headers.setdefault(*front_expiry(seconds))
            response["X-Cache"] = "MISS"
            store(request, response, request.page_cache_generation, request.page_cache_started)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        """A `shared_page` view's page may be kept: note the cache's version before it is
        rendered, and read from the primary only (a lagging replica's page would be stored
        as current). For a staff member or a commenter with their own cookies, the page is
        theirs: private."""
        if not getattr(view_func, "shared_page", False):
            return None
        if not settings.PAGE_CACHE_SECONDS or not is_cacheable(request):
            request.page_cache = False
            return None
        use_primary()
        request.page_cache = True
        request.page_cache_started = time.time()
        request.page_cache_generation = current_generation()
        return None


# Set by pagecache.wsgi in the WSGI environ when it found no current page.
WSGI_MISSED = "dateline.pagecache.missed"


def hit_response(hit):
    response = HttpResponse(hit.body, status=hit.status)
    for name, value in hit.headers:
        response[name] = value
    return response
