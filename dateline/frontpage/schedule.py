"""When the home page next changes by itself: the time the next scheduled arrangement
starts. The page cache keeps no home page past it (pagecache/middleware.py), so the
arrangement goes live at its time with no job to run, as a scheduled article does.

Kept in the cache, so a page cache miss costs no query. A reader that finds it missing
only adds it; a change to the arrangements writes it after its commit
(`remember_next_change`), so a reader that read the database before that commit cannot put
the old time back."""

import contextlib
import logging

from django.core.cache import cache
from django.utils.timezone import now

from dateline.frontpage.models import Arrangement

logger = logging.getLogger(__name__)

NEXT_CHANGE_KEY = "frontpage:next-change:v1"
# Bounds what a change made behind the services' back (a database restored) can cost.
KEEP_SECONDS = 3600


def next_change():
    """When the next scheduled arrangement starts, or None."""
    try:
        kept = cache.get(NEXT_CHANGE_KEY)
    except Exception:
        logger.warning("Cache unavailable: reading the next front page change from the database")
        kept = None
    if kept == "none":
        return None
    if kept is not None and kept > now():
        return kept
    found = scheduled()
    # A time that has passed is replaced; a missing one is only added (see above).
    keep = cache.add if kept is None else cache.set
    with contextlib.suppress(Exception):  # a cache outage was logged above
        keep(NEXT_CHANGE_KEY, found or "none", timeout=KEEP_SECONDS)
    return found


def scheduled():
    return Arrangement.objects.scheduled().values_list("starts_at", flat=True).first()


def remember_next_change():
    try:
        cache.set(NEXT_CHANGE_KEY, scheduled() or "none", timeout=KEEP_SECONDS)
    except Exception:
        logger.warning("Cache unavailable: could not remember the next front page change")
