"""Story cards' pictures in a real browser, Playwright driving Debian's Chromium: on a
phone-sized front page, the pictures far below the fold are not fetched until the reader
scrolls to them, and then come from the WebP renditions their srcset offers."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.articles.services import publish_article, set_authors
from dateline.authors.models import Author
from dateline.images.models import LeadImage
from dateline.images.renditions import delete_files
from dateline.images.services import add_lead_image
from dateline.images.tests.base import image_bytes
from dateline.test import BrowserTestCase
from dateline.topics.models import Topic


class CardPicturesInBrowserTestCase(BrowserTestCase):
    def setUp(self):
        super().setUp()
        # The media folder the live server serves is the run's own (MEDIA_ROOT, read when
        # the URLs were loaded): the pictures made here are removed from it afterwards.
        self.addCleanup(self.delete_picture_files)
        author = Author.objects.create(display_name="Alice Example", slug="alice-example")
        topics = [
            Topic.objects.create(name=name, slug=name.lower(), on_home_page=True, position=n)
            for n, name in enumerate(["World", "Climate", "Economy", "Elections"])
        ]
        # The lead story and the six top stories, then four more in each other topic's
        # block: nineteen cards, one under another on a phone.
        stories = [(topics[0], n) for n in range(7)]
        stories += [(topic, 10 + 4 * t + n) for t, topic in enumerate(topics[1:]) for n in range(4)]
        for topic, hours in stories:
            article = Article.objects.create(
                headline=f"{topic.name} story {hours}", slug=f"story-{hours}",
                body="<p>Negotiators met again.</p>", primary_topic=topic,
            )  # fmt: skip
            set_authors(article, [author])
            publish_article(article, at=now() - timedelta(hours=hours + 1))
            add_lead_image(
                article,
                ContentFile(image_bytes(800, 450), name=f"story-{hours}.jpg"),
                alt_text=f"A red and a blue half, for {topic.name} story {hours}",
                credit="Dateline graphic",
            )

    def delete_picture_files(self):
        for lead_image in LeadImage.objects.all():
            delete_files(lead_image.image.storage, lead_image.stored_names())

    def test_pictures_below_the_fold_wait_for_the_reader_then_load_from_srcset(self):
        page = self.open_page()
        page.set_viewport_size({"width": 390, "height": 800})
        fetched = []
        page.on("request", lambda r: r.resource_type == "image" and fetched.append(r.url))

        page.goto(self.live_server_url + "/", wait_until="load")

        pictures = page.locator(".card-picture img")
        self.assertEqual(pictures.count(), 19)
        loading = pictures.evaluate_all("images => images.map(image => image.loading)")
        self.assertEqual(loading, ["eager"] + ["lazy"] * 18)
        last = pictures.last
        offered = [
            self.live_server_url + candidate.split()[0]
            for candidate in page.locator(".card-picture source")
            .last.get_attribute("srcset")
            .split(", ")
        ]
        self.assertGreater(last.bounding_box()["y"], 5000)  # far below the fold
        self.assertEqual([url for url in fetched if url in offered], [])

        last.scroll_into_view_if_needed()
        last.evaluate("image => image.decode()")  # waits until it has loaded

        current = last.evaluate("image => image.currentSrc")
        self.assertIn(current, offered)
        self.assertTrue(current.endswith("-480w.webp"), current)  # the card's width
        self.assertEqual(page.problems, [])
