"""The home page as editors arrange it: a lead story, the Top stories in their order and
the main topics' blocks. An arrangement holds only the slots editors filled; every other
slot fills itself by rule (layout.py). The arrangement in force is the newest one whose
time has come, so one made for 06:00 takes over at 06:00 with no job to run."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.timezone import localtime, now

from dateline.articles.models import Article
from dateline.topics.models import Topic

# How many stories each zone shows. The template lays them out in a grid of three.
TOP_STORIES = 6
TOPIC_STORIES = 4


class ArrangementQuerySet(models.QuerySet):
    def in_force(self, at=None):
        """Newest first: the first is the one readers see."""
        return self.filter(starts_at__lte=at or now()).order_by("-starts_at", "-pk")

    def scheduled(self, at=None):
        return self.filter(starts_at__gt=at or now()).order_by("starts_at", "pk")


class Arrangement(models.Model):
    starts_at = models.DateTimeField(
        "from",
        default=now,
        db_index=True,
        help_text="Readers see this arrangement from this time until a later one starts. "
        "A time to come schedules it: it replaces the whole page then, so changes made "
        "meanwhile to the one in force are not carried over.",
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="For the newsroom only, e.g. “Election night”."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ArrangementQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = "front page arrangement"

    def __str__(self):
        when = f"{localtime(self.starts_at):%Y-%m-%d %H:%M}" if self.starts_at else "-"
        return f"{self.note} (from {when})" if self.note else f"From {when}"


class SlotQuerySet(models.QuerySet):
    def in_force(self):
        """The slots of the arrangement in force that hold a story readers may see now: a
        story unpublished (or not yet live) leaves its slot to the rule."""
        current = Arrangement.objects.in_force().values("pk")[:1]
        return self.filter(arrangement=current, article__in=Article.objects.published())


class Slot(models.Model):
    class Zone(models.TextChoices):
        LEAD = "lead", "Lead story"
        TOP = "top", "Top stories"
        TOPIC = "topic", "Topic block"

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="slots")
    zone = models.CharField(max_length=10, choices=Zone.choices, default=Zone.TOP)
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text="For a topic block: which main topic's.",
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(
        default=1, help_text=f"1 is first. Top stories: 1 to {TOP_STORIES}; a topic block: "
        f"1 to {TOPIC_STORIES}.",
    )  # fmt: skip
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name="story"
    )

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["zone", "topic", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["arrangement", "zone", "position"], condition=Q(topic__isnull=True),
                name="frontpage_one_story_per_slot",
            ),
            models.UniqueConstraint(
                fields=["arrangement", "topic", "position"], condition=Q(topic__isnull=False),
                name="frontpage_one_story_per_topic_slot",
            ),
            models.UniqueConstraint(
                fields=["arrangement", "article"], name="frontpage_story_placed_once"
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.get_zone_display()} {self.position}: {self.article_id}"

    @property
    def size(self):
        """How many slots the zone has."""
        return {self.Zone.LEAD: 1, self.Zone.TOP: TOP_STORIES}.get(self.zone, TOPIC_STORIES)

    def clean(self):
        errors = {}
        if self.zone == self.Zone.TOPIC and self.topic is None:
            errors["topic"] = "Choose the main topic whose block this story goes in."
        if self.zone != self.Zone.TOPIC and self.topic is not None:
            errors["topic"] = "Only a topic block has a topic: leave it empty."
        if self.topic is not None and not self.topic.on_home_page:
            errors["topic"] = f"{self.topic} is not a main topic: it has no block on the page."
        if not 1 <= (self.position or 0) <= self.size:
            slots = "one slot: its position is 1" if self.size == 1 else f"slots 1 to {self.size}"
            errors["position"] = f"{self.get_zone_display()} has {slots}."
        if self.article_id is not None and self.article.status != Article.Status.PUBLISHED:
            state = {"draft": "a draft", "review": "in review"}.get(
                self.article.status, self.article.get_status_display().lower()
            )
            errors["article"] = (
                f"“{self.article}” is {state}: only a published or scheduled story can be placed."
            )
        if errors:
            raise ValidationError(errors)
