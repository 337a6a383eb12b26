import json
from datetime import timedelta

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.timezone import now
from django_prose_editor.fields import ProseEditorField

from dateline.articles.sanitize import sanitize_html
from dateline.articles.text import make_excerpt, story_text
from dateline.authors.models import Author
from dateline.topics.models import Topic

# What the body editor offers; the server-side allowlist (sanitize.py) has the last word.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Link": {"enableTarget": False},
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    # A picture from the media library, placed with its toolbar button. The images app
    # brings the extension (the newsroom's body widget loads it) and shows the pictures.
    "BodyPicture": True,
}


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What readers may see: published, and not scheduled for later.

        Scheduling needs no cron job: an article whose time has not come is simply
        filtered out until it has.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=at or now())

    def published_or_scheduled(self):
        """Published, whether readers see it already or only from its time on."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__isnull=False)

    def in_topic(self, topic):
        # A subquery, not a join with DISTINCT: counting a topic page's articles over a
        # DISTINCT of every column (bodies included) took 200 ms at 100,000 articles.
        tagged = Article.topics.through.objects.filter(topic=topic).values("article_id")
        return self.filter(Q(primary_topic=topic) | Q(pk__in=tagged))

    def by_author(self, author):
        return self.filter(authors=author)

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def with_bylines(self):
        return self.prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author"))
        )

    def for_listing(self):
        """Everything a card in a list shows, in a fixed number of queries: the lead image
        too, whose small rendition the card shows (images/_card_picture.html)."""
        return self.select_related("primary_topic", "lead_image").with_bylines().newest_first()

    def for_article_page(self):
        """The article page's query: the article, its primary topic, lead image and stored
        parts (pages/parts.py). The rest of what rendering the parts reads comes with
        `rendering_prefetches`."""
        return self.select_related("primary_topic", "lead_image", "page_parts")

    def for_rendering(self):
        """Everything the story shows (the API's article too), in a fixed number of queries."""
        return self.select_related("primary_topic", "lead_image").prefetch_related(
            *rendering_prefetches()
        )


def updates_oldest_first():
    ArticleUpdate = Article._meta.get_field("updates").related_model
    return ArticleUpdate.objects.order_by("created_at", "pk")


def rendering_prefetches():
    return [
        Prefetch("bylines", queryset=Byline.objects.select_related("author")),
        "topics",
        # The public log of updates and corrections (newsroom.ArticleUpdate), oldest first,
        # reached through its relation, as the page shows it.
        Prefetch("updates", queryset=updates_oldest_first()),
    ]


# Every save keeps a revision of the article and its byline rows (topics are part of the
# article); registered here, before the admin, so the admin follows only the bylines.
@reversion.register(follow=["bylines"])
class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        # Published with a future publication time reads as "Scheduled": readers see it
        # from that time on, with no job needed to flip a status.
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the article's address."
    )
    dek = models.TextField(
        "summary",
        max_length=400,
        blank=True,
        help_text="One or two sentences under the headline; also used in lists and feeds.",
    )
    body = ProseEditorField(
        extensions=EDITOR_EXTENSIONS,
        sanitize=sanitize_html,
        help_text="Anything outside the allowlist (scripts, event handlers, javascript: links) "
        "is removed on save.",
    )
    primary_topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="primary_articles",
        help_text="Shown above the headline (the kicker) and part of the address.",
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="articles", verbose_name="further topics"
    )
    authors = models.ManyToManyField(Author, through="Byline", related_name="articles")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publication time",
        null=True,
        blank=True,
        help_text="A time in the future schedules the article: readers see it from then on.",
    )
    updated_at = models.DateTimeField(
        "last updated",
        null=True,
        blank=True,
        help_text='Set for substantive updates only; drives the public "last updated" line.',
    )
    comments_open = models.BooleanField(
        default=True, help_text="Untick to close comments on this article now."
    )
    # Kept by the comment services so that lists show counts without a query per article.
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    excerpt = models.CharField(
        max_length=400, blank=True, editable=False, help_text="About 20 words, made on save."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            # With the primary topic in it, a topic page counts its stories (pagination)
            # from the index alone instead of reading every published article's row:
            # 23 -> 2 ms at 10,000 articles on SQLite.
            models.Index(
                fields=["status", "-published_at", "primary_topic"], name="article_status_pub_topic"
            )
        ]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish articles"),
            ("edit_any_article", "Can edit articles by anyone"),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if self.pk:
            self.remember_old_slug()
        self.body = sanitize_html(self.body)
        self.excerpt = make_excerpt(self.dek or story_text(self.body))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"body", "dek"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "excerpt"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.primary_topic.slug, self.slug])

    def remember_old_slug(self):
        """Links to a published article's old address keep working (301 to the new one)."""
        old = Article.objects.filter(pk=self.pk).values_list("slug", "published_at").first()
        if old and old[0] != self.slug and old[1] is not None:
            SlugHistory.objects.update_or_create(slug=old[0], defaults={"article": self})
            SlugHistory.objects.filter(slug=self.slug).delete()

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > now()
        )

    @property
    def workflow_state(self):
        return "Scheduled" if self.is_scheduled else self.get_status_display()

    @property
    def is_live(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now()
        )

    @property
    def comments_are_open(self):
        if not self.comments_open:
            return False
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        if not days or self.published_at is None:
            return True
        return self.published_at >= now() - timedelta(days=days)

    @property
    def was_updated(self):
        """Whether to show "This post was last updated on ...": only after publication."""
        return bool(self.published_at and self.updated_at and self.updated_at > self.published_at)

    @property
    def byline_authors(self):
        return [byline.author for byline in self.bylines.all()]

    @property
    def further_topics(self):
        return [topic for topic in self.topics.all() if topic.pk != self.primary_topic_id]


