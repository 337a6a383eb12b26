"""Writes: counting a view, writing the counted views to the database, refreshing the list."""

import logging
import threading
from collections import defaultdict
from contextlib import suppress
from datetime import timedelta

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils.timezone import now

from dateline import changes
from dateline.articles.models import Article
from dateline.mostread import conf
from dateline.mostread.display import (
    BLOCK_SECONDS,
    LIST_KEY,
    LIST_LENGTH,
    MOST_READ,
    block_key,
    render_block,
)
from dateline.mostread.models import HourlyViews, hour_of
from dateline.mostread.tally import tally
from dateline.ratelimit import too_soon

logger = logging.getLogger(__name__)

# Claimed in the shared cache by the process that refreshes the list, for
# MOST_READ_REFRESH_SECONDS: one refresh at a time across every process and server.
REFRESH_KEY = "mostread:refreshed"
# Ids per query: well under SQLite's limit on parameters.
CHUNK = 500

# One flush at a time in this process (a server running several threads per process).
flushing = threading.Lock()


def count_view(article_id):
    """Count one view of the article, in memory. The view that finds the last flush
    MOST_READ_FLUSH_SECONDS old writes the counts, and refreshes the list when no process
    has for MOST_READ_REFRESH_SECONDS."""
    tally.add(article_id, hour_of(now()))
    if not flush_is_due() or not flushing.acquire(blocking=False):
        return
    try:
        flush_counts()
        if not too_soon([REFRESH_KEY], conf.refresh_seconds()):
            refresh_most_read()
            forget_old_counts()
    finally:
        flushing.release()


def flush_is_due():
    return tally.due(conf.flush_seconds())


def flush_counts(counted=tally):
    """Add the views this process counted (`counted`, its Tally) to HourlyViews, and return
    how many were added. Views of an article that is not live (a made-up id, a story taken
    down since) are dropped. If the database refuses the write, the counts wait for the
    next flush."""
    taken = counted.take()
    if not taken:
        return 0
    try:
        return add_counts(taken)
    except DatabaseError:
        counted.put_back(taken)
        raise


@transaction.atomic
def add_counts(counts):
    """Add `counts` ({(article id, hour): views}) to the rows, in one transaction. Each row
    gets `views = views + n`, never a number read before: another process adding its own
    counts to the same rows at the same moment adds to them, and nothing is lost. (On
    PostgreSQL, two such flushes can deadlock: one fails, and keeps its counts.)"""
    ids = sorted({article_id for article_id, _ in counts})
    live = set()
    for chunk in chunks(ids):
        live.update(Article.objects.published().filter(pk__in=chunk).values_list("pk", flat=True))
    counts = {key: views for key, views in counts.items() if key[0] in live}
    # Every row there first (one statement; a row another process has just made is left
    # as it is), then one UPDATE per hour and number of views, whatever the articles.
    HourlyViews.objects.bulk_create(
        [HourlyViews(article_id=article_id, hour=hour, views=0) for article_id, hour in counts],
        ignore_conflicts=True,
        batch_size=CHUNK,
    )
    articles_by_amount = defaultdict(list)
    for (article_id, hour), views in counts.items():
        articles_by_amount[hour, views].append(article_id)
    for (hour, views), article_ids in sorted(articles_by_amount.items()):
        for chunk in chunks(sorted(article_ids)):
            rows = HourlyViews.objects.filter(hour=hour, article_id__in=chunk)
            rows.update(views=F("views") + views)
    return sum(counts.values())


def refresh_most_read():
    """Compute the list from the counts. When its order changed, keep it for the pages to
    show and refresh the cached pages that show it; pages are not made stale otherwise."""
    ids = HourlyViews.objects.most_read(LIST_LENGTH)
    if cache.get(LIST_KEY) != ids:
        cache.set(LIST_KEY, ids, timeout=None)
        changes.announce(changes.HOME, MOST_READ)
    return ids


def refresh_when_a_listed_story_is_gone(sender, tags, **kwargs):
    """`changes.changed`'s receiver: a story in the list that readers can no longer see
    (unpublished, rescheduled, deleted) makes way for the next one at once. Other changes
    to it (a new headline) leave the list alone, and the block showing it is rendered again
    once the change is committed."""
    if not any(tag.startswith(changes.article("")) for tag in tags):
        return  # a comment, a topic...: no story came or went, and the cache is not asked
    try:
        listed = cache.get(LIST_KEY)
    except Exception:
        return  # the list is computed for each page while the cache is down
    changed = [pk for pk in listed or () if changes.article(pk) in tags]
    if not changed:
        return
    transaction.on_commit(lambda: render_block_again(listed), robust=True)
    live = Article.objects.published().filter(pk__in=changed).count()
    if live < len(changed):
        refresh_most_read()


def render_block_again(ids):
    """Replace the kept block (display.block) with one rendered from what is committed:
    `set` wins over a page's late `add` of what it rendered before."""
    try:
        cache.set(block_key(ids), render_block(ids), timeout=BLOCK_SECONDS)
    except Exception:
        with suppress(Exception):
            cache.delete(block_key(ids))


def forget_old_counts():
    """Delete counts older than MOST_READ_KEEP_DAYS."""
    cutoff = hour_of(now()) - timedelta(days=conf.keep_days())
    deleted, _ = HourlyViews.objects.older_than(cutoff).delete()
    return deleted


def chunks(items):
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
