"""Pictures from the media library inside an article's body, as readers get them: the body
stores a small figure naming the image, the article page shows the library's picture with
its renditions and current words (images/body_pictures.py, `with_pictures` in
pages/_article_main.html)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.articles.models import Article
from dateline.articles.sanitize import sanitize_html
from dateline.images import body_pictures
from dateline.images.body_pictures import figure_markup
from dateline.images.models import LibraryImage
from dateline.images.tests.base import ImagesTestCase

FIRST = "<p>Farmers counted their losses on Monday.</p>"
SECOND = "<p>The ministry will publish its estimate next week.</p>"


def body_of(response):
    html = response.content.decode()
    start = html.index('<div class="article-body">')
    return html[start : html.index("</div>", start)]


class BodyPicturesTestCase(ImagesTestCase):
    def setUp(self):
        super().setUp()
        self.chart = self.add_to_library()

    def test_the_body_stores_a_figure_naming_the_image(self):
        self.assertEqual(
            figure_markup(self.chart),
            f'<figure class="body-picture" data-image="{self.chart.pk}">'
            f'<img src="{self.chart.fallback["url"]}" alt="Bar chart: the soy harvest fell by a '
            'third" width="800" height="450"><figcaption>The drought cut the harvest. '
            "<small>Dateline graphic</small></figcaption></figure>",
        )

    def test_saving_a_story_with_pictures_again_changes_nothing(self):
        hostile = self.add_to_library(
            alt_text='A "quoted" <chart> & more',
            caption="Fish & chips, 'mostly'",
            credit="<b>AP</b>",
        )
        self.place_in_body(self.article, self.chart, hostile, before=FIRST, after=SECOND)
        stored = Article.objects.get(pk=self.article.pk).body

        self.assertEqual(sanitize_html(stored), stored)
        self.article.refresh_from_db()
        self.article.save()
        self.article.refresh_from_db()
        self.assertEqual(self.article.body, stored)
        self.assertEqual(body_pictures.image_ids_in(stored), [self.chart.pk, hostile.pk])

    def test_a_story_that_opens_with_a_picture_is_summed_up_in_its_own_words(self):
        self.article.dek = ""
        self.place_in_body(self.article, self.chart, before="", after=FIRST)

        excerpt = Article.objects.get(pk=self.article.pk).excerpt
        self.assertTrue(excerpt.startswith("Farmers counted their losses"), excerpt)
        self.assertNotIn("drought", excerpt)

    def test_the_article_page_shows_the_picture_where_it_was_placed(self):
        self.place_in_body(self.article, self.chart, before=FIRST, after=SECOND)

        body = body_of(self.client.get(self.article.get_absolute_url()))

        self.assertLess(body.index(FIRST), body.index("<figure"))
        self.assertLess(body.index("</figure>"), body.index(SECOND))
        self.assertNotIn("data-image", body)

    def test_it_loads_lazily_from_webp_renditions_with_its_size_set(self):
        self.place_in_body(self.article, self.chart, before=FIRST)
        webp = {r["width"]: r["url"] for r in self.chart.webp_renditions}
        fallback = self.chart.fallback

        body = body_of(self.client.get(self.article.get_absolute_url()))

        source = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', body)
        self.assertEqual(source[1], f"{webp[480]} 480w, {webp[800]} 800w, {webp[1200]} 1200w")
        self.assertEqual(source[2], "(min-width: 44rem) 42rem, calc(100vw - 2rem)")
        self.assertInHTML(
            f'<img src="{fallback["url"]}" width="800" height="450" '
            'alt="Bar chart: the soy harvest fell by a third" loading="lazy" decoding="async">',
            body,
        )
        self.assertIn('<figure class="body-picture">', body)

    def test_its_caption_and_credit_are_under_it_as_under_the_lead_image(self):
        untitled = self.add_to_library("map.png", caption="")
        self.place_in_body(self.article, self.chart, untitled)

        body = body_of(self.client.get(self.article.get_absolute_url()))

        self.assertInHTML(
            '<figcaption><span class="caption">The drought cut the harvest.</span> '
            '<span class="credit">Dateline graphic</span></figcaption>',
            body,
        )
        self.assertInHTML(
            '<figcaption><span class="credit">Dateline graphic</span></figcaption>', body
        )

    def test_readers_get_the_librarys_current_words(self):
        self.place_in_body(self.article, self.chart)
        LibraryImage.objects.filter(pk=self.chart.pk).update(
            caption="Corrected: the drought cut the harvest by a third.", alt_text="A new alt"
        )

        body = body_of(self.client.get(self.article.get_absolute_url()))

        self.assertIn("Corrected: the drought cut the harvest by a third.", body)
        self.assertIn('alt="A new alt"', body)
        self.assertNotIn("The drought cut the harvest.", body)

    def test_a_picture_whose_image_is_gone_is_left_out(self):
        self.place_in_body(self.article, self.chart, before=FIRST, after=SECOND)
        self.article.library_image_uses.all().delete()
        LibraryImage.objects.filter(pk=self.chart.pk).delete()

        r = self.client.get(self.article.get_absolute_url())

        self.assertEqual(r.status_code, 200)
        self.assertEqual(body_of(r).split(">", 1)[1].strip(), FIRST + SECOND)

    def test_a_picture_without_renditions_yet_is_left_out(self):
        self.place_in_body(self.article, self.chart, before=FIRST)
        LibraryImage.objects.filter(pk=self.chart.pk).update(renditions=[])

        body = body_of(self.client.get(self.article.get_absolute_url()))

        self.assertNotIn("<figure", body)
        self.assertNotIn("<img", body)
        self.assertIn(FIRST, body)

    def test_one_query_for_every_picture_in_a_body_and_none_without(self):
        others = [self.add_to_library(f"chart-{n}.png") for n in range(3)]
        one = figure_markup(self.chart)
        many = "".join(figure_markup(image) for image in [self.chart, *others, self.chart])

        with self.assertNumQueries(0):
            body_pictures.for_page(FIRST + SECOND)
        with self.assertNumQueries(1):
            body_pictures.for_page(one)
        with self.assertNumQueries(1):
            shown = body_pictures.for_page(many)
        self.assertEqual(shown.count("<picture>"), 5)

    def test_the_article_page_costs_one_query_more_with_pictures_however_many(self):
        def first_view_queries(article):
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 200)
            return len(queries)

        plain = self.make_article("Harvest talks", body=FIRST)
        one = self.place_in_body(self.make_article("Harvest losses"), self.chart)
        others = [self.add_to_library(f"chart-{n}.png") for n in range(3)]
        several = self.place_in_body(self.make_article("Harvest in charts"), *others)
        self.client.get(self.article.get_absolute_url())  # the navigation, cached from now on

        counts = [first_view_queries(article) for article in (plain, one, several)]

        self.assertEqual(counts, [counts[0], counts[0] + 1, counts[0] + 1])

    def test_an_id_too_long_for_any_image_is_no_error(self):
        self.article.body = figure_markup(self.chart).replace(str(self.chart.pk), "9" * 30)
        self.article.save()

        r = self.client.get(self.article.get_absolute_url())

        self.assertEqual(r.status_code, 200)
        self.assertFalse(self.article.library_image_uses.exists())

    def test_a_figure_not_written_by_the_editor_is_left_as_stored(self):
        nested = (
            f'<figure class="body-picture" data-image="{self.chart.pk}"><figure><img src="/x.jpg" '
            'alt="x"></figure></figure>'
        )
        self.assertEqual(body_pictures.for_page(nested), nested)
        self.assertEqual(body_pictures.image_ids_in(nested), [])
