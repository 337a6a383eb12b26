from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import now

from dateline.articles.models import Article
from dateline.comments.models import Comment
from dateline.test import BaseTestCase


class ArticlePageTestCase(BaseTestCase):
    def test_it_shows_kicker_headline_byline_date_and_body(self):
        article = self.make_article(
            "Ministers agree on grid pact",
            dek="Two capitals share power after a cold winter.",
            published_at=datetime(2019, 3, 6, 9, 0, tzinfo=UTC),
            body="<p>The pact was signed at dawn.</p>",
        )

        r = self.client.get(article.get_absolute_url())

        self.assertEqual(r.status_code, 200)
        self.assertContains(r, '<p class="kicker"><a href="/news/world/">World</a></p>', html=True)
        self.assertContains(r, '<h1 id="headline">Ministers agree on grid pact</h1>', html=True)
        self.assertContains(r, "Two capitals share power after a cold winter.")
        self.assertContains(r, '<a href="/authors/alice-example/" rel="author">Alice Example</a>')
        self.assertContains(r, "March 6th, 2019")
        self.assertContains(r, "<p>The pact was signed at dawn.</p>", html=True)

    def test_it_orders_the_kicker_before_the_headline_before_the_body(self):
        article = self.make_article("Order matters", body="<p>Body text here.</p>")
        html = self.client.get(article.get_absolute_url()).content.decode()
        html = html[html.index("<main") :]
        self.assertLess(html.index('class="kicker"'), html.index('id="headline"'))
        self.assertLess(html.index('id="headline"'), html.index("Body text here."))

    def test_it_names_every_author_in_byline_order(self):
        bruno = self.make_author("Bruno Byline")
        carla = self.make_author("Carla Credit")
        article = self.make_article(authors=[carla, self.alice_author, bruno])

        r = self.client.get(article.get_absolute_url())

        html = r.content.decode()
        self.assertContains(r, "By ")
        self.assertLess(html.index("Carla Credit"), html.index("Alice Example"))
        self.assertLess(html.index("Alice Example"), html.index("Bruno Byline"))
        self.assertContains(r, "Alice Example</a> and <a")

    def test_it_shows_last_updated_line_in_reference_format(self):
        article = self.make_article(
            published_at=datetime(2019, 3, 6, 20, 0, tzinfo=UTC),
            updated_at=datetime(2019, 3, 7, 6, 37, tzinfo=UTC),
        )

        r = self.client.get(article.get_absolute_url())

        self.assertContains(r, "This post was last updated on")
        self.assertContains(r, "March 7th, 2019 at 06:37 am")

    def test_it_uses_pm_and_ordinal_suffixes(self):
        article = self.make_article(
            published_at=datetime(2019, 9, 1, 9, 0, tzinfo=UTC),
            updated_at=datetime(2019, 9, 12, 13, 28, tzinfo=UTC),
        )
        r = self.client.get(article.get_absolute_url())
        self.assertContains(r, "September 12th, 2019 at 01:28 pm")

    def test_it_hides_last_updated_line_when_never_updated(self):
        article = self.make_article(updated_at=None)
        r = self.client.get(article.get_absolute_url())
        self.assertNotContains(r, "last updated")

    def test_it_hides_last_updated_line_when_update_predates_publication(self):
        published = now() - timedelta(hours=2)
        article = self.make_article(
            published_at=published, updated_at=published - timedelta(days=1)
        )
        r = self.client.get(article.get_absolute_url())
        self.assertNotContains(r, "last updated")

    def test_it_links_further_topics(self):
        climate = self.make_topic("Climate")
        article = self.make_article(topics=[climate])
        r = self.client.get(article.get_absolute_url())
        self.assertContains(r, '<a href="/news/climate/">Climate</a>', html=True)

    def test_it_404s_drafts_for_readers(self):
        article = self.make_article(status=Article.Status.DRAFT)
        r = self.client.get(article.get_absolute_url())
        self.assertEqual(r.status_code, 404)

    def test_it_404s_scheduled_articles_until_their_time(self):
        article = self.make_article(published_at=now() + timedelta(hours=3))
        self.assertEqual(self.client.get(article.get_absolute_url()).status_code, 404)

    def test_it_redirects_old_topic_address_permanently(self):
        article = self.make_article()
        r = self.client.get(f"/news/some-old-topic/{article.slug}/")
        self.assertRedirects(r, article.get_absolute_url(), status_code=301)

    def test_it_escapes_headline_and_strips_scripts_from_body(self):
        article = self.make_article(
            "<script>alert(1)</script> Headline",
            slug="hostile",
            body='<p onclick="steal()">Text<script>alert(2)</script></p>'
            '<a href="javascript:alert(3)">x</a>',
        )
        r = self.client.get(article.get_absolute_url())
        self.assertNotContains(r, "<script>alert")
        self.assertNotContains(r, "onclick")
        self.assertNotContains(r, "javascript:")
        self.assertContains(r, "&lt;script&gt;alert(1)&lt;/script&gt; Headline")

    def test_it_runs_a_constant_number_of_queries(self):
        simple = self.make_article("Simple story")
        extra_topics = [self.make_topic(f"Topic {n}") for n in range(4)]
        extra_authors = [self.make_author(f"Writer {n}") for n in range(3)]
        busy = self.make_article(
            "Busy story", topics=extra_topics, authors=[self.alice_author, *extra_authors]
        )
        for n in range(3):
            Comment.objects.create(article=busy, body=f"Comment {n}", status="approved")
        self.client.get(self.make_article("Other story").get_absolute_url())  # navigation

        first_view, next_view = [], []
        for article in (simple, busy):
            for counts in (first_view, next_view):
                with CaptureQueriesContext(connection) as queries:
                    r = self.client.get(article.get_absolute_url())
                self.assertEqual(r.status_code, 200)
                counts.append(len(queries))

        # The first view renders the page's parts: the article with its primary topic, lead
        # image and stored parts, its bylines with authors, its further topics, its public
        # update log, its approved comments, its "You May Also Like" list and its place in
        # a story, if any (whether it is covered live comes from the cache); then it stores
        # the parts: one write, in a savepoint here (a test runs in a transaction).
        self.assertEqual(first_view, [10, 10])
        # The next ones join the stored parts: the article with its primary topic and parts.
        self.assertEqual(next_view, [1, 1])
