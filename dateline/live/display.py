"""What the article page and the poll answer show of live coverage: read here, rendered by
the templates in templates/live/. A page of entries, newest first, is LIVE_ENTRIES_PER_PAGE
long; an entry's page is counted from the newest, so it moves as entries are added and its
stable address (Entry.get_absolute_url) finds it."""

import contextlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.template.loader import render_to_string

from dateline.articles.text import plain_text
from dateline.live.models import Coverage, Entry

logger = logging.getLogger(__name__)

# The poll answer carries the newest entries, enough for a reader who was away a while;
# one who was away longer is told to reload (the page shows them all, paginated).
POLL_ENTRIES = 50


COVERED_KEY = "live:covered:v1"


def covered_ids():
    """The ids of the articles with live coverage, from the cache: rendering an article
    page that has none (nearly all) asks the database nothing. Forgotten whenever coverage
    is added or removed (`coverage_changed`)."""
    try:
        ids = cache.get(COVERED_KEY)
    except Exception:
        logger.warning("Cache unavailable: reading live coverage from the database")
        ids = None
    if ids is None:
        ids = frozenset(Coverage.objects.values_list("article_id", flat=True))
        with contextlib.suppress(Exception):  # a cache outage was logged above
            cache.set(COVERED_KEY, ids, timeout=None)
    return ids


def coverage_changed(sender, **kwargs):
    """post_save and post_delete of a Coverage."""
    with contextlib.suppress(Exception):
        cache.delete(COVERED_KEY)


def coverage_of(article):
    """The article's live coverage, or None (a query only for an article covered live)."""
    if article.pk not in covered_ids():
        return None
    try:
        return article.coverage
    except Coverage.DoesNotExist:
        return None


def page_number(request):
    """?updates=N, the page of entries a reader asked for (1 when absent); 404 for nonsense."""
    raw = request.GET.get("updates", "1")
    # ASCII digits: int() refuses "²", which isdigit() accepts.
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 100_000:
        raise Http404("There is no such page of updates.")
    return int(raw)


def live_block(article, coverage, number=1):
    """The context of templates/live/_block.html for a page of entries."""
    entries = Entry.objects.filter(article=article).for_display()
    paginator = Paginator(entries, settings.LIVE_ENTRIES_PER_PAGE)
    try:
        page = paginator.page(number)
    except InvalidPage:
        raise Http404("There is no such page of updates.") from None
    pinned = list(entries.filter(is_pinned=True))
    shown = {entry.pk for entry in page.object_list}
    return {
        "coverage": coverage,
        "article": article,
        "page": page,
        "key_events": [(entry, entry.pk in shown) for entry in pinned],
        "newest_id": max(shown) if number == 1 and shown else None,
        "poll_seconds": settings.LIVE_POLL_SECONDS,
    }


def page_of(entry):
    """The page of updates `entry` is on now (1 is the newest)."""
    newer = (
        Entry.objects.filter(article_id=entry.article_id)
        .shown()
        .filter(posted_at__gt=entry.posted_at)
        .count()
    )
    same_time_newer = (
        Entry.objects.filter(
            article_id=entry.article_id, posted_at=entry.posted_at, pk__gt=entry.pk
        )
        .shown()
        .count()
    )
    return (newer + same_time_newer) // settings.LIVE_ENTRIES_PER_PAGE + 1


def poll_answer(article, coverage):
    """What every polling reader gets: the coverage's state and its newest entries, each
    rendered as on the page (so live.js puts them in as they are)."""
    entries = list(Entry.objects.filter(article=article).for_display()[:POLL_ENTRIES])
    return {
        "status": "live" if coverage.is_running else "ended",
        "ended_at": coverage.ended_at.isoformat() if coverage.ended_at else None,
        "entries": [
            {
                "id": entry.pk,
                "stamp": (entry.edited_at or entry.posted_at).isoformat(),
                "html": render_to_string("live/_entry.html", {"entry": entry}),
            }
            for entry in entries
        ],
        "complete": len(entries) < POLL_ENTRIES,
    }


# How many of a live article's newest entries count toward its text (the search index).
ENTRIES_IN_TEXT = 50


def latest_text(article_ids):
    """{article id: its newest entries' words} (articles/more_text.py's source)."""
    found = {}
    entries = Entry.objects.filter(article_id__in=article_ids).shown().newest_first()
    for article_id, body in entries.values_list("article_id", "body").iterator():
        bodies = found.setdefault(article_id, [])
        if len(bodies) < ENTRIES_IN_TEXT:
            bodies.append(plain_text(body))
    return {article_id: " ".join(bodies) for article_id, bodies in found.items()}
