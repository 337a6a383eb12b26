"""What `import_wordpress` remembers: which WordPress post, comment and author became which
Dateline article, comment and author (so that running it again updates instead of
duplicating), and the old addresses that must keep working."""

from django.db import models

from dateline.articles.models import Article
from dateline.authors.models import Author
from dateline.comments.models import Comment

# Post and comment ids are unique within one WordPress site only: `site` is the site's
# address without the scheme, e.g. "example.com/blog".
SITE_LENGTH = 200


class ImportedPostQuerySet(models.QuerySet):
    def with_live_articles(self):
        return self.filter(article__in=Article.objects.published())


class ImportedPost(models.Model):
    site = models.CharField(max_length=SITE_LENGTH)
    wp_id = models.PositiveBigIntegerField("WordPress post ID")
    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="wordpress_post")
    permalink = models.CharField(max_length=500, blank=True)
    # The status the import last gave the article: when an editor has changed it since,
    # importing again leaves the editor's choice alone.
    imported_status = models.CharField(max_length=20, blank=True)
    featured_image_url = models.CharField(
        max_length=500, blank=True, help_text="The featured image on the WordPress site."
    )
    lead_image_source = models.CharField(
        max_length=500,
        blank=True,
        help_text="The file under wp-content/uploads that became the lead image.",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ImportedPostQuerySet.as_manager()

    class Meta:
        verbose_name = "imported WordPress post"
        constraints = [
            models.UniqueConstraint(fields=["site", "wp_id"], name="one_import_per_wordpress_post")
        ]

    def __str__(self):
        return f"{self.site} post {self.wp_id} -> article {self.article_id}"


class ImportedComment(models.Model):
    site = models.CharField(max_length=SITE_LENGTH)
    wp_id = models.PositiveBigIntegerField("WordPress comment ID")
    comment = models.OneToOneField(
        Comment, on_delete=models.CASCADE, related_name="wordpress_comment"
    )
    # As for posts: a moderator's later verdict survives another import.
    imported_status = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = "imported WordPress comment"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "wp_id"], name="one_import_per_wordpress_comment"
            )
        ]

    def __str__(self):
        return f"{self.site} comment {self.wp_id} -> comment {self.comment_id}"


class ImportedAuthor(models.Model):
    site = models.CharField(max_length=SITE_LENGTH)
    login = models.CharField("WordPress login", max_length=150)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="wordpress_logins")

    class Meta:
        verbose_name = "imported WordPress author"
        constraints = [
            models.UniqueConstraint(fields=["site", "login"], name="one_import_per_wordpress_login")
        ]

    def __str__(self):
        return f"{self.site} {self.login} -> {self.author}"


class WordPressRedirectQuerySet(models.QuerySet):
    def to_live_articles(self):
        """Only redirects readers can follow: a 301 is cached for good, so never send one
        to a page that would answer 404 (a draft, a scheduled story)."""
        return self.filter(article__in=Article.objects.published())


class WordPressRedirect(models.Model):
    """An imported post's old address (its permalink's path, e.g. /2013/01/10/some-post/):
    a request for it gets a 301 to the article."""

    old_path = models.CharField(max_length=500, unique=True)
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="wordpress_redirects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WordPressRedirectQuerySet.as_manager()

    class Meta:
        verbose_name = "old WordPress address"
        verbose_name_plural = "old WordPress addresses"

    def __str__(self):
        return f"{self.old_path} -> {self.article_id}"
