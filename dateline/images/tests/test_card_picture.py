"""Story cards show their lead image's small rendition (images/_card_picture.html): on the
front page, the topic, author and latest-stories pages and in the related block."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from dateline.images.models import LeadImage
from dateline.images.tests.base import ImagesTestCase, image_bytes

ALT = "Negotiators shake hands across a long table"
PIPELINE = (
    "<p>Engineers inspected the Ardak gas pipeline after the sabotage attempt at the pumping "
    "station. Pipeline operators said gas flows resumed and the pumping station was guarded.</p>"
)


def card_of(html, headline):
    """The card (an <article> element) whose headline is `headline`."""
    title = html.index(f">{headline}</a>")
    return html[html.rindex("<article", 0, title) : html.index("</article>", title)]


def media_url(rendition):
    return f"/media/{rendition['name']}"


class CardPictureTestCase(ImagesTestCase):
    def save_small_lead_image(self, article, alt=ALT):
        """A 1200 x 800 picture: WebP renditions at 480, 800 and 1200, a JPEG at 800."""
        return self.save_lead_image(image_bytes(1200, 800), article=article, data={"alt_text": alt})

    def test_a_card_with_a_lead_image_shows_its_small_rendition_lazily(self):
        lead_image = self.save_small_lead_image(self.article)
        webp = {r["width"]: media_url(r) for r in lead_image.renditions if r["format"] == "webp"}
        fallback = lead_image.fallback

        card = card_of(self.client.get("/news/world/").content.decode(), self.article.headline)

        source = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', card)
        self.assertEqual(source.group(1), f"{webp[480]} 480w, {webp[800]} 800w, {webp[1200]} 1200w")
        self.assertEqual(source.group(2), "(min-width: 36rem) 12rem, 36vw")
        self.assertInHTML(
            f'<img src="/media/{fallback["name"]}" width="480" height="320" alt="{ALT}" '
            'loading="lazy" decoding="async">',
            card,
        )
        self.assertLess(card.index("<picture"), card.index('class="card-title"'))

    def test_a_card_without_a_lead_image_shows_none(self):
        self.save_small_lead_image(self.article)
        self.make_article("Quiet day in Vessgard", published_at=now() - timedelta(hours=3))

        card = card_of(self.client.get("/news/world/").content.decode(), "Quiet day in Vessgard")

        self.assertNotIn("<picture", card)
        self.assertNotIn("<img", card)

    def test_a_card_shows_no_picture_until_its_renditions_are_made(self):
        lead_image = self.save_small_lead_image(self.article)
        LeadImage.objects.filter(pk=lead_image.pk).update(renditions=[])

        card = card_of(self.client.get("/news/world/").content.decode(), self.article.headline)

        self.assertNotIn("<img", card)

    def test_the_author_and_latest_stories_pages_show_the_pictures_too(self):
        self.save_small_lead_image(self.article)
        for url in (self.alice_author.get_absolute_url(), "/latest/", "/"):
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                self.assertIn(f'alt="{ALT}"', card_of(html, self.article.headline))

    def test_the_front_page_lead_story_loads_its_picture_first_and_the_others_lazily(self):
        older = self.make_article("Ferry strike ends", published_at=now() - timedelta(hours=5))
        self.save_small_lead_image(self.article, alt="Delegates around a table")
        self.save_small_lead_image(older, alt="A ferry at its berth")

        html = self.client.get("/").content.decode()

        lead = card_of(html, self.article.headline)
        self.assertIn("card-lead", lead)
        self.assertRegex(lead, r'<img [^>]*loading="eager" fetchpriority="high"')
        self.assertIn('sizes="(min-width: 48rem) 40rem, calc(100vw - 2rem)"', lead)
        other = card_of(html, "Ferry strike ends")
        self.assertRegex(other, r'<img [^>]*alt="A ferry at its berth" loading="lazy"')
        self.assertNotIn("fetchpriority", other)

    def test_the_related_block_shows_the_related_stories_pictures(self):
        with self.captureOnCommitCallbacks(execute=True):
            older = self.make_article(
                "Ardak pipeline sabotage foiled",
                body=PIPELINE,
                published_at=now() - timedelta(days=2),
            )
        self.save_small_lead_image(older, alt="A compressor station behind a fence")
        with self.captureOnCommitCallbacks(execute=True):
            article = self.make_article("Ardak pipeline repairs begin", body=PIPELINE)

        with CaptureQueriesContext(connection) as queries:
            html = self.client.get(article.get_absolute_url()).content.decode()

        block = html[html.index('<aside class="related"') :]
        card = card_of(block, "Ardak pipeline sabotage foiled")
        self.assertRegex(
            card, r'<img [^>]*alt="A compressor station behind a fence" loading="lazy"'
        )
        self.assertIn('sizes="(min-width: 35.5rem) 25rem, calc(100vw - 2rem)"', card)
        own = [q["sql"] for q in queries if q["sql"].startswith('SELECT "images_leadimage"')]
        self.assertEqual(own, [], "the lead images should come with the related stories")


class ListingQueriesTestCase(ImagesTestCase):
    """Pictures cost the listing pages no query of their own, however many cards show one."""

    def test_listing_pages_cost_the_same_queries_with_pictures(self):
        urls = ["/", "/news/world/", self.alice_author.get_absolute_url(), "/latest/"]
        counts = {}
        for url in urls:
            self.client.get(url)  # warm the navigation cache
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
            counts[url] = len(queries)

        for n in range(6):
            article = self.make_article(f"Story {n}", published_at=now() - timedelta(hours=n + 2))
            self.save_lead_image(image_bytes(640, 360), article=article)
        self.save_lead_image(image_bytes(640, 360))  # self.article's

        for url in urls:
            with self.subTest(url=url), self.assertNumQueries(counts[url]):
                html = self.client.get(url).content.decode()
            self.assertEqual(html.count('<picture class="card-picture">'), 7, url)
