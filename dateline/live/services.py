"""Writes for live coverage. Each says what changed (dateline/changes.py: the article's
page, its poll answer and its feed of entries carry the article's tag), once the write is
in, and sends `entry_posted` for the search index; a new entry does not touch related
lists, which follow the article's own text."""

import reversion
from django.conf import settings
from django.db import transaction
from django.utils.timezone import now

from dateline import changes
from dateline.articles.changes import article_text_changed
from dateline.live.models import Coverage, Entry


def said(article):
    """The article's page, its poll answer and its feed of entries changed."""
    changes.announce(changes.article(article.pk))
    article_id = article.pk
    transaction.on_commit(lambda: article_text_changed.send(sender=Entry, article_id=article_id))


@transaction.atomic
def start_coverage(article):
    coverage, created = Coverage.objects.get_or_create(article=article)
    if not created and coverage.ended_at is not None:
        coverage.ended_at = None
        coverage.save(update_fields=["ended_at"])
    said(article)
    return coverage


@transaction.atomic
def end_coverage(article):
    """The page says coverage has ended, stops asking for news, and keeps every entry."""
    Coverage.objects.filter(article=article, ended_at__isnull=True).update(ended_at=now())
    said(article)


@transaction.atomic
def post_entry(article, body, *, by, author=None, image=None, image_alt="", pinned=False):
    """Post an update; its first version goes into the history (django-reversion)."""
    with reversion.create_revision():
        entry = Entry.objects.create(
            article=article, body=body, posted_by=by, author=author, image=image or "",
            image_alt=image_alt, is_pinned=pinned,
        )  # fmt: skip
        if by is not None:
            reversion.set_user(by)
        reversion.set_comment("Posted")
    said(article)
    return entry


@transaction.atomic
def edit_entry(entry, *, body, reason, image_alt=None, pinned=None):
    """A changed entry shows "Updated hh:mm" and the reason (a correction says what)."""
    entry.body = body
    entry.edit_reason = reason
    entry.edited_at = now()
    if image_alt is not None:
        entry.image_alt = image_alt
    if pinned is not None:
        entry.is_pinned = pinned
    entry.save()
    said(entry.article)
    return entry


@transaction.atomic
def pin_entry(entry, pinned=True):
    Entry.objects.filter(pk=entry.pk).update(is_pinned=pinned)
    entry.is_pinned = pinned
    said(entry.article)


@transaction.atomic
def delete_entry(entry, *, reason, by):
    """Hidden from readers at their next poll; kept, with who and why, for the log."""
    Entry.objects.filter(pk=entry.pk).update(deleted_at=now(), deleted_reason=reason, deleted_by=by)
    said(entry.article)


@transaction.atomic
def restore_entry(entry):
    Entry.objects.filter(pk=entry.pk).update(deleted_at=None, deleted_reason="", deleted_by=None)
    said(entry.article)


def entries_per_page():
    return settings.LIVE_ENTRIES_PER_PAGE
