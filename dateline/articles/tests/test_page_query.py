"""The article page's hand-written query (articles/page_query.py) gives what the ORM's
`published().for_article_page()` gives, and nothing it holds costs a query later."""

from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist
from django.test import Client
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.page_query import page_article
from dateline.images.tests.base import ImagesTestCase


def through_the_orm(slug):
    return Article.objects.published().for_article_page().filter(slug=slug).first()


def fields_of(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


class PageQueryTestCase(ImagesTestCase):
    def assert_same_as_the_orm(self, slug):
        expected = through_the_orm(slug)
        with self.assertNumQueries(1):
            found = page_article(slug)
        with self.assertNumQueries(0):
            self.assertEqual(fields_of(found), fields_of(expected))
            self.assertEqual(fields_of(found.primary_topic), fields_of(expected.primary_topic))
            for name in ("lead_image", "page_parts"):
                try:
                    related = getattr(expected, name)
                except ObjectDoesNotExist:
                    with self.assertRaises(ObjectDoesNotExist):
                        getattr(found, name)  # known to be absent: no query
                else:
                    self.assertEqual(fields_of(getattr(found, name)), fields_of(related))
        return found

    def test_an_article_without_picture_or_stored_parts(self):
        found = self.assert_same_as_the_orm(self.article.slug)
        self.assertTrue(found.published_at.tzinfo)  # aware, as the ORM's

    def test_an_article_with_its_picture_and_stored_parts(self):
        self.save_lead_image()
        Client().get(self.article.get_absolute_url())  # the first view stores the parts
        found = self.assert_same_as_the_orm(self.article.slug)
        self.assertTrue(found.lead_image.renditions)  # JSON, read as the ORM reads it
        self.assertIn("<!doctype html>", found.page_parts.top)

    def test_only_what_readers_may_see(self):
        scheduled = self.make_article("Next week's budget", published_at=now() + timedelta(days=2))
        draft = self.make_article("A draft", status=Article.Status.DRAFT)
        for article in (scheduled, draft):
            self.assertIsNone(page_article(article.slug))
        self.assertIsNone(page_article("no-such-story"))
