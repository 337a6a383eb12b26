from django.db import models

from dateline.articles.models import Article

WEBP, JPEG = "webp", "jpeg"


def lead_image_of(article):
    """The article's lead image, or None when it has none.

    No query when the article was fetched with `select_related("lead_image")`: Django then
    remembers "no lead image" too, and `article.lead_image` raises without asking again.
    """
    try:
        return article.lead_image
    except (LeadImage.DoesNotExist, AttributeError):
        return None


class Picture(models.Model):
    """What a lead image and a library image share: the uploaded original, the words that go
    with it, and the resized copies readers get.

    Readers never get the uploaded original (it may carry camera and location metadata):
    pages show `renditions`, made once per upload by `renditions.generate_renditions`.
    """

    alt_text = models.CharField(
        "alt text",
        max_length=250,
        help_text=(
            "What the photo shows, for readers who can't see it: who, what, where, in a "
            "sentence. Don't begin with \"Photo of\", and don't repeat the caption or the "
            "credit."
        ),
    )
    caption = models.CharField(
        max_length=500, blank=True, help_text="Optional: shown under the photo."
    )
    credit = models.CharField(
        max_length=200, help_text='Who took or owns the photo, e.g. "Photo: Jane Doe / Agency".'
    )
    # The upright size (after the camera's orientation tag is applied), in pixels.
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    # [{"width": 800, "height": 533, "format": "webp", "name": "<storage name>"}, ...]
    renditions = models.JSONField(default=list, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Where the resized copies go in storage, each picture's under its id.
    renditions_dir = ""

    class Meta:
        abstract = True

    def __str__(self):
        return self.alt_text

    @property
    def is_ready(self):
        """Whether readers can be shown it: the renditions exist."""
        return bool(self.webp_renditions) and self.fallback is not None

    @property
    def webp_renditions(self):
        return sorted(
            (self._with_url(r) for r in self.renditions if r["format"] == WEBP),
            key=lambda r: r["width"],
        )

    @property
    def webp_srcset(self):
        return ", ".join(f"{r['url']} {r['width']}w" for r in self.webp_renditions)

    @property
    def fallback(self):
        """The JPEG for browsers without WebP; also the `<img>`'s width and height."""
        for rendition in self.renditions:
            if rendition["format"] == JPEG:
                return self._with_url(rendition)
        return None

    @property
    def thumbnail(self):
        """The smallest rendition, for the admin's preview."""
        renditions = self.webp_renditions
        return renditions[0] if renditions else None

    def stored_names(self):
        """Every file this picture keeps in storage: the original and its renditions."""
        names = [rendition["name"] for rendition in self.renditions]
        if self.image.name:
            names.insert(0, self.image.name)
        return names

    def _with_url(self, rendition):
        return {**rendition, "url": self.image.storage.url(rendition["name"])}


class LeadImage(Picture):
    """The photo at the top of an article."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="lead_image")
    image = models.ImageField(
        upload_to="lead/%Y/%m/",
        max_length=255,
        help_text="The original photo; readers get resized copies made from it.",
    )

    renditions_dir = "lead/renditions"

    class Meta:
        verbose_name = "lead image"

    def shown_in(self):
        """The ids of the articles whose pages show it."""
        return [self.article_id]


class LibraryImageQuerySet(models.QuerySet):
    def matching(self, words):
        """The images whose caption, credit, alt text or original file name has each word:
        what the library's search box and the body editor's picker look for."""
        found = self
        for word in words.split():
            found = found.filter(
                models.Q(caption__icontains=word)
                | models.Q(credit__icontains=word)
                | models.Q(alt_text__icontains=word)
                | models.Q(original_filename__icontains=word)
            )
        return found

    def newest_first(self):
        return self.order_by("-created_at", "-pk")


class LibraryImage(Picture):
    """A picture in the media library, for article bodies: uploaded once, placed in as
    many stories as need it (body_pictures.py), with the words that go with it kept here, so
    a corrected caption shows in every story at once."""

    image = models.ImageField(
        upload_to="library/%Y/%m/",
        max_length=255,
        help_text="The original picture; readers get resized copies made from it.",
    )
    # As the editor's computer called it: searched, and shown in the library's list.
    original_filename = models.CharField("file name", max_length=255, blank=True, editable=False)

    renditions_dir = "library/renditions"

    objects = LibraryImageQuerySet.as_manager()

    class Meta:
        verbose_name = "library image"
        ordering = ["-created_at", "-pk"]

    def shown_in(self):
        return list(self.uses.values_list("article_id", flat=True))


class LibraryImageUse(models.Model):
    """A story whose body shows a library image, kept by `services.record_picture_uses`
    whenever a body is saved. PROTECT: an image in use can't be deleted, and Django's
    admin lists these rows, that is the stories, when it refuses."""

    image = models.ForeignKey(LibraryImage, on_delete=models.PROTECT, related_name="uses")
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="library_image_uses"
    )

    class Meta:
        verbose_name = "story using it"
        verbose_name_plural = "stories using it"
        constraints = [
            models.UniqueConstraint(fields=["image", "article"], name="one_use_per_story")
        ]

    def __str__(self):
        return self.article.headline
