from datetime import timedelta

from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.services import (
    publish_article,
    record_update,
    set_authors,
    unpublish_article,
)
from dateline.test import BaseTestCase


class PublishArticleTestCase(BaseTestCase):
    def test_it_publishes_a_draft_now(self):
        article = self.make_article(status=Article.Status.DRAFT)
        before = now()

        publish_article(article)

        article.refresh_from_db()
        self.assertEqual(article.status, Article.Status.PUBLISHED)
        self.assertGreaterEqual(article.published_at, before)
        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 200)

    def test_it_schedules_for_a_future_time(self):
        article = self.make_article(status=Article.Status.DRAFT)

        publish_article(article, at=now() + timedelta(days=1))

        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 404)

    def test_republishing_keeps_the_original_publication_time(self):
        first = now() - timedelta(days=3)
        article = self.make_article(published_at=first)
        unpublish_article(article)

        publish_article(article)

        article.refresh_from_db()
        self.assertEqual(article.published_at, first)


class UnpublishArticleTestCase(BaseTestCase):
    def test_it_takes_the_article_off_the_site(self):
        article = self.make_article()
        unpublish_article(article)
        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 404)


class RecordUpdateTestCase(BaseTestCase):
    def test_it_makes_the_last_updated_line_appear(self):
        article = self.make_article(published_at=now() - timedelta(days=1))
        self.assertNotContains(self.client.get(article.get_absolute_url()), "last updated")

        record_update(article)

        self.assertContains(self.client.get(article.get_absolute_url()), "last updated on")


class SetAuthorsTestCase(BaseTestCase):
    def test_it_replaces_the_byline_in_the_given_order(self):
        bruno = self.make_author("Bruno Byline")
        article = self.make_article()

        set_authors(article, [bruno, self.alice_author])

        self.assertEqual(article.byline_authors, [bruno, self.alice_author])
