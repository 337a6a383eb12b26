from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from dateline.articles.models import Article
from dateline.test import BaseTestCase


class AuthorPageTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.bruno = self.make_author("Bruno Byline")
        self.bruno.bio = "Covers the northern capitals."
        self.bruno.save()

    def test_it_shows_bio_and_stories_of_the_author(self):
        self.make_article("Bruno's scoop", authors=[self.bruno])
        self.make_article("Shared scoop", authors=[self.alice_author, self.bruno])
        self.make_article("Alice's scoop")
        self.make_article("Bruno's draft", authors=[self.bruno], status=Article.Status.DRAFT)

        r = self.client.get("/authors/bruno-byline/")

        self.assertContains(r, "<h1>Bruno Byline</h1>", html=True)
        self.assertContains(r, "Covers the northern capitals.")
        self.assertContains(r, "Bruno&#x27;s scoop")
        self.assertContains(r, "Shared scoop")
        self.assertNotContains(r, "Alice&#x27;s scoop")
        self.assertNotContains(r, "draft")

    def test_byline_links_lead_to_the_author_page(self):
        article = self.make_article(authors=[self.bruno])
        r = self.client.get(article.get_absolute_url())
        self.assertContains(r, 'href="/authors/bruno-byline/"')

    @override_settings(ARTICLES_PER_PAGE=1)
    def test_bad_page_numbers_are_404s(self):
        self.make_article("Only one", authors=[self.bruno])
        for page in ["2", "zero", ""]:
            with self.subTest(page=page):
                status = self.client.get(f"/authors/bruno-byline/?page={page}").status_code
                self.assertEqual(status, 200 if page == "" else 404)

    def test_unknown_author_is_404(self):
        self.assertEqual(self.client.get("/authors/nobody/").status_code, 404)

    def test_its_query_count_does_not_grow_with_stories(self):
        self.make_article("First", authors=[self.bruno])
        self.client.get("/authors/bruno-byline/")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/authors/bruno-byline/")

        for n in range(15):
            self.make_article(f"Story {n}", authors=[self.bruno, self.make_author(f"W{n}")])
        with CaptureQueriesContext(connection) as many:
            self.client.get("/authors/bruno-byline/")

        self.assertEqual(len(few), len(many))
