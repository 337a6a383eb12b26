from datetime import timedelta
from pathlib import Path

from django.test import override_settings
from django.utils.timezone import now
from lxml import etree

from dateline.feeds import sitemaps
from dateline.test import BaseTestCase

SCHEMAS = Path(__file__).parent / "schemas"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "n": "http://www.google.com/schemas/sitemap-news/0.9"}  # fmt: skip


def schema(name):
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


class SitemapsTestCase(BaseTestCase):
    def xml(self, url, xsd):
        r = self.client.get(url)
        self.assertEqual(r.status_code, 200)
        document = etree.fromstring(r.content)
        validator = schema(xsd)
        self.assertTrue(validator.validate(document), validator.error_log)
        return document

    def test_the_index_lists_article_topic_and_story_sitemaps(self):
        self.make_article("A story")
        index = self.xml("/sitemap.xml", "siteindex.xsd")
        locations = index.xpath("//s:loc/text()", namespaces=NS)
        self.assertEqual(
            locations,
            [
                "http://testserver/sitemap-articles.xml",
                "http://testserver/sitemap-topics.xml",
                "http://testserver/sitemap-stories.xml",
            ],
        )

    def test_article_and_topic_sitemaps_have_lastmod(self):
        story = self.make_article("A story", updated_at=now())
        self.make_article("A draft", status="draft")
        articles = self.xml("/sitemap-articles.xml", "sitemap.xsd")
        topics = self.xml("/sitemap-topics.xml", "sitemap.xsd")

        self.assertEqual(
            articles.xpath("//s:loc/text()", namespaces=NS),
            [f"http://testserver{story.get_absolute_url()}"],
        )
        self.assertEqual(
            articles.xpath("//s:lastmod/text()", namespaces=NS)[0][:16],
            story.updated_at.strftime("%Y-%m-%dT%H:%M"),
        )
        self.assertEqual(topics.xpath("//s:loc/text()", namespaces=NS),
                         ["http://testserver/news/world/"])  # fmt: skip
        self.assertEqual(len(topics.xpath("//s:lastmod", namespaces=NS)), 1)

    def test_big_sitemaps_are_split_at_the_protocols_limit(self):
        self.assertEqual(sitemaps.ArticleSitemap.limit, 50_000)
        for n in range(3):
            self.make_article(f"Story {n}")
        with override_settings():
            sitemaps.ArticleSitemap.limit = 2
            try:
                index = self.xml("/sitemap.xml", "siteindex.xsd")
                second = self.xml("/sitemap-articles.xml?p=2", "sitemap.xsd")
            finally:
                sitemaps.ArticleSitemap.limit = 50_000
        self.assertIn(
            "http://testserver/sitemap-articles.xml?p=2",
            index.xpath("//s:loc/text()", namespaces=NS),
        )
        self.assertEqual(len(second.xpath("//s:url", namespaces=NS)), 1)

    def test_the_news_sitemap_has_the_last_48_hours(self):
        fresh = self.make_article("Fresh story", published_at=now() - timedelta(hours=47))
        self.make_article("Stale story", published_at=now() - timedelta(hours=49))
        self.make_article("Future story", published_at=now() + timedelta(hours=1))

        news = self.xml("/sitemap-news.xml", "news-sitemap.xsd")

        self.assertEqual(news.xpath("//n:title/text()", namespaces=NS), ["Fresh story"])
        self.assertEqual(news.xpath("//n:name/text()", namespaces=NS), ["Dateline"])
        self.assertEqual(
            news.xpath("//s:loc/text()", namespaces=NS),
            [f"http://testserver{fresh.get_absolute_url()}"],
        )

    def test_robots_txt_points_to_the_sitemaps(self):
        r = self.client.get("/robots.txt")
        self.assertContains(r, "Sitemap: http://testserver/sitemap.xml")
        self.assertContains(r, "Disallow: /admin/")
