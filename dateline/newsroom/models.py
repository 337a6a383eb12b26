from django.conf import settings
from django.db import models
from django.utils.timezone import now

from dateline.articles.models import Article


class ArticleUpdateQuerySet(models.QuerySet):
    def corrections(self):
        return self.filter(kind=ArticleUpdate.Kind.CORRECTION)

    def public(self):
        """Entries of articles readers can see."""
        return self.filter(article__in=Article.objects.published())


class ArticleUpdate(models.Model):
    """The public log at the foot of an article: each substantive update or correction,
    dated, with a short note for readers. Minor edits leave no trace here."""

    class Kind(models.TextChoices):
        UPDATE = "update", "Update"
        CORRECTION = "correction", "Correction"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.TextField(help_text="Shown to readers at the foot of the article.")
    created_at = models.DateTimeField(default=now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    objects = ArticleUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "-created_at"], name="update_kind_created")]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.article_id}: {self.note[:40]}"
