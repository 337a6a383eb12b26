import json
import re
from datetime import UTC, datetime

from dateline.articles.services import after_change
from dateline.newsroom.models import ArticleUpdate
from dateline.test import BaseTestCase


def jsonld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


class NewsArticleTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.article = self.make_article(
            "Grid pact signed",
            dek="Two capitals share power after a cold winter.",
            published_at=datetime(2026, 3, 6, 9, 0, tzinfo=UTC),
            updated_at=datetime(2026, 3, 7, 6, 37, tzinfo=UTC),
        )
        ArticleUpdate.objects.create(
            article=self.article, kind="correction", note="The pact covers two grids, not three.",
            created_at=datetime(2026, 3, 7, 6, 37, tzinfo=UTC),
        )  # fmt: skip
        self.response = self.client.get(self.article.get_absolute_url())

    def test_it_describes_the_article_field_by_field(self):
        (data,) = jsonld(self.response)
        url = "http://testserver/news/world/grid-pact-signed/"
        self.assertEqual(data["@context"], "https://schema.org")
        self.assertEqual(data["@type"], "NewsArticle")
        self.assertEqual(data["headline"], "Grid pact signed")
        self.assertEqual(data["description"], "Two capitals share power after a cold winter.")
        self.assertEqual(data["datePublished"], "2026-03-06T09:00:00+00:00")
        self.assertEqual(data["dateModified"], "2026-03-07T06:37:00+00:00")
        self.assertEqual(data["mainEntityOfPage"]["@id"], url)
        self.assertEqual(
            data["author"],
            [{"@type": "Person", "name": "Alice Example",
              "url": "http://testserver/authors/alice-example/"}],
        )  # fmt: skip
        self.assertEqual(data["publisher"]["name"], "Dateline")
        self.assertEqual(data["articleSection"], "World")
        self.assertEqual(data["correction"][0]["text"], "The pact covers two grids, not three.")
        self.assertNotIn("image", data)

    def test_text_cannot_break_out_of_the_script(self):
        self.article.headline = "</script><script>alert(1)</script>"
        self.article.save()
        after_change(self.article)  # as the newsroom's admin does after a save
        r = self.client.get(self.article.get_absolute_url())
        self.assertNotContains(r, "</script><script>alert(1)")
        self.assertEqual(jsonld(r)[0]["headline"], "</script><script>alert(1)</script>")

    def test_sharing_tags_canonical_and_description(self):
        r = self.response
        url = "http://testserver/news/world/grid-pact-signed/"
        self.assertContains(r, f'<link rel="canonical" href="{url}">')
        self.assertContains(r, '<meta property="og:title" content="Grid pact signed">')
        self.assertContains(r, f'<meta property="og:url" content="{url}">')
        self.assertContains(r, '<meta property="og:type" content="article">')
        self.assertContains(r, '<meta name="twitter:card" content="summary">')
        self.assertContains(
            r, '<meta name="description" content="Two capitals share power after a cold winter.">'
        )


class BreadcrumbsTestCase(BaseTestCase):
    def test_topic_pages_have_a_breadcrumb_list(self):
        r = self.client.get("/news/world/")
        (data,) = jsonld(r)
        self.assertEqual(data["@type"], "BreadcrumbList")
        self.assertEqual(
            [(i["position"], i["name"], i["item"]) for i in data["itemListElement"]],
            [(1, "Home", "http://testserver/"), (2, "World", "http://testserver/news/world/")],
        )
        self.assertContains(r, '<link rel="canonical" href="http://testserver/news/world/">')
