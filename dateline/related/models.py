from django.db import models
from django.urls import reverse
from django.utils.timezone import now

from dateline.articles.models import Article


class RelatedLinkQuerySet(models.QuerySet):
    def for_block(self, article):
        """The "You May Also Like" block of `article`: one query, live articles only."""
        return self.live_or_scheduled(article).filter(related__published_at__lte=now())

    def live_or_scheduled(self, article):
        """`article`'s list with the stories in it that are scheduled to go live: a block
        stored with the article page's parts ends when the first of them does."""
        return (
            self.filter(article=article, related__status=Article.Status.PUBLISHED)
            # The lead image too: the block's cards show its small rendition.
            .select_related("related__primary_topic", "related__lead_image")
            .order_by("position")
        )


class RelatedLink(models.Model):
    """One entry of an article's stored related list, computed at publish time."""

    class Reason(models.TextChoices):
        PINNED = "pinned", "Pinned by an editor"
        SIMILAR = "similar", "Similar story"
        LATEST = "latest-in-topic", "Latest in the same topic"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_links")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField()
    score = models.FloatField()
    reason = models.CharField(max_length=20, choices=Reason.choices)

    objects = RelatedLinkQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="one_link_per_pair")
        ]
        indexes = [models.Index(fields=["related"], name="relatedlink_related")]

    def __str__(self):
        return f"{self.article_id} -> {self.related_id} ({self.reason})"


class RelatedChoice(models.Model):
    """An editor's say over one article's block: pin a story into it, or keep one out."""

    class Kind(models.TextChoices):
        PIN = "pin", "Pin into the block"
        EXCLUDE = "exclude", "Keep out of the block"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="related_choices")
    other = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", verbose_name="story"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PIN)
    position = models.PositiveSmallIntegerField(default=0, help_text="Order of pinned stories.")

    class Meta:
        ordering = ["kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "other"], name="one_choice_per_pair")
        ]
        verbose_name = "related story choice"

    def __str__(self):
        return f"{self.get_kind_display()}: {self.other_id}"


class ArticleTerm(models.Model):
    """An article's signature, one strong term per row: an inverted index in the database,
    so finding the stories that share terms with a new one is one SQL query."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    term = models.CharField(max_length=64)
    weight = models.FloatField()

    class Meta:
        # (The foreign key has its own index on article.) rebuild.py drops and remakes the
        # term index around a full rebuild: keep its name in step.
        indexes = [models.Index(fields=["term"], name="articleterm_term")]

    def __str__(self):
        return f"{self.article_id}: {self.term} {self.weight:.3f}"


class TermStatistic(models.Model):
    """In how many articles a term appears (its document frequency), for IDF."""

    term = models.CharField(max_length=64, primary_key=True)
    documents = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.term}: {self.documents}"


class RelatedIndexState(models.Model):
    """One row: how many articles the statistics count, and where a rebuild stands, so an
    interrupted `rebuild_related` carries on where it stopped."""

    class Phase(models.TextChoices):
        IDLE = "idle", "Idle"
        SIGNATURES = "signatures", "Signing articles"
        LISTS = "lists", "Computing lists"

    documents = models.PositiveIntegerField(default=0)
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.IDLE)
    last_article_id = models.BigIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.phase} after {self.last_article_id}"

    @classmethod
    def get(cls):
        state, _ = cls.objects.get_or_create(pk=1)
        return state


class Story(models.Model):
    """A developing story followed across articles ("More on this story"). Dateline groups
    articles into stories at publish time and in `rebuild_related`; editors rename, merge,
    split and move articles in or out, and their decisions stick through rebuilds."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    named_by_editor = models.BooleanField(
        default=False, editable=False, help_text="Rebuilds keep the name an editor gave."
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        verbose_name_plural = "stories"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("stories:story", args=[self.slug])


class StoryMemberQuerySet(models.QuerySet):
    def live(self):
        return self.filter(
            article__status=Article.Status.PUBLISHED, article__published_at__lte=now()
        )


class StoryMember(models.Model):
    """An article's place in a story (an article is in one story at most)."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="story_member")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="members")
    by_editor = models.BooleanField(
        default=False, help_text="Put here by an editor: rebuilds leave it where it is."
    )

    objects = StoryMemberQuerySet.as_manager()

    def __str__(self):
        return f"{self.article_id} in {self.story_id}"


class StoryExclusion(models.Model):
    """An editor took this article out of this story: it is never put back automatically."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="exclusions")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "story"], name="one_exclusion_per_pair")
        ]

    def __str__(self):
        return f"{self.article_id} not in {self.story_id}"


class StoryNeighbour(models.Model):
    """One of an article's STORY_NEIGHBOURS nearest articles by text, with their story
    similarity: the graph stories are grouped on. Kept up to date at publish time (a new
    article enters the lists of the articles it is nearest to), so that one publish can
    group its neighbourhood again as a rebuild would, without searching for its
    neighbours' neighbours."""

    # No foreign-key constraints in the database (Django still deletes the rows with their
    # article): a rebuild writes 800,000 rows at 100,000 articles, and checking each
    # against the articles table took SQLite ten times as long as writing it. The unique
    # constraint's index serves lookups by article.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    other = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    text = models.FloatField(help_text="Cosine of the two signatures: what ranks the list.")
    value = models.FloatField(help_text="Story similarity (scoring.story_similarity).")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "other"], name="one_neighbour_per_pair")
        ]

    def __str__(self):
        return f"{self.article_id} near {self.other_id}"
