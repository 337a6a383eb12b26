from datetime import timedelta

from django.db import models
from django.db.models import Sum
from django.utils.timezone import now

from dateline.articles.models import Article

# "The day's most read": the views of this hour and the 23 before it.
DAY = timedelta(hours=24)


def hour_of(moment):
    """The hour a view at `moment` is counted in (its start, in UTC)."""
    return moment.replace(minute=0, second=0, microsecond=0)


class HourlyViewsQuerySet(models.QuerySet):
    def of_live_articles(self, at=None):
        return self.filter(article__in=Article.objects.published(at))

    def in_the_day_to(self, at):
        return self.filter(hour__gt=at - DAY)

    def older_than(self, moment):
        return self.filter(hour__lt=moment)

    def most_read(self, limit, at=None):
        """The ids of the `limit` live articles most read in the day to `at`, most read
        first (the newer article first on a tie)."""
        at = at or now()
        totals = (
            self.in_the_day_to(at)
            .of_live_articles(at)
            .values("article_id")
            .annotate(total=Sum("views"))
            .order_by("-total", "-article_id")
        )
        return [row["article_id"] for row in totals[:limit]]


class HourlyViews(models.Model):
    """How many times an article was read in one hour: nothing about who read it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(help_text="The start of the hour the views were counted in.")
    views = models.PositiveIntegerField(default=0)

    objects = HourlyViewsQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "hourly views"
        constraints = [
            # The hour first: the list and the clean-up read a range of hours.
            models.UniqueConstraint(fields=["hour", "article"], name="mostread_one_row_per_hour")
        ]

    def __str__(self):
        return f"{self.article_id} at {self.hour:%Y-%m-%d %H:00}: {self.views}"
