"""Comment counts on the lists: the home, topic and author pages and other stories'
related blocks show each article's number of approved comments (its page shows the
comments themselves at once: services.count_new_comment)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.timezone import now
from django_tasks import task

from dateline.articles.changes import announce_articles, tags_for

logger = logging.getLogger(__name__)


@task()
def show_count_on_lists(article_id):
    """The window's end: refresh the lists if a comment came after the first."""
    try:
        more = cache.delete(more_key(article_id))
    except Exception:
        more = True
    if more:
        show_count_now(article_id)


def show_count_now(article_id):
    announce_articles([article_id])


def window_key(article_id):
    return f"comments:lists:{article_id}"


def more_key(article_id):
    return f"comments:lists:more:{article_id}"


def list_tags_now(article_id):
    """The tags of the lists showing the article's comment count, to announce with a new
    comment, or none while they wait for the window's end.

    While comments pour in on a story, every one of them would make the home, topic and
    author pages and other stories' related blocks stale, in every cache, many times a
    second. The first comment in COMMENTS_LIST_COUNT_SECONDS refreshes them at once, and a
    task at the window's end shows the rest. Without a queue that can run a task later,
    or with the window 0 or the cache down, every comment refreshes them."""
    window = settings.COMMENTS_LIST_COUNT_SECONDS
    if not window or not show_count_on_lists.get_backend().supports_defer:
        return tags_for([article_id])
    try:
        first = cache.add(window_key(article_id), 1, timeout=window)
    except Exception:
        logger.warning("Cache unavailable: comment counts on lists refreshed at once")
        return tags_for([article_id])
    if not first:
        transaction.on_commit(lambda: note_more(article_id, window), robust=True)
        return []
    # A second after the window closes: a comment that found it open has committed by
    # then, and one that finds it closed refreshes the lists itself.
    run_after = now() + timedelta(seconds=window + 1)
    transaction.on_commit(
        lambda: show_count_on_lists.using(run_after=run_after).enqueue(article_id), robust=True
    )
    return tags_for([article_id])


def note_more(article_id, window):
    try:
        # add, not set: a key already there costs a read, not a write.
        cache.add(more_key(article_id), 1, timeout=window + 60)
    except Exception:
        show_count_now(article_id)
