from django.db import models
from django.urls import reverse


class TopicQuerySet(models.QuerySet):
    def on_home_page(self):
        return self.filter(on_home_page=True).order_by("position", "name")


class Topic(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    on_home_page = models.BooleanField(
        "main topic",
        default=False,
        help_text="Main topics get a block on the home page and a link in the site navigation.",
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order of main topics on the home page and in the navigation."
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topics:detail", args=[self.slug])
