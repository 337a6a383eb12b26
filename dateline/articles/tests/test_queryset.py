from datetime import timedelta

from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.test import BaseTestCase


class PublishedTestCase(BaseTestCase):
    def test_it_includes_published_articles_whose_time_has_come(self):
        article = self.make_article(published_at=now() - timedelta(minutes=1))
        self.assertEqual(list(Article.objects.published()), [article])

    def test_it_excludes_drafts(self):
        self.make_article(status=Article.Status.DRAFT)
        self.assertFalse(Article.objects.published().exists())

    def test_it_excludes_scheduled_articles_until_their_time(self):
        article = self.make_article(published_at=now() + timedelta(seconds=30))
        self.assertFalse(Article.objects.published().exists())

        # No job runs: the same row becomes visible once the clock passes its time.
        Article.objects.filter(pk=article.pk).update(published_at=now() - timedelta(seconds=1))
        self.assertEqual(list(Article.objects.published()), [article])


class InTopicTestCase(BaseTestCase):
    def test_it_finds_articles_by_primary_and_further_topics_once_each(self):
        climate = self.make_topic("Climate")
        primary = self.make_article("Primary in climate", topic=climate)
        further = self.make_article("Further in climate", topics=[climate])
        both = self.make_article("Both ways", topic=climate, topics=[climate])
        self.make_article("Elsewhere")

        found = list(Article.objects.in_topic(climate))

        self.assertCountEqual(found, [primary, further, both])


class ByAuthorTestCase(BaseTestCase):
    def test_it_finds_articles_credited_to_an_author(self):
        bruno = self.make_author("Bruno Byline")
        shared = self.make_article("Shared byline", authors=[self.alice_author, bruno])
        self.make_article("Alice alone")

        self.assertEqual(list(Article.objects.by_author(bruno)), [shared])
