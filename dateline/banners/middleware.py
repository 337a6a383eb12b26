"""Puts the breaking-news banner into every reader page, where base.html marks its place.

Why here and not in base.html: an article page is mostly joined from parts stored in the
database (dateline/pages/parts.py), rendered once without the request, and kept for up to
ARTICLE_PARTS_SECONDS. A banner rendered into them would stay there after being switched
off or after its end time, until a SITE change threw away every article's parts. The mark
sits in those parts, and each response fills it in here, on its way out, before the page
cache keeps it.

So that a switched-on, changed or switched-off banner reaches every cached page at once,
every page with the mark carries the BANNER tag (dateline/changes.py); its ETag changes
with the banner too, so a browser's copy without it is never confirmed with a 304.
"""

import contextlib
import hashlib

from django.http import HttpResponseNotModified
from django.utils.cache import quote_etag
from django.utils.http import parse_etags

from dateline import changes
from dateline.banners.showing import showing

MARK = b"<!--dateline:banner-->"


class BannerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        their_etags, shown = None, False
        if request.method in ("GET", "HEAD") and "HTTP_IF_NONE_MATCH" in request.META:
            shown = showing()
            if shown:
                # The view's ETag knows nothing of the banner: it must not answer 304 to a
                # copy without it. The comparison is made below, with the page's own.
                their_etags = request.META.pop("HTTP_IF_NONE_MATCH")
                with contextlib.suppress(AttributeError):
                    del request.headers  # read already (the page cache): made again from META
        response = self.get_response(request)
        if has_mark(response):
            if shown is False:
                shown = showing()
            fill(response, shown)
            request.cache_tags = [*getattr(request, "cache_tags", ()), changes.BANNER]
        if their_etags and is_current(response, their_etags):
            not_modified = HttpResponseNotModified()
            not_modified["ETag"] = response["ETag"]
            return not_modified
        return response


def is_current(response, their_etags):
    """The browser's copy is this page, banner included."""
    return (
        response.status_code == 200
        and response.has_header("ETag")
        and response["ETag"] in parse_etags(their_etags)
    )


def has_mark(response):
    return (
        not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and MARK in response.content
    )


def fill(response, shown):
    html = shown.html().encode() if shown else b""
    # The first mark only: base.html puts it before anything a writer or reader wrote.
    response.content = response.content.replace(MARK, html, 1)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    if html and response.has_header("ETag"):
        digest = hashlib.sha256(response["ETag"].encode() + html).hexdigest()[:32]
        response["ETag"] = quote_etag(digest)
