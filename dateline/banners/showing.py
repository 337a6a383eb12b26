"""The banner readers see now: what it says, where it links and when it ends, read from
the cache, so a page view asks the database nothing. The middleware (middleware.py) puts it
into every reader page; the page cache keeps no page past its end (`next_change`).

A reader that finds it missing only adds it; every change writes it after its commit
(`remember_banner`), so a reader that read the database before that commit cannot put the
old banner back."""

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.timezone import now

from dateline.banners.models import Banner

logger = logging.getLogger(__name__)

SHOWING_KEY = "banners:showing:v1"
# Bounds what a change made behind the services' back (a database restored) can cost.
KEEP_SECONDS = 600


@dataclass(frozen=True)
class Shown:
    text: str
    url: str  # "" for none
    ends_at: datetime | None

    def html(self):
        return render_to_string("banners/_banner.html", {"banner": self})


def showing():
    """The banner on every page now (a `Shown`), or None."""
    try:
        kept = cache.get(SHOWING_KEY)
    except Exception:
        logger.warning("Cache unavailable: reading the banner from the database")
        kept = None
    if kept is None:
        kept = read()
        with contextlib.suppress(Exception):  # a cache outage was logged above
            cache.add(SHOWING_KEY, kept, timeout=KEEP_SECONDS)
    if kept == "none" or (kept.ends_at is not None and kept.ends_at <= now()):
        return None
    return kept


def next_change():
    """When the banner readers see now ends, or None: no page showing it is kept longer."""
    shown = showing()
    return shown.ends_at if shown else None


def read():
    banner = Banner.objects.showing().select_related("article__primary_topic").first()
    if banner is None:
        return "none"
    article = banner.article
    url = article.get_absolute_url() if article is not None and article.is_live else ""
    return Shown(text=banner.text, url=url, ends_at=banner.ends_at)


def remember_banner():
    try:
        cache.set(SHOWING_KEY, read(), timeout=KEEP_SECONDS)
    except Exception:
        logger.warning("Cache unavailable: readers may see the old banner for a while")
