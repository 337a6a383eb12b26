"""A reader's round trip in a real browser: Playwright driving Debian's Chromium."""

from django.test import override_settings

from dateline.articles.models import Article
from dateline.articles.services import publish_article, set_authors
from dateline.authors.models import Author
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
