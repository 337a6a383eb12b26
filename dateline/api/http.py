"""HTTP caching for the API, as fresh as the reader pages: browsers and clients ask again
every time (`max-age=0`) with the answer's ETag, and an unchanged answer costs a 304 Not
Modified with no body (Django's own `get_conditional_response` decides, as
ConditionalGetMiddleware does); nginx or a CDN may reuse an answer for
PAGE_CACHE_SHARED_SECONDS (`s-maxage`, 1 s), nginx only until the end of that second
(`X-Accel-Expires`).

Nothing purges API answers, so their lifetime is the time a takedown (an unpublished
story, a wrong name corrected) takes to leave every layer Dateline controls: it used to be
`max-age=60` (issue 22), and is now the pages' second. Errors are never stored: a 404 for
a story that goes live in a minute must not outlive that minute (RFC 9111 lets caches keep
a 404 with no Cache-Control for as long as they like).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag

from dateline.http import front_expiry

# An address that changed (an old slug) may be cached as briefly as the answer it leads to.
REUSABLE_STATUSES = (200, 301)


def http_cached(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code not in REUSABLE_STATUSES:
            patch_cache_control(response, no_store=True)
            return response
        # The reader pages' rule (pagecache/middleware.py), which this layer may not import.
        seconds = settings.PAGE_CACHE_SHARED_SECONDS
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        if seconds:
            response.headers.setdefault(*front_expiry(seconds))
        if response.status_code != 200 or response.streaming:
            return response
        response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        # A 304 keeps the ETag and Cache-Control (Django copies them over), and here also
        # the micro-cache's expiry: nginx refreshes its expired copy from that 304.
        answer = get_conditional_response(request, etag=response["ETag"], response=response)
        if answer is not response and response.has_header("X-Accel-Expires"):
            answer["X-Accel-Expires"] = response["X-Accel-Expires"]
        return answer

    return wrapper