@reversion.register()
class Byline(models.Model):
    """An author's credit on an article; `position` keeps the order of names in the byline."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="one_byline_per_author")
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


class SlugHistory(models.Model):
    """An address an article had before its slug changed."""

    slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "slug history"

    def __str__(self):
        return f"{self.slug} -> {self.article_id}"


class ArticlePageParts(models.Model):
    """An article's page as every reader sees it, as HTML in parts: the page around its
    comment section, the section's frame, the first page of its comments and the blank
    comment form. A page view joins them to what is made for each request (the reader's
    tokens in the form, addresses with the site's host) instead of rendering them again;
    pages/parts.py says when they are made and when a change throws them away."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="page_parts"
    )
    # Raised by every change that throws the parts away: a page rendered from what was
    # read before the change is not kept (pages/parts.py, `store`).
    version = models.PositiveIntegerField(default=0)
    # None: thrown away, to be made again by the next page view.
    built_at = models.DateTimeField(null=True)
    expires_at = models.DateTimeField(null=True)
    # The comment list shows "Reply" links only while comments are open, which ends on a
    # date (COMMENTS_CLOSE_AFTER_DAYS): parts made before that no longer serve after it.
    comments_open = models.BooleanField(db_default=False)
    # The templates, static files and settings they were made with (parts.build()).
    build = models.CharField(max_length=16, db_default="")
    # The page from <!doctype> to the comment section, and from there to the end.
    top = models.TextField(db_default="")
    bottom = models.TextField(db_default="")
    # The comment section with marks for the comments and the form.
    section = models.TextField(db_default="")
    comments = models.TextField(db_default="")
    # The blank comment form, with marks for the two tokens each reader gets their own of.
    form = models.TextField(db_default="")
    # The related stories' ids (the page's cache tags) and the marks' random prefix, as
    # JSON text.
    data = models.TextField(db_default="")

    class Meta:
        verbose_name_plural = "article page parts"

    def __str__(self):
        return f"Page parts of article {self.article_id}"

    @cached_property
    def values(self):
        return json.loads(self.data)
