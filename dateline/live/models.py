"""Live coverage: an article whose coverage is on shows short, timestamped entries, newest
first, that arrive on readers' pages without a reload (views.poll, static/live/live.js).

An entry is never deleted from the database: "deleting" hides it and keeps who did it and
why (the log), and django-reversion keeps every version of its text."""

import reversion
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.sanitize import sanitize_html
from dateline.authors.models import Author


class Coverage(models.Model):
    """An article covered live: from `started_at`, until `ended_at` (empty while it runs)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="coverage")
    started_at = models.DateTimeField(default=now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "coverage"

    def __str__(self):
        return f"Live: {self.article}"

    @property
    def is_running(self):
        return self.ended_at is None


class EntryQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(deleted_at__isnull=True)

    def newest_first(self):
        return self.order_by("-posted_at", "-pk")

    def for_display(self):
        return self.shown().select_related("author").newest_first()


@reversion.register()
class Entry(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="live_entries")
    author = models.ForeignKey(
        Author, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Shown with the entry.",
    )  # fmt: skip
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(help_text="A short update; the same tags as an article's body.")
    image = models.ImageField(
        upload_to="live/%Y/%m/", blank=True, width_field="image_width",
        height_field="image_height",
    )  # fmt: skip
    image_alt = models.CharField(
        "alt text", max_length=300, blank=True, help_text="What the picture shows, for "
        "readers who cannot see it. Required with a picture.",
    )  # fmt: skip
    image_width = models.PositiveIntegerField(null=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, editable=False)
    is_pinned = models.BooleanField(
        "key event", default=False, help_text="Listed under Key events at the top."
    )
    posted_at = models.DateTimeField(default=now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    edit_reason = models.CharField(
        max_length=300, blank=True, help_text="Shown to readers with the time of the edit."
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_reason = models.CharField(max_length=300, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "live entry"
        verbose_name_plural = "live entries"
        indexes = [models.Index(fields=["article", "-posted_at"], name="live_entry_article_posted")]

    def __str__(self):
        return f"{self.article}: {self.posted_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """A stable address: it finds the page the entry is on now (views.entry)."""
        return reverse("live:entry", args=[self.pk])

    @property
    def anchor(self):
        return f"entry-{self.pk}"
