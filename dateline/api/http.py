"""HTTP caching for the API: every answer says how long it may be reused (Cache-Control)
and carries an ETag, so a client that still holds the same JSON gets 304 Not Modified and
no body (Django's own `get_conditional_response` decides, as ConditionalGetMiddleware does).

The max-age is short because news changes: a scheduled story, a correction or a new
comment reaches clients within API_CACHE_SECONDS. Errors are never stored: a 404 for a
story that goes live in a minute must not outlive that minute (RFC 9111 lets caches keep a
404 with no Cache-Control for as long as they like).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag

# An address that changed (an old slug) may be cached as briefly as the answer it leads to.
REUSABLE_STATUSES = (200, 301)


def cache_seconds():
    return getattr(settings, "API_CACHE_SECONDS", 60)


def http_cached(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code not in REUSABLE_STATUSES:
            patch_cache_control(response, no_store=True)
            return response
        patch_cache_control(response, public=True, max_age=cache_seconds())
        if response.status_code != 200 or response.streaming:
            return response
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        # A 304 that keeps the ETag and Cache-Control (Django copies them over).
        return get_conditional_response(request, etag=response["ETag"], response=response)

    return wrapper
