from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.images.tests.base import ImagesTestCase


class ArticlePageTestCase(ImagesTestCase):
    """Needs the wiring: `select_related("lead_image")` in for_article_page() and
    `{% include "images/_lead.html" %}` in articles/detail.html."""

    def get_page(self):
        with CaptureQueriesContext(connection) as queries:
            r = self.client.get(self.article.get_absolute_url())
        self.assertEqual(r.status_code, 200)
        own_queries = [q["sql"] for q in queries if 'FROM "images_leadimage"' in q["sql"]]
        self.assertEqual(own_queries, [], "the lead image should come with the article")
        return r

    def test_the_article_page_shows_the_lead_image_without_a_query_of_its_own(self):
        self.save_lead_image()
        r = self.get_page()
        self.assertContains(r, '<figure class="lead-image">')
        self.assertContains(r, 'alt="Negotiators shake hands across a long table"')

    def test_an_article_without_a_lead_image_costs_no_query_either(self):
        r = self.get_page()
        self.assertNotContains(r, "lead-image")
