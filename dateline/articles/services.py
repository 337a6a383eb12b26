"""Writes to articles. Views, the admin and commands call these; nothing else
changes the publication state of an article."""

from contextlib import contextmanager

import reversion
from django.db import transaction
from django.utils.timezone import now

from dateline.articles.changes import announce_articles, article_changed
from dateline.articles.models import Article, Byline


@contextmanager
def revision(comment, by=None):
    """Every save of an article keeps a revision (django-reversion), with who and why."""
    with reversion.create_revision():
        reversion.set_comment(comment[:200])
        if by is not None:
            reversion.set_user(by)
        yield


def after_change(article, *, previous_tags=()):
    """Work that follows any change to what readers see: the pages that show the article
    (and, given `previous_tags`, the ones it just left), and, once it is committed, what
    listens to `article_changed` (the search index, related lists, the page cache)."""
    announce_articles([article.pk], *previous_tags)
    article_id = article.pk
    transaction.on_commit(lambda: article_changed.send(sender=Article, article_id=article_id))


@transaction.atomic
def publish_article(article, *, at=None, by=None):
    """Publish now, or at `at` (a future time schedules it: readers see it from then on).

    Re-publishing keeps the original publication time unless a new one is given.
    """
    article.status = Article.Status.PUBLISHED
    article.published_at = at or article.published_at or now()
    with revision("Scheduled" if article.published_at > now() else "Published", by):
        article.save(update_fields=["status", "published_at", "modified_at"])
    after_change(article)
    return article


@transaction.atomic
def unpublish_article(article, *, by=None):
    article.status = Article.Status.UNPUBLISHED
    with revision("Unpublished", by):
        article.save(update_fields=["status", "modified_at"])
    after_change(article)
    return article


@transaction.atomic
def record_update(article, *, at=None, by=None, comment="Updated"):
    """Mark a substantive update: moves the public "last updated" time."""
    article.updated_at = at or now()
    with revision(comment, by):
        article.save(update_fields=["updated_at", "modified_at"])
    after_change(article)
    return article


@transaction.atomic
def set_authors(article, authors):
    """Credit `authors` on `article`, in the order given."""
    article.bylines.all().delete()
    Byline.objects.bulk_create(
        Byline(article=article, author=author, position=position)
        for position, author in enumerate(authors)
    )
