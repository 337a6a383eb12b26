from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.test import BaseTestCase


class HomePageTestCase(BaseTestCase):
    def test_it_leads_with_the_latest_story(self):
        self.make_article("Older story", published_at=now() - timedelta(days=2))
        self.make_article("Newest story", published_at=now() - timedelta(minutes=5))

        r = self.client.get("/")

        html = r.content.decode()
        self.assertLess(html.index("Newest story"), html.index("Older story"))

    def test_it_has_a_block_for_each_main_topic(self):
        climate = self.make_topic("Climate", on_home_page=True, position=1)
        self.make_topic("Obscure", on_home_page=False)
        # Enough stories to push the climate one out of the "Latest" list.
        self.make_article("Rising seas", topic=climate, published_at=now() - timedelta(days=9))
        for n in range(10):
            self.make_article(f"World story {n}", published_at=now() - timedelta(hours=n + 1))

        r = self.client.get("/")

        self.assertContains(r, '<h2 id="topic-climate" class="section-title">', html=False)
        self.assertContains(r, "Rising seas")
        self.assertNotContains(r, 'id="topic-obscure"')

    def test_it_leaves_out_drafts_and_scheduled_stories(self):
        self.make_article("Secret draft", status=Article.Status.DRAFT)
        self.make_article("Tomorrow's story", published_at=now() + timedelta(days=1))

        r = self.client.get("/")

        self.assertNotContains(r, "Secret draft")
        self.assertNotContains(r, "Tomorrow")

    def test_it_says_so_when_nothing_is_published(self):
        self.assertContains(self.client.get("/"), "No stories have been published yet.")

    def test_its_query_count_does_not_grow_with_stories(self):
        self.make_article("First")
        self.client.get("/")  # warm the navigation cache
        with CaptureQueriesContext(connection) as few:
            self.client.get("/")

        for n in range(30):
            self.make_article(f"Story {n}", authors=[self.alice_author, self.make_author(f"W {n}")])
        with CaptureQueriesContext(connection) as many:
            self.client.get("/")

        self.assertEqual(len(few), len(many))
