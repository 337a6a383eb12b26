"""A reader's round trip in a real browser: Playwright driving Debian's Chromium."""

import os
import shutil
import unittest

from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.test import override_settings

from dateline.articles.models import Article
from dateline.articles.services import publish_article, set_authors
from dateline.authors.models import Author
from dateline.topics.models import Topic

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - the test extras install it
    sync_playwright = None


@unittest.skipIf(sync_playwright is None, "Playwright for Python is not installed")
@unittest.skipIf(CHROMIUM is None, "Chromium is not installed (Debian package: chromium)")
@override_settings(COMMENTS_MIN_FILL_SECONDS=0, COMMENTS_FLOOD_SECONDS=0)
class CommentInBrowserTestCase(StaticLiveServerTestCase):
    @classmethod
    def setUpClass(cls):
        # Playwright's sync API runs an event loop in this thread; the ORM calls made here
        # are still synchronous.
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )  # fmt: skip

    @classmethod
    def tearDownClass(cls):
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)

    def setUp(self):
        topic = Topic.objects.create(name="World", slug="world")
        author = Author.objects.create(display_name="Alice Example", slug="alice-example")
        self.article = Article.objects.create(
            headline="Harbour talks resume",
            slug="harbour-talks-resume",
            body="<p>Negotiators met again.</p>",
            primary_topic=topic,
        )
        set_authors(self.article, [author])
        publish_article(self.article)

    def test_a_reader_fixes_a_missing_field_and_sees_the_moderation_message(self):
        page = self.browser.new_page()
        page.goto(self.live_server_url + self.article.get_absolute_url())

        self.assertFalse(page.locator("#id_comment").is_visible())
        page.get_by_text("Show Comments").click()
        self.assertTrue(page.locator("#id_comment").is_visible())

        page.fill("#id_comment", "The harbour deal needs a timetable before winter.")
        page.fill("#id_name", "Robin Reader")
        page.fill("#id_website", "https://robin.example.org/")
        page.get_by_role("button", name="Post Comment").click()

        self.assertIn("Please enter your email.", page.locator("#respond").inner_text())
        self.assertEqual(
            page.input_value("#id_comment"), "The harbour deal needs a timetable before winter."
        )
        self.assertEqual(page.input_value("#id_name"), "Robin Reader")

        page.fill("#id_email", "robin@example.org")
        page.get_by_role("button", name="Post Comment").click()

        self.assertIn("awaiting moderation", page.locator("#comments").inner_text())
        self.assertIn("The harbour deal needs a timetable", page.locator("#comments").inner_text())
        page.close()
