import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.api.tests.base import ApiTestCase
from dateline.newsroom.services import record_change


class QueryCountTestCase(ApiTestCase):
    """Every list costs the same few queries however many rows it shows (and so does an
    article, however many topics, bylines, updates and related stories it has)."""

    def setUp(self):
        super().setUp()
        self.serial = itertools.count(1)

    def queries_for(self, url):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content)
        return len(queries)

    def add_rich_articles(self, count):
        """Articles with everything a list item shows: two topics, two authors, an image."""
        articles = []
        for n in itertools.islice(self.serial, count):
            topic = self.make_topic(f"Topic {n}")
            author = self.make_author(f"Author {n}")
            article = self.make_article(
                f"Story {n}", topics=[topic, self.world], authors=[author, self.alice_author]
            )
            self.make_lead_image(article, name=f"story-{n}")
            self.make_comment(article, f"Comment on story {n}")
            articles.append(article)
        return articles

    def assertConstantQueries(self, url, add_rows, most):
        add_rows(2)
        few = self.queries_for(url)
        add_rows(10)
        many = self.queries_for(url)
        self.assertEqual(few, many, f"{url}: {few} queries for a few rows, {many} for many")
        self.assertLessEqual(many, most)

    def test_the_article_list(self):
        # count, page, bylines with authors, topics
        self.assertConstantQueries("/api/v1/articles/", self.add_rich_articles, most=4)

    def test_the_article_list_filtered(self):
        noor = self.make_author("Noor Haddad")

        def add_rows(count):
            for n in itertools.islice(self.serial, count):
                self.make_article(f"Filtered story {n}", authors=[noor], topics=[self.world])

        # the topic, the author, then as unfiltered
        self.assertConstantQueries(
            "/api/v1/articles/?topic=world&author=noor-haddad&published_after=2000-01-01",
            add_rows,
            most=6,
        )

    def test_the_topic_list(self):
        def add_rows(count):
            for n in itertools.islice(self.serial, count):
                self.make_topic(f"Topic {n}")

        # count, page
        self.assertConstantQueries("/api/v1/topics/?page_size=100", add_rows, most=2)

    def test_the_author_list(self):
        def add_rows(count):
            for n in itertools.islice(self.serial, count):
                self.make_author(f"Writer {n}")

        self.assertConstantQueries("/api/v1/authors/?page_size=100", add_rows, most=2)

    def test_the_comment_list(self):
        article = self.make_article("Talks resume")

        def add_rows(count):
            for n in range(count):
                parent = self.make_comment(article, f"Comment {n}")
                self.make_comment(article, f"Reply {n}", parent=parent, depth=1)

        self.assertConstantQueries(
            f"/api/v1/articles/{article.pk}/comments/?page_size=100", add_rows, most=3
        )

    def test_an_article(self):
        article = self.make_article("Talks resume")
        self.make_lead_image(article)

        def add_rows(count):
            others = self.add_rich_articles(count)
            self.link_related(article, *others)
            article.topics.add(*[other.primary_topic for other in others])
            for other in others:
                record_change(article, kind="update", note=f"Added {other.headline}.")

        # the article with its primary topic and lead image, bylines, topics, the update
        # log, the related stories, its story
        self.assertConstantQueries(f"/api/v1/articles/{article.pk}/", add_rows, most=6)
