"""Conditional GET for HTML pages: an ETag from the page's content, and 304 Not Modified
when the reader's copy is still current.

The CSRF token in the comment form is different on every response (Django masks it
afresh), and so is the form's signed time stamp, so both are left out of the hash: the
copy a browser already holds carries a token that is still valid for its CSRF cookie.

A view that knows what its content is made of may say so in `response.content_key` (the
article page joined from its stored parts: their article, version and time, and the
site's address): the ETag is then the hash of that key, and the page is not read again.
"""

import hashlib
import re
import time
from functools import wraps

from django.http import HttpResponseNotModified
from django.utils.cache import quote_etag
from django.utils.http import parse_etags

# Per-response values left out of the hash: the CSRF token, and the comment form's signed
# time stamp (it changes every second).
CSRF_FIELD = re.compile(rb'name="(?:csrfmiddlewaretoken|token)" value="[^"]*"')


def shared_page(view=None, *, reads=()):
    """Mark a view whose page is the same for every anonymous reader: the page cache
    (pagecache/middleware.py) may keep it. Like Django's `csrf_exempt`, it only sets
    attributes on the view, so the views need not import what serves them.

    `reads` names the query parameters that change the page (`page` on a listing): the
    cache keeps one page per value of those, and ignores every other parameter (a click
    id, a tracking tag, a random one), so `?fbclid=...` is served the cached page. Used as
    `@shared_page` or `@shared_page(reads=("page",))`."""
    if view is None:
        return lambda view: shared_page(view, reads=reads)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapper.shared_page = True
    wrapper.page_reads = frozenset(reads)
    return wrapper


def content_etag(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if response.streaming or response.has_header("ETag"):
            return response
        key = getattr(response, "content_key", None)
        content = key.encode() if key else CSRF_FIELD.sub(b"", response.content)
        digest = hashlib.sha256(content).hexdigest()[:32]
        etag = quote_etag(digest)
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = etag
            return not_modified
        response["ETag"] = etag
        return response

    return wrapper


def front_expiry(seconds):
    """X-Accel-Expires for nginx's micro-cache: keep an answer until the end of the current
    second (with `seconds` 1), never a second longer. With only s-maxage, nginx, which
    counts whole seconds, kept a page up to 2 s after a change. For the page cache and
    the content API alike."""
    return ("X-Accel-Expires", f"@{int(time.time()) + seconds - 1}")
