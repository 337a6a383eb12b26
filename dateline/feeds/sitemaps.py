"""Sitemaps for search engines: an index, articles and topics with lastmod (split at the
protocol's 50,000 URLs per file by Django's paginator), and a Google News sitemap."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, OuterRef, Q, Subquery

from dateline.articles.models import Article
from dateline.related.models import Story
from dateline.topics.models import Topic

# The protocol's limit, see https://www.sitemaps.org/protocol.html#index
URLS_PER_FILE = 50_000


class ArticleSitemap(Sitemap):
    limit = URLS_PER_FILE

    def items(self):
        return (
            Article.objects.published()
            .select_related("primary_topic")
            .only("slug", "published_at", "updated_at", "primary_topic__slug")
            .order_by("pk")
        )

    def lastmod(self, article):
        return article.updated_at if article.was_updated else article.published_at


class TopicSitemap(Sitemap):
    limit = URLS_PER_FILE

    def items(self):
        newest = (
            Article.objects.published()
            .filter(Q(primary_topic=OuterRef("pk")) | Q(topics=OuterRef("pk")))
            .order_by()
            .values("status")
            .annotate(newest=Max("published_at"))
            .values("newest")[:1]
        )
        return Topic.objects.annotate(newest=Subquery(newest)).order_by("pk")

    def lastmod(self, topic):
        return topic.newest


class StorySitemap(Sitemap):
    """The pages of stories with a published article, dated by their newest."""

    limit = URLS_PER_FILE

    def items(self):
        newest = (
            Article.objects.published()
            .filter(story_member__story=OuterRef("pk"))
            .order_by()
            .values("status")
            .annotate(newest=Max("published_at"))
            .values("newest")[:1]
        )
        return (
            Story.objects.annotate(newest=Subquery(newest))
            .filter(newest__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, story):
        return story.newest


SITEMAPS = {"articles": ArticleSitemap, "topics": TopicSitemap, "stories": StorySitemap}
