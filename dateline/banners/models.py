"""The breaking-news banner: one line, with a link to the story (a live-covered story's
page is its live coverage), shown on every reader page while it is switched on and until
its end time. Switching one on switches the others off (services.py); should two ever be
on, readers see the one changed last."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from dateline.articles.models import Article


class BannerQuerySet(models.QuerySet):
    def showing(self, at=None):
        at = at or now()
        return self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at), is_on=True)


class Banner(models.Model):
    text = models.CharField(
        max_length=160, help_text="One line, e.g. “Earthquake strikes off the coast of Varna”."
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name="links to",
        help_text="The story the banner links to. For live coverage, the covered story: its "
        "page carries the live updates.",
    )  # fmt: skip
    is_on = models.BooleanField(
        "switched on", default=False,
        help_text="Shown on every page within seconds. Switching this one on switches any "
        "other off.",
    )  # fmt: skip
    ends_at = models.DateTimeField(
        "ends", null=True, blank=True, help_text="Leave empty to show it until switched off."
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    changed_at = models.DateTimeField(auto_now=True)

    objects = BannerQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = "breaking-news banner"

    def __str__(self):
        return self.text

    def clean(self):
        errors = {}
        self.text = " ".join(self.text.split())  # one line: a line break would end it
        if self.is_on and self.ends_at is not None and self.ends_at <= now():
            errors["ends_at"] = "This time has passed: choose a later one, or leave it empty."
        if self.article_id is not None and not self.article.is_live:
            errors["article"] = (
                f"“{self.article}” is not live: link to a story readers can open now."
            )
        if errors:
            raise ValidationError(errors)
