"""PreparedQuery (dateline/db.py) gives what the queryset it was made from gives."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from dateline.articles.models import Article, ArticlePageParts, page_article
from dateline.test import BaseTestCase

COMPARED = ["pk", "slug", "headline", "dek", "body", "status", "published_at", "updated_at"]


class PreparedQueryTestCase(BaseTestCase):
    def orm(self, slug):
        return Article.objects.published().for_article_page().filter(slug=slug).first()

    def assertSameArticle(self, prepared, orm):
        self.assertEqual(
            [getattr(prepared, name) for name in COMPARED],
            [getattr(orm, name) for name in COMPARED],
        )
        self.assertEqual(prepared.primary_topic.name, orm.primary_topic.name)

    def test_it_finds_the_article_the_queryset_finds_in_one_query(self):
        article = self.make_article("Census counts every island", body="<p>Counted.</p>")
        self.client.get(article.get_absolute_url())  # stores the page parts
        with CaptureQueriesContext(connection) as queries:
            found = page_article(article.slug)
            topic, parts = found.primary_topic, found.page_parts
        self.assertEqual(len(queries), 1)
        self.assertSameArticle(found, self.orm(article.slug))
        self.assertEqual(topic, self.world)
        self.assertEqual(parts, ArticlePageParts.objects.get(article=article))
        self.assertEqual(parts.values, ArticlePageParts.objects.get(article=article).values)
        # Dates come back as the ORM gives them: aware, in UTC.
        self.assertEqual(found.published_at.utcoffset(), timedelta(0))

    def test_each_call_uses_its_own_values(self):
        first = self.make_article("First of two")
        second = self.make_article("Second of two")
        self.assertEqual(page_article(first.slug).pk, first.pk)
        self.assertEqual(page_article(second.slug).pk, second.pk)
        self.assertIsNone(page_article("no-such-story"))

    def test_an_article_without_stored_parts_has_none(self):
        article = self.make_article("Parts not made yet")
        ArticlePageParts.objects.filter(article=article).delete()
        found = page_article(article.slug)
        with self.assertRaises(ArticlePageParts.DoesNotExist):
            found.page_parts  # noqa: B018

    def test_the_time_is_a_value_too_so_a_scheduled_story_appears_when_due(self):
        soon = self.make_article("Not yet", status=Article.Status.DRAFT)
        Article.objects.filter(pk=soon.pk).update(
            status=Article.Status.PUBLISHED, published_at=now() + timedelta(minutes=5)
        )
        self.assertIsNone(page_article(soon.slug))
        Article.objects.filter(pk=soon.pk).update(published_at=now() - timedelta(seconds=1))
        self.assertEqual(page_article(soon.slug).pk, soon.pk)

    def test_drafts_and_unpublished_stories_are_not_found(self):
        draft = self.make_article("A draft", status=Article.Status.DRAFT)
        self.assertIsNone(page_article(draft.slug))
