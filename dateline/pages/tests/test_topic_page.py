from datetime import timedelta

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.test import BaseTestCase


class TopicPageTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.climate = self.make_topic("Climate", description="Rising seas and energy.")

    def test_it_shows_name_description_and_stories_newest_first(self):
        self.make_article("Old flood", topic=self.climate, published_at=now() - timedelta(days=5))
        self.make_article("New flood", topics=[self.climate])
        self.make_article("Unrelated")

        r = self.client.get("/news/climate/")

        self.assertContains(r, "<h1>Climate</h1>", html=True)
        self.assertContains(r, "Rising seas and energy.")
        html = r.content.decode()
        self.assertLess(html.index("New flood"), html.index("Old flood"))
        self.assertNotContains(r, "Unrelated")

    def test_it_hides_drafts(self):
        self.make_article("Draft flood", topic=self.climate, status=Article.Status.DRAFT)
        self.assertNotContains(self.client.get("/news/climate/"), "Draft flood")

    @override_settings(ARTICLES_PER_PAGE=2)
    def test_it_paginates(self):
        for n in range(5):
            self.make_article(
                f"Flood {n}", topic=self.climate, published_at=now() - timedelta(hours=n + 1)
            )

        first = self.client.get("/news/climate/")
        third = self.client.get("/news/climate/?page=3")

        self.assertContains(first, "Page 1 of 3")
        self.assertContains(first, 'href="?page=2" rel="next"')
        self.assertContains(third, "Flood 4")
        self.assertNotContains(third, "Flood 0")

    @override_settings(ARTICLES_PER_PAGE=2)
    def test_bad_page_numbers_are_404s(self):
        for n in range(3):
            self.make_article(f"Flood {n}", topic=self.climate)
        for page in ["3", "0", "-1", "abc", "1.5", "99999999999999999999999", "%00", "2%27"]:
            with self.subTest(page=page):
                r = self.client.get(f"/news/climate/?page={page}")
                self.assertEqual(r.status_code, 404)
                self.assertContains(r, "We can't find that page", status_code=404)

    def test_unknown_topic_is_404(self):
        self.assertEqual(self.client.get("/news/no-such-topic/").status_code, 404)

    def test_its_query_count_does_not_grow_with_stories(self):
        self.make_article("First", topic=self.climate)
        self.client.get("/news/climate/")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/news/climate/")

        for n in range(15):
            self.make_article(
                f"Story {n}", topics=[self.climate], authors=[self.make_author(f"W{n}")]
            )
        with CaptureQueriesContext(connection) as many:
            self.client.get("/news/climate/")

        self.assertEqual(len(few), len(many))
