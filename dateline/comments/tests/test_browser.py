"""A reader's round trip in a real browser: Playwright driving Debian's Chromium."""

import time
from unittest import mock

from django.test import override_settings

from dateline.articles.models import Article
from dateline.articles.services import publish_article, set_authors
from dateline.authors.models import Author
from dateline.comments import services
from dateline.comments.models import Comment
from dateline.test import BrowserTestCase
from dateline.topics.models import Topic


@override_settings(COMMENTS_MIN_FILL_SECONDS=0, COMMENTS_FLOOD_SECONDS=0)
class CommentInBrowserTestCase(BrowserTestCase):
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

    @override_settings(PAGE_CACHE_SECONDS=600)
    def test_a_cached_article_asks_python_for_nothing_until_the_reader_comments(self):
        url = self.live_server_url + self.article.get_absolute_url()
        self.browser.new_page().goto(url)  # the first view stores the page
        page = self.open_page()
        calls = []
        page.on("request", lambda r: r.resource_type in ("fetch", "xhr") and calls.append(r.url))

        response = page.goto(url, wait_until="networkidle")
        self.assertEqual(response.headers["x-cache"], "HIT")
        self.assertEqual(calls, [])  # no token fetched for a reader who only reads

        page.get_by_text("Show Comments").click()
        page.fill("#id_comment", "Worth reading to the end.")
        page.fill("#id_name", "Robin Reader")
        page.fill("#id_email", "robin@example.org")
        page.fill("#id_website", "https://robin.example.org/")
        page.get_by_role("button", name="Post Comment").click()
        page.wait_for_url("**held=*")

        self.assertEqual(calls, [self.live_server_url + "/comments/csrf/"])
        self.assertIn("awaiting moderation", page.locator("#comments").inner_text())
        self.assertEqual(page.problems, [])

    def test_a_second_press_while_the_comment_is_sent_does_not_send_it_twice(self):
        post_comment = services.post_comment

        def slow_post_comment(**fields):
            time.sleep(1.5)  # a slow network or a busy server
            return post_comment(**fields)

        page = self.open_page()
        page.goto(self.live_server_url + self.article.get_absolute_url())
        page.get_by_text("Show Comments").click()
        page.fill("#id_comment", "Pressed twice, posted once.")
        page.fill("#id_name", "Robin Reader")
        page.fill("#id_email", "robin@example.org")
        page.fill("#id_website", "https://robin.example.org/")
        # Both presses from the page's script: Playwright waits for the navigation its own
        # click starts. The second comes half a second later, while the first is at the
        # server, which takes a second and a half over it.
        press_twice = """() => {
            const button = document.querySelector("#respond button[type=submit]");
            button.click();
            setTimeout(() => button.click(), 500);
            return [button.textContent, button.getAttribute("aria-busy")];
        }"""
        with mock.patch.object(services, "post_comment", side_effect=slow_post_comment):
            shown = page.evaluate(press_twice)
            page.wait_for_url("**held=*")

        self.assertEqual(shown, ["Sending\u2026", "true"])
        self.assertEqual(Comment.objects.filter(body="Pressed twice, posted once.").count(), 1)
        self.assertIn("awaiting moderation", page.locator("#comments").inner_text())
        self.assertEqual(page.problems, [])
