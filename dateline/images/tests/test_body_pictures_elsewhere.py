"""Library pictures where a body leaves the site: full-text feeds and the content API give
each as a plain `<img>` of its JPEG at an absolute address (what every feed reader and app
shows), with the library's current words; a picture whose image is gone is left out."""

import re

import feedparser
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from dateline.images.models import LibraryImage
from dateline.images.tests.base import ImagesTestCase

FIRST = "<p>Farmers counted their losses on Monday.</p>"


class BodyPicturesElsewhereTestCase(ImagesTestCase):
    def setUp(self):
        super().setUp()
        self.chart = self.add_to_library()
        self.place_in_body(self.article, self.chart, before=FIRST)
        self.jpeg = f"http://testserver{self.chart.fallback['url']}"

    @override_settings(FEEDS_FULL_TEXT=True)
    def test_full_text_feeds_give_the_picture_at_an_absolute_address(self):
        for url in ("/feeds/rss/", "/feeds/atom/", "/feeds/topics/world/rss/"):
            with self.subTest(url=url):
                feed = feedparser.parse(self.client.get(url).content)
                summary = feed.entries[0].summary
                img = re.search(r"<img [^>]*>", summary)[0]
                self.assertIn(f'src="{self.jpeg}"', img)
                self.assertIn('alt="Bar chart: the soy harvest fell by a third"', img)
                self.assertIn('width="800"', img)
                self.assertIn('height="450"', img)
                self.assertIn("The drought cut the harvest.", summary)
                self.assertIn("Dateline graphic", summary)
                self.assertIn("Farmers counted their losses", summary)

    @override_settings(FEEDS_FULL_TEXT=True)
    def test_a_feed_costs_one_query_for_all_its_pictures(self):
        def feed_queries():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get("/feeds/rss/").status_code, 200)
            return len([q for q in queries if "images_libraryimage" in q["sql"]])

        one = feed_queries()
        for n in range(4):
            others = [self.add_to_library(f"chart-{n}-{m}.png") for m in range(2)]
            self.place_in_body(self.make_article(f"Harvest story {n}"), *others)

        self.assertEqual((one, feed_queries()), (1, 1))

    def test_the_api_gives_the_picture_at_an_absolute_address_with_current_words(self):
        LibraryImage.objects.filter(pk=self.chart.pk).update(caption="Corrected caption.")

        body = self.client.get(f"/api/v1/articles/{self.article.pk}/").json()["body"]

        self.assertEqual(
            body,
            f'{FIRST}<figure class="body-picture" data-image="{self.chart.pk}"><img '
            f'src="{self.jpeg}" alt="Bar chart: the soy harvest fell by a third" width="800" '
            'height="450"><figcaption>Corrected caption. <small>Dateline graphic</small>'
            "</figcaption></figure>",
        )

    def test_the_api_leaves_out_a_picture_whose_image_is_gone(self):
        self.article.library_image_uses.all().delete()
        LibraryImage.objects.filter(pk=self.chart.pk).delete()

        body = self.client.get(f"/api/v1/articles/{self.article.pk}/").json()["body"]

        self.assertEqual(body, FIRST)
