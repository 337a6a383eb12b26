import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.images.tests.base import ImagesTestCase


def without_token(response):
    return re.sub(rb'name="(?:csrfmiddlewaretoken|token)" value="[^"]*"', b"", response.content)


class ArticlePageTestCase(ImagesTestCase):
    """Needs the wiring: `select_related("lead_image")` in for_article_page() and
    `{% include "images/_lead.html" %}` in pages/_article_main.html."""

    def get_page(self):
        url = self.article.get_absolute_url()
        with CaptureQueriesContext(connection) as rendering:
            r = self.client.get(url)
        with CaptureQueriesContext(connection) as stored:
            again = self.client.get(url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(without_token(again), without_token(r))
        for queries in (rendering, stored):
            own = [q["sql"] for q in queries if q["sql"].startswith('SELECT "images_leadimage"')]
            self.assertEqual(own, [], "the lead image should come with the article")
        return r

    def test_the_article_page_shows_the_lead_image(self):
        self.save_lead_image()
        r = self.get_page()
        self.assertContains(r, '<figure class="lead-image">')
        self.assertContains(r, 'alt="Negotiators shake hands across a long table"')

    def test_the_lead_image_has_its_caption_and_credit_under_it(self):
        self.save_lead_image()
        r = self.get_page()
        html = r.content.decode()
        figure = html[html.index('<figure class="lead-image">') : html.index("</figure>")]
        self.assertLess(figure.index("<picture>"), figure.index("<figcaption>"))
        self.assertInHTML(
            '<figcaption><span class="caption">The talks resumed on Monday.</span> '
            '<span class="credit">Photo: Jane Doe / Agency</span></figcaption>',
            figure,
        )

    def test_an_article_without_a_lead_image_shows_none(self):
        r = self.get_page()
        self.assertNotContains(r, "lead-image")
